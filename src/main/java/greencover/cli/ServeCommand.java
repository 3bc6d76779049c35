package greencover.cli;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.http.GreenCoverServer;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code serve}: opens the data directory, loads the samples into an empty catalog, starts the server. */
final class ServeCommand {
    static final String USAGE = """
            Usage: java -jar greencover.jar serve [--host 0.0.0.0] [--port 8080] [--data ./data] [--samples ./sample-tiles | --no-samples]
                                                  [--jdbc-url URL --jdbc-user U --jdbc-password P] [--max-upload-mb 2048]
                                                  [--tile-cache-mb 256] [--min-free-mb 256] [--token-file F] [--basemap URL]
                                                  [--memory-budget-mb N] [--ingests 1] [--ingest-queue 4]
                                                  [--body-timeout-s 30] [--cors-origins '*'] [--cors-write-origins O1,O2]
                                                  [--scene-store s3://bucket/prefix | DIR] [--s3-endpoint URL]

              --host           address to listen on (default 0.0.0.0: every interface; 127.0.0.1: this machine
                               only; env GREENCOVER_HOST)
              --port           HTTP port (default 8080, env GREENCOVER_PORT)
              --data           data directory: H2 database, scene files, token (default ./data, env GREENCOVER_DATA)
              --samples        sample folder loaded when the catalog is empty (default ./sample-tiles, and when
                               there is none, the samples built into the jar)
              --no-samples     start with an empty catalog
              --jdbc-url       use this database instead of the embedded H2 file (e.g. jdbc:postgresql://host/db;
                               env GREENCOVER_JDBC_URL, GREENCOVER_JDBC_USER, GREENCOVER_JDBC_PASSWORD)
              --max-upload-mb  largest scene upload accepted (default 2048, env GREENCOVER_MAX_UPLOAD_MB)
              --tile-cache-mb  memory for encoded maps and tiles (default 256, env GREENCOVER_TILE_CACHE_MB; 0 = off)
              --min-free-mb    disk space writes must leave free on the data directory, else 507 (default 256,
                               env GREENCOVER_MIN_FREE_MB)
              --token-file     where the generated write token is kept (default <data>/token, env GREENCOVER_TOKEN_FILE)
              --basemap        XYZ URL template of the viewer's base map (default none, env GREENCOVER_BASEMAP)
              --memory-budget-mb  heap that uncached maps, ingests and ad-hoc statistics may hold together; past it
                               503 + Retry-After (default: half the heap beside the tile cache, at least 64;
                               env GREENCOVER_MEMORY_BUDGET_MB; wait for room: GREENCOVER_ADMISSION_WAIT_MS, 2000)
              --ingests        ingests that run at once (default 1, env GREENCOVER_INGESTS)
              --ingest-queue   further ingests that may wait; past them 429 + Retry-After (default 4,
                               env GREENCOVER_INGEST_QUEUE)
              --body-timeout-s longest pause in a request body, and longest time an anonymous body may take;
                               past it 408 (default 30, env GREENCOVER_BODY_TIMEOUT_S; anonymous bodies are at
                               most GREENCOVER_MAX_ANONYMOUS_BODY_KB, 1024)
              --cors-origins   browser origins allowed to read, comma-separated (default *, env GREENCOVER_CORS_ORIGINS)
              --cors-write-origins  browser origins allowed to write with the token (default none,
                               env GREENCOVER_CORS_WRITE_ORIGINS)
              --scene-store    where scene files are kept: a folder (e.g. a shared volume) or s3://bucket/prefix
                               (default the data directory, env GREENCOVER_SCENE_STORE; credentials and region from
                               AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION; local raster cache
                               GREENCOVER_S3_CACHE_MB, 2048)
              --s3-endpoint    URL of an S3-compatible service (MinIO, Ceph, ...; path-style requests; default
                               AWS, env GREENCOVER_S3_ENDPOINT)

            Writes need 'Authorization: Bearer <token>'. The token is GREENCOVER_TOKEN, or one generated at first
            start, stored in the token file and printed once.""";

    private ServeCommand() {}

    static int run(String[] args) throws Exception {
        Options o = new Options(args, Set.of("host", "port", "data", "samples", "jdbc-url", "jdbc-user", "jdbc-password", "max-upload-mb",
                "tile-cache-mb", "min-free-mb", "token-file", "basemap", "memory-budget-mb", "ingests", "ingest-queue", "body-timeout-s",
                "cors-origins", "cors-write-origins", "scene-store", "s3-endpoint"),
                Set.of("no-samples"), USAGE);
        if (o.help()) {
            System.out.println(USAGE);
            return 0;
        }
        AppConfig cfg = config(o, USAGE).withResolvedToken(System.out::println);
        greencover.app.Background background;
        try {
            background = AppConfig.serveBackground();
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException(e.getMessage() + "\n\n" + USAGE);
        }
        Services services = Services.open(cfg, background);
        Path samples = cfg.samplesDir();
        if (samples != null && services.isEmpty()) {
            if (Files.isDirectory(samples)) {
                SampleLoader.load(samples, services, System.out::println);
            } else if (samples.equals(AppConfig.DEFAULT_SAMPLES_DIR) && BundledSamples.present()) {
                Path extracted = BundledSamples.extract(); // no ./sample-tiles here: the copy built into the jar
                try {
                    SampleLoader.load(extracted, services, line -> System.out.println(line.replace(extracted.toString(), "the jar")));
                } finally {
                    BundledSamples.delete(extracted);
                }
            } else {
                System.out.println("no sample folder at " + samples.toAbsolutePath() + "; starting with an empty catalog");
            }
        }
        Javalin app = GreenCoverServer.create(cfg, services);
        boolean embedded = cfg.jdbcUrl() == null; // only the embedded catalog is held by one process
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (embedded) RunningServer.withdraw(cfg.dataDir());
            app.stop();
            services.close();
        }));
        app.start(cfg.host(), cfg.port());
        if (embedded) { // so that 'ingest' on this data directory uploads through this server instead of refusing
            String local = cfg.host().equals("0.0.0.0") ? "127.0.0.1" : cfg.host().equals("::") ? "[::1]"
                    : cfg.host().contains(":") ? "[" + cfg.host() + "]" : cfg.host();
            RunningServer.announce(cfg.dataDir(), "http://" + local + ":" + app.port());
        }
        String shown = cfg.host().equals(AppConfig.DEFAULT_HOST) ? "localhost" : cfg.host().contains(":") ? "[" + cfg.host() + "]" : cfg.host();
        System.out.println("GreenCover is serving on http://" + shown + ":" + app.port() + "/  (data: " + cfg.dataDir().toAbsolutePath() + ")");
        return 0;
    }

    /** Defaults, then the environment, then the flags of {@code o}; a value that does not parse is a usage error. */
    static AppConfig config(Options o, String usage) {
        try {
            AppConfig.Builder b = AppConfig.fromEnvironment();
            if (o.get("host") != null) b.host(o.get("host"));
            if (o.get("port") != null) b.port(o.intValue("port", 0));
            if (o.get("data") != null) b.dataDir(Path.of(o.get("data")));
            if (o.flag("no-samples")) b.samplesDir(null);
            else if (o.get("samples") != null) b.samplesDir(Path.of(o.get("samples")));
            b.jdbcOverrides(o.get("jdbc-url"), o.get("jdbc-user"), o.get("jdbc-password"));
            b.sceneStoreOverrides(o.get("scene-store"), o.get("s3-endpoint"));
            if (o.get("max-upload-mb") != null) b.maxUploadBytes((long) o.intValue("max-upload-mb", 0) << 20);
            if (o.get("tile-cache-mb") != null) {
                int mb = o.intValue("tile-cache-mb", 0);
                if (mb < 0) throw new Options.UsageException("--tile-cache-mb must be 0 or more but was " + mb);
                b.tileCacheBytes((long) mb << 20);
            }
            if (o.get("min-free-mb") != null) {
                int mb = o.intValue("min-free-mb", 0);
                if (mb < 0) throw new Options.UsageException("--min-free-mb must be 0 or more but was " + mb);
                b.minFreeBytes((long) mb << 20);
            }
            if (o.get("token-file") != null) b.tokenFile(Path.of(o.get("token-file")));
            if (o.get("basemap") != null) b.basemapUrl(o.get("basemap"));
            if (o.get("memory-budget-mb") != null) {
                int mb = o.intValue("memory-budget-mb", 0);
                if (mb < 1) throw new Options.UsageException("--memory-budget-mb must be 1 or more but was " + mb);
                b.admission(b.admission().withMemoryBudgetBytes((long) mb << 20));
            }
            if (o.get("ingests") != null) b.admission(b.admission().withIngests(o.intValue("ingests", 1), b.admission().ingestsWaiting()));
            if (o.get("ingest-queue") != null) {
                b.admission(b.admission().withIngests(b.admission().ingestsRunning(), o.intValue("ingest-queue", 4)));
            }
            if (o.get("body-timeout-s") != null) {
                int seconds = o.intValue("body-timeout-s", 30);
                if (seconds < 1) throw new Options.UsageException("--body-timeout-s must be 1 or more but was " + seconds);
                b.admission(b.admission().withBodyTimeoutMillis(seconds * 1000L));
            }
            if (o.get("cors-origins") != null) b.corsOrigins(AppConfig.Builder.list(o.get("cors-origins")));
            if (o.get("cors-write-origins") != null) b.corsWriteOrigins(AppConfig.Builder.list(o.get("cors-write-origins")));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException(e.getMessage() + "\n\n" + usage);
        }
    }
}
