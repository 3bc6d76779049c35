package greencover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.raster.BandRole;
import greencover.core.raster.SensorParameter;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.domain.DataDirectoryInUseException;
import greencover.domain.StartupRefusedException;
import greencover.service.BandInput;
import greencover.service.IngestRequest;
import greencover.service.SceneService;
import greencover.service.error.GreenCoverException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ingest}: ingests scenes from disk with the same fields as the HTTP upload, showing progress. */
final class IngestCommand {
    static final String USAGE = """
            Usage: java -jar greencover.jar ingest [--data ./data] [--jdbc-url URL --jdbc-user U --jdbc-password P] --sensor S --acquired DATE [--name N]
                       [sensor options, below]
                       ( --file scene.tif --bands red,nir,mask | --red B04.tif --nir B08.tif [--mask SCL.tif] [--blue ..] [--swir1 ..] [--nir08 B8A.tif] [--qa_radsat QA_RADSAT.tif] )
                   java -jar greencover.jar ingest [--data ./data] --manifest sample-tiles/manifest.json

              --acquired   ISO date or date-time (UTC)
              --manifest   ingest every scene (and the sites) of a sample manifest
              --data, --jdbc-*  the catalog, as for 'serve' (env GREENCOVER_DATA, GREENCOVER_JDBC_URL, ...)
            Beside a running 'serve' on the same embedded data directory, the scene is uploaded through that server's
            API (POST /api/v1/scenes, with GREENCOVER_TOKEN or the server's token file); a --manifest needs the server stopped.
            """ + sensorUsage(SensorProviders.defaults());

    private IngestCommand() {}

    static int run(String[] args) throws Exception {
        SensorProviders sensors = SensorProviders.defaults();
        Set<String> names = new HashSet<>(Set.of("data", "jdbc-url", "jdbc-user", "jdbc-password", "sensor", "acquired", "name",
                "file", "bands", "manifest", "scene-store", "s3-endpoint"));
        for (BandRole r : BandRole.values()) names.add(r.key());
        for (SensorProvider p : sensors.all()) for (SensorParameter q : p.parameters()) names.add(option(q.name()));
        if (args.length == 0) { // nothing to ingest: the help, and no data directory created
            System.out.println(USAGE);
            return 2;
        }
        Options o = new Options(args, names, Set.of(), USAGE);
        if (o.help()) {
            System.out.println(USAGE);
            return 0;
        }
        checkBeforeOpening(o);
        AppConfig cfg = ServeCommand.config(o, USAGE);
        Services opened;
        try {
            opened = Services.open(cfg, greencover.app.Background.NONE); // no imports, watches or alerts of its own
        } catch (DataDirectoryInUseException inUse) {
            return besideTheServer(o, cfg, sensors, inUse);
        }
        try (Services services = opened) {
            if (o.get("manifest") != null) {
                Path m = Path.of(o.get("manifest"));
                SampleLoader.load(m.getParent() == null ? Path.of(".") : m.getParent(), services, System.out::println);
                return 0;
            }
            List<BandInput> bands = new ArrayList<>();
            if (o.get("file") != null) {
                Path f = existing(o.get("file"), "file");
                String spec = o.get("bands");
                if (spec == null) throw new Options.UsageException("--file needs --bands (e.g. red,nir,mask)\n\n" + USAGE);
                String[] roles = spec.split(",");
                for (int i = 0; i < roles.length; i++) bands.add(new BandInput(BandRole.parse(roles[i].trim()), f, i, "file"));
            }
            for (BandRole r : BandRole.values()) {
                if (o.get(r.key()) != null) bands.add(new BandInput(r, existing(o.get(r.key()), r.key()), 0, r.key()));
            }
            Map<String, String> fields = new LinkedHashMap<>(); // every sensor's options, validated by the chosen sensor
            for (SensorProvider p : sensors.all()) {
                for (SensorParameter q : p.parameters()) if (o.get(option(q.name())) != null) fields.put(q.name(), o.get(option(q.name())));
            }
            IngestRequest req = new IngestRequest(bands, o.get("sensor"), o.get("acquired"), o.get("name"), fields);
            long t0 = System.nanoTime();
            Progress bar = Progress.forStdout();
            SceneService.IngestResult r;
            try {
                r = services.scenes().ingest(req, bar::accept);
            } finally {
                bar.end();
            }
            for (String w : r.warnings()) System.out.println("warning: " + w);
            printScene(r.duplicate(), r.scene().id(), r.scene().name(), r.scene().date().toString(), t0, "", r.statistics().size());
            for (var s : r.statistics()) {
                printSite(s.siteId(), s.statistics().validFraction(), s.statistics().mean(), s.statistics().greenFraction());
            }
            return 0;
        } catch (GreenCoverException e) {
            System.err.println("error (" + e.code() + (e.field() == null ? "" : ", " + e.field()) + "): " + e.getMessage());
            return 1;
        }
    }

    /**
     * The embedded catalog is held by a running {@code serve}: when that server recorded its address
     * ({@link RunningServer}) and answers, the scene goes through its {@code POST /api/v1/scenes} with the write token
     * (GREENCOVER_TOKEN, else the server's token file); otherwise the one-line refusal stands.
     */
    private static int besideTheServer(Options o, AppConfig cfg, SensorProviders sensors, DataDirectoryInUseException inUse)
            throws InterruptedException {
        if (o.get("manifest") != null) throw inUse; // a manifest also creates sites: stop the server, or use the API
        URI base = RunningServer.find(cfg.dataDir()).orElseThrow(() -> inUse);
        String token = ApiUpload.token(cfg.token(), cfg.tokenFile());
        if (token == null) {
            throw new StartupRefusedException("the data directory " + cfg.dataDir().toAbsolutePath() + " is in use by the server at "
                    + base + ", and no write token was found to upload through its API: set GREENCOVER_TOKEN");
        }
        ApiUpload up = new ApiUpload();
        if (o.get("file") != null) {
            up.file("file", existing(o.get("file"), "file"));
            if (o.get("bands") == null) throw new Options.UsageException("--file needs --bands (e.g. red,nir,mask)\n\n" + USAGE);
            up.field("bands", o.get("bands"));
        }
        for (BandRole r : BandRole.values()) if (o.get(r.key()) != null) up.file(r.key(), existing(o.get(r.key()), r.key()));
        up.field("sensor", o.get("sensor")).field("acquired", o.get("acquired")).field("name", o.get("name"));
        for (SensorProvider p : sensors.all()) {
            for (SensorParameter q : p.parameters()) up.field(q.name(), o.get(option(q.name())));
        }
        System.out.println("the data directory is in use by the server at " + base + ": uploading through its API");
        long t0 = System.nanoTime();
        ApiUpload.Answer a;
        try {
            a = up.send(base, token);
        } catch (java.io.IOException e) {
            throw new StartupRefusedException("the upload to the server at " + base + " failed (" + e.getMessage()
                    + "); stop the server and ingest again, or upload through POST /api/v1/scenes");
        }
        JsonNode b = a.body() == null ? NullNode.getInstance() : a.body();
        if (a.status() != 200 && a.status() != 201) {
            System.err.println("error (" + b.path("error").asText("http " + a.status())
                    + (b.hasNonNull("field") ? ", " + b.path("field").asText() : "") + "): " + b.path("detail").asText("the server answered " + a.status()));
            return 1;
        }
        for (JsonNode w : b.path("warnings")) System.out.println("warning: " + w.asText());
        JsonNode scene = b.path("scene");
        printScene(b.path("duplicate").asBoolean(), scene.path("id").asText(), scene.path("name").asText(), scene.path("date").asText(),
                t0, " through " + base, b.path("statistics").size());
        for (JsonNode st : b.path("statistics")) {
            printSite(st.path("site").asText(), st.path("validFraction").asDouble(), st.path("mean").asDouble(),
                    st.path("greenFraction").asDouble());
        }
        return 0;
    }

    /** The result line of an ingest that started at {@code t0} (nanoTime), locally or {@code via} a server. */
    private static void printScene(boolean duplicate, String id, String name, String date, long t0, String via, int statistics) {
        System.out.printf("%s scene %s (%s, %s) in %.1f s%s; %d site statistics%n", duplicate ? "already stored:" : "ingested",
                id, name, date, (System.nanoTime() - t0) / 1e9, via, statistics);
    }

    /** One site's line under the result: its valid share, mean NDVI and green share. */
    private static void printSite(String site, double validFraction, double mean, double greenFraction) {
        System.out.printf("  %-28s valid %5.1f%%  mean NDVI %.3f  green %5.1f%%%n", site, 100 * validFraction, mean, 100 * greenFraction);
    }

    private static Path existing(String p, String field) {
        Path f = Path.of(p);
        if (!Files.isRegularFile(f)) throw new Options.UsageException("--" + field + ": no such file " + p);
        return f;
    }

    /**
     * The usage errors that need no catalog, found before the data directory is opened (and created): a scene needs
     * a sensor, a date and its files, or a manifest.
     */
    static void checkBeforeOpening(Options o) {
        if (!o.positional().isEmpty()) {
            throw new Options.UsageException("unexpected argument '" + o.positional().get(0) + "': files are given with --file or a "
                    + "band option (--red, --nir, ...)\n\n" + USAGE);
        }
        if (o.get("manifest") != null) {
            if (!Files.isRegularFile(Path.of(o.get("manifest")))) throw new Options.UsageException("--manifest: no such file " + o.get("manifest"));
            return;
        }
        boolean anyBand = o.get("file") != null;
        for (BandRole r : BandRole.values()) anyBand |= o.get(r.key()) != null;
        if (!anyBand) throw new Options.UsageException("nothing to ingest: give --file with --bands, or --red and --nir (or --manifest)\n\n" + USAGE);
        if (o.get("sensor") == null) throw new Options.UsageException("--sensor is required (" + String.join(" | ", SensorProviders.defaults().ids()) + ")");
        if (o.get("acquired") == null) throw new Options.UsageException("--acquired is required (an ISO date such as 2024-06-01)");
    }

    /** The option spelling of a sensor parameter: {@code processingBaseline} is {@code --processing-baseline}. */
    static String option(String parameter) {
        return parameter.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** The sensor ids and each sensor's options, from the registry. */
    static String sensorUsage(SensorProviders sensors) {
        StringBuilder b = new StringBuilder("\n  --sensor     " + String.join(" | ", sensors.ids()) + "\n");
        for (SensorProvider p : sensors.all()) {
            for (SensorParameter q : p.parameters()) {
                b.append(String.format(java.util.Locale.ROOT, "  --%-20s %s: %s%n", option(q.name()), p.id(), q.description()));
            }
        }
        return b.toString();
    }
}
