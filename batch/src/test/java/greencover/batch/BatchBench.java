package greencover.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.geojson.GeoJsonCodec;
import greencover.service.series.SeriesPoint;
import greencover.service.series.SeriesQuery;
import greencover.service.source.SourcePolicy;
import greencover.testing.FullSizeStac;
import greencover.testing.PostgresServer;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The bench of {@code bench/spark/run.sh} (a program, not a test; see bench/spark/README.md), in one sitting:
 * <ol>
 *   <li>{@code ITEMS} timed and {@code WARMUP} warm-up full-size Sentinel-2 L2A-style items ({@link FullSizeStac}: B04,
 *       B08 10980 x 10980 and SCL 5490 x 5490 COGs, about 234 MB per item, written once under {@code work/stac} and
 *       reused), served over loopback by the range server in its own JVM; a static STAC search answer
 *       ({@code timed/search}) lists the timed items only;</li>
 *   <li>20 sites, a 5 x 4 grid inside the patch around the Zijinshan dump, where NDVI is exactly
 *       {@code 0.32 + 0.02 (i mod 30)} on item {@code i};</li>
 *   <li>per mode a fresh catalog (a new PostgreSQL database, schema and the 20 sites written before the clock starts)
 *       and a fresh scene store; a warm-up pass over the warm-up items into a scratch catalog in the same JVMs (JIT,
 *       class loading, connection pools), then the timed pass: the STAC search and every item found, ingested with its
 *       sites, exactly as {@code POST /api/v1/imports} does it;</li>
 *   <li>modes {@code local1}, {@code local2} (the job in this JVM), {@code cluster} (a standalone Master and two Workers
 *       of one core each, {@link SparkCluster}, the job's driver in this JVM in client mode, executors on the Workers),
 *       {@code server} (a {@code greencover.jar serve} process on the same kind of catalog: the warm-up items by
 *       {@code POST /api/v1/scenes} and deleted again, then the timed {@code POST /api/v1/imports}, polled until done).</li>
 * </ol>
 * For every pass: wall time, items/s, (item x site)/s, per-item time, and the CPU time of each process involved (from
 * /proc: this JVM, the range server, PostgreSQL and its backends, the cluster's JVMs, the server) and of the whole
 * machine, so that what the second core did is accounted for. Every catalog is checked afterwards: ITEMS scenes, and
 * each site's NDVI mean the hand-computed value on every item, the same in every mode.
 *
 * <p>Settings (system properties): {@code bench.work}, {@code bench.items} (48), {@code bench.warmup} (8),
 * {@code bench.rounds} (1: local1 and local2 alternate this many times), {@code bench.modes}
 * ({@code local1,local2,cluster,server}), {@code bench.catalog} ({@code postgres}, or {@code h2} for the local modes
 * and the server), {@code bench.rangePort} (18197), {@code bench.serverJar}, {@code bench.sites} (the sample
 * sites.geojson, for the dump's outline), {@code greencover.batch.jar}, {@code greencover.spark.home},
 * {@code greencover.spark.flags}.
 */
public final class BatchBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final int SITES = 20;
    private static final double HZ = 100; // USER_HZ, the unit of /proc/<pid>/stat times

    private final Path work;
    private final int items, warmup;
    private final boolean h2;
    private final List<FullSizeStac.Item> timed, warm;
    private final String stacApi;
    private final String sitesJson;
    private final List<String> siteIds = new ArrayList<>();
    private PostgresServer pg;
    private Process range;
    private SparkCluster cluster;
    private Process server;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> checked = new LinkedHashMap<>();
    private int catalogs;

    /** One timed pass. */
    record Row(String mode, String catalog, double wall, int items, long pairs, double itemMeanMs, double itemMedianMs,
               double ingestMeanMs, Map<String, Double> cpu, double machineBusy, double gcSeconds, double jitSeconds) {}

    private BatchBench(Path work, int items, int warmup, boolean h2, Path dumpSites, int rangePort) throws Exception {
        this.work = work;
        this.items = items;
        this.warmup = warmup;
        this.h2 = h2;
        Path stac = Files.createDirectories(work.resolve("stac"));
        String base = "http://127.0.0.1:" + rangePort + "/";
        long t0 = System.nanoTime();
        FullSizeStac.Patch patch = FullSizeStac.patch(FullSizeStac.dumpFeature(dumpSites));
        List<FullSizeStac.Item> all = FullSizeStac.ensure(stac, base, items + warmup, patch);
        timed = all.subList(0, items);
        warm = all.subList(items, items + warmup);
        long bytes = 0;
        for (FullSizeStac.Item i : all) bytes += i.fileBytes();
        System.out.printf(Locale.ROOT, "items: %d timed + %d warm-up, %.0f MB of COGs (%.0f MB per item), ready in %.1f s%n",
                items, warmup, bytes / 1e6, bytes / 1e6 / all.size(), (System.nanoTime() - t0) / 1e9);
        // the timed search answer: the timed items only, as one page
        ArrayNode features = JSON.createArrayNode();
        for (FullSizeStac.Item i : timed) features.add(JSON.readTree(stac.resolve("items").resolve(i.id() + ".json").toFile()));
        ObjectNode search = JSON.createObjectNode().put("type", "FeatureCollection");
        search.set("features", features);
        search.putArray("links");
        Files.createDirectories(stac.resolve("timed"));
        Files.write(stac.resolve("timed").resolve("search"), JSON.writeValueAsBytes(search));
        stacApi = base + "timed/";
        sitesJson = sites(patch);
        for (JsonNode f : JSON.readTree(sitesJson).path("features")) siteIds.add(f.path("id").asText());
    }

    /** 20 rectangles in a 5 x 4 grid over the patch, each the middle 60 % of its cell (in EPSG:32650). */
    static String sites(FullSizeStac.Patch p) {
        double x0 = FullSizeStac.ULX + 10 * p.c0(), x1 = FullSizeStac.ULX + 10 * p.c1();
        double y1 = FullSizeStac.ULY - 10 * p.r0(), y0 = FullSizeStac.ULY - 10 * p.r1();
        double w = (x1 - x0) / 5, h = (y1 - y0) / 4;
        List<String> f = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double a = x0 + i * w + 0.2 * w, b = y1 - j * h - 0.2 * h;
                f.add(StacFixture.site("zj-" + i + "-" + j, Math.round(a), Math.round(b - 0.6 * h), Math.round(a + 0.6 * w), Math.round(b)));
            }
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", f) + "]}";
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("bench.work", "/tmp/gc-spark-bench")).toAbsolutePath();
        int items = Integer.getInteger("bench.items", 48), warmup = Integer.getInteger("bench.warmup", 8);
        int rounds = Integer.getInteger("bench.rounds", 1);
        List<String> modes = List.of(System.getProperty("bench.modes", "local1,local2,cluster,server").split(","));
        boolean h2 = System.getProperty("bench.catalog", "postgres").equals("h2");
        int rangePort = Integer.getInteger("bench.rangePort", 18197);
        Path dumpSites = Path.of(System.getProperty("bench.sites", "sample-tiles/sites.geojson"));
        BatchBench b = new BatchBench(work, items, warmup, h2, dumpSites, rangePort);
        try {
            b.startRangeServer(rangePort);
            b.pg = PostgresServer.startStandalone();
            System.out.println("load before: " + Files.readString(Path.of("/proc/loadavg")).trim());
            if (modes.stream().anyMatch(m -> m.startsWith("local"))) b.warmThisJvm();
            for (int r = 0; r < rounds; r++) {
                if (modes.contains("local1")) b.local(1, false);
                if (modes.contains("local2")) b.local(2, false);
            }
            for (int r = 0; r < rounds; r++) {
                if (modes.contains("local1-noalerts")) b.local(1, true);
                if (modes.contains("local2-noalerts")) b.local(2, true);
            }
            if (modes.contains("cluster")) b.cluster();
            if (modes.contains("server")) b.server(Path.of(System.getProperty("bench.serverJar", "target/greencover.jar")));
            System.out.println("load after: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            b.close();
        }
        String md = b.table();
        System.out.print(md);
        Files.writeString(work.resolve("results.md"), md);
        System.out.println("results: " + work.resolve("results.md"));
    }

    // ---- the modes

    /**
     * The job on {@code local[cores]}. {@code noAlerts}: an analysis only, not a comparison with the server: the
     * catalog's hook after every new scene is replaced by nothing, in this JVM. Since the job evaluates each site's
     * alerts once at its end rather than after each scene ({@code Services#alertsAfterEachIngest}), that hook already
     * does nothing in the job, and these rows differ from the plain ones only by noise.
     */
    private void local(int cores, boolean noAlerts) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("bench-local" + cores)
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            job(jsc, "local[" + cores + "]" + (noAlerts ? " without alerts" : ""), h2 ? "h2" : "postgres", noAlerts);
        }
    }

    /**
     * The local modes share this JVM, so the JIT work of the first would serve the later ones: before any of them, two
     * passes over the warm-up items on local[2] (untimed, into scratch catalogs) bring its compiled code to where the
     * later modes find it. Each mode still has its own warm-up pass.
     */
    private void warmThisJvm() throws Exception {
        long t0 = System.nanoTime();
        double jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0;
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("bench-jvm-warm-up")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            List<String> urls = warm.stream().map(FullSizeStac.Item::url).toList();
            for (int k = 0; k < 2; k++) {
                BatchJob.run(jsc, settings(prepare("JVM warm-up", h2), urls, null, urls.size()));
                Catalogs.closeAll();
            }
        }
        System.out.printf(Locale.ROOT, "this JVM warmed up in %.1f s (JIT %.1f s)%n", (System.nanoTime() - t0) / 1e9,
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0 - jit0);
    }

    /** Opens the job's catalog of {@code s} in this JVM (as its tasks will) with no hook after a new scene (see {@link #local}). */
    private static void withoutAlerts(JobSettings s) throws Exception {
        Services svc = Catalogs.of(s);
        java.lang.reflect.Field f = greencover.service.SceneService.class.getDeclaredField("completed");
        f.setAccessible(true);
        f.set(svc.scenes(), (java.util.function.Consumer<greencover.domain.Scene>) scene -> { });
    }

    private void cluster() throws Exception {
        String home = System.getProperty("greencover.spark.home"), jar = System.getProperty("greencover.batch.jar");
        if (home == null || jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the cluster mode needs -Dgreencover.spark.home and -Dgreencover.batch.jar (bench/spark/run.sh builds them)");
        }
        long t0 = System.nanoTime();
        cluster = new SparkCluster(Path.of(home), System.getProperty("greencover.spark.flags", ""), reset(work.resolve("spark")), 2, "1g");
        System.out.printf(Locale.ROOT, "cluster: Master and 2 Workers up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        SparkConf conf = new SparkConf().setMaster(cluster.masterUrl()).setAppName("bench-cluster")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.jars", Path.of(jar).toUri().toString()).set("spark.executor.memory", "1g")
                .set("spark.executor.cores", "1").set("spark.cores.max", "2");
        try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
            long end = System.nanoTime() + 120_000_000_000L;
            while (jsc.sc().statusTracker().getExecutorInfos().length < 3) { // the driver and two executors
                if (System.nanoTime() > end) throw new IllegalStateException("the two executors did not register; see " + work.resolve("spark"));
                Thread.sleep(200);
            }
            job(jsc, "cluster 2 x 1 core", "postgres", false);
        } finally {
            cluster.close();
            cluster = null;
        }
    }

    /** The warm-up pass into a scratch catalog, then the timed pass into a fresh one, on {@code jsc}. */
    private void job(JavaSparkContext jsc, String mode, String catalog, boolean noAlerts) throws Exception {
        boolean embedded = catalog.equals("h2");
        Catalog scratch = prepare(mode + " warm-up", embedded);
        List<String> warmUrls = warm.stream().map(FullSizeStac.Item::url).toList();
        JobSettings ws = settings(scratch, warmUrls, null, warmUrls.size());
        if (noAlerts) withoutAlerts(ws);
        BatchJob.Report w = BatchJob.run(jsc, ws);
        if (w.count(ItemOutcome.Status.STORED) != warmup) throw new IllegalStateException("warm-up: " + w.line());
        Catalogs.closeAll();
        Catalog c = prepare(mode, embedded);
        JobSettings ts = settings(c, List.of(), stacApi, items);
        // the driver's catalog opened before the clock starts, as the server's is before its import (the executors of a
        // cluster open theirs within the pass: that is the job's own cost)
        Catalogs.of(ts);
        if (noAlerts) withoutAlerts(ts);
        Map<Path, Long> logs = logSizes();
        Snapshot s0 = snapshot();
        long t0 = System.nanoTime();
        BatchJob.Report r = BatchJob.run(jsc, ts);
        double wall = (System.nanoTime() - t0) / 1e9;
        Snapshot s1 = snapshot();
        Catalogs.closeAll();
        if (r.count(ItemOutcome.Status.STORED) != items) throw new IllegalStateException(mode + ": " + r.line());
        List<Long> ms = r.outcomes().stream().map(ItemOutcome::millis).sorted().toList();
        record(mode, catalog, wall, r.itemSitePairs(), ms, ingestMillis(logs), s0, s1);
        check(mode, c);
    }

    /** The sizes of the logs that may say "ingest scene=... NNNms": this JVM's stderr (run.sh), the executors', the server's. */
    private Map<Path, Long> logSizes() throws IOException {
        Map<Path, Long> m = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(List.of(work.resolve("bench.log"), work.resolve("server.log")));
        if (Files.isDirectory(work.resolve("spark"))) {
            try (Stream<Path> s = Files.walk(work.resolve("spark"))) {
                s.filter(p -> p.getFileName().toString().equals("stderr")).forEach(files::add);
            }
        }
        for (Path f : files) if (Files.isRegularFile(f)) m.put(f, Files.size(f));
        return m;
    }

    /** The ingests' own times (read, derive, summarise, commit: SceneService's log line) logged since {@code before}. */
    private List<Long> ingestMillis(Map<Path, Long> before) throws IOException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("ingest scene=\\S+ date=\\S+ size=\\S+ sites=\\d+ summaries=\\d+ (\\d+)ms");
        List<Long> ms = new ArrayList<>();
        for (var e : logSizes().entrySet()) {
            long from = before.getOrDefault(e.getKey(), 0L);
            if (e.getValue() <= from) continue;
            String text;
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(e.getKey().toFile(), "r")) {
                byte[] b = new byte[(int) (e.getValue() - from)];
                f.seek(from);
                f.readFully(b);
                text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            java.util.regex.Matcher m = line.matcher(text);
            while (m.find()) ms.add(Long.parseLong(m.group(1)));
        }
        ms.sort(null);
        return ms;
    }

    private JobSettings settings(Catalog c, List<String> itemUrls, String api, int partitions) {
        return new JobSettings(c.db == null ? null : c.db.url(), c.db == null ? null : c.db.user(), c.db == null ? null : c.db.password(),
                c.data.toString(), itemUrls, api, api == null ? List.of() : List.of(FullSizeStac.COLLECTION), null, null, null,
                null, null, 1, 100, partitions, c.data.resolve("failures.tsv").toString(), true, -1, null);
    }

    private void server(Path jar) throws Exception {
        Catalog c = prepare("server", h2);
        int port = SparkCluster.freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx2g", "-jar", jar.toString(), "serve", "--no-samples",
                "--data", c.data.toString(), "--port", Integer.toString(port)));
        if (c.db != null) cmd.addAll(List.of("--jdbc-url", c.db.url(), "--jdbc-user", c.db.user()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
        pb.environment().put("GREENCOVER_SOURCE_ALLOW_PRIVATE", "true");
        pb.environment().put("GREENCOVER_TOKEN", TOKEN);
        server = pb.start();
        String url = "http://127.0.0.1:" + port;
        for (int i = 0; ; i++) {
            try {
                if (get(url + "/api/v1/sites").statusCode() == 200) break;
            } catch (IOException notYet) {
                if (!server.isAlive() || i > 600) throw new IllegalStateException("the server did not start; see " + work.resolve("server.log"));
            }
            Thread.sleep(200);
        }
        // warm-up: the same ingest path, one item at a time, then removed again (the catalog is as fresh as the job's)
        for (FullSizeStac.Item it : warm) {
            HttpResponse<String> res = post(url + "/api/v1/scenes", "{\"stacItem\":\"" + it.url() + "\"}");
            if (res.statusCode() != 201) throw new IllegalStateException("server warm-up " + it.id() + ": " + res.statusCode() + " " + res.body());
            String id = JSON.readTree(res.body()).at("/scene/id").asText();
            HttpResponse<String> del = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/scenes/" + id))
                    .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (del.statusCode() / 100 != 2) throw new IllegalStateException("server warm-up delete " + id + ": " + del.statusCode() + " " + del.body());
        }
        Map<Path, Long> logs = logSizes();
        ObjectNode spec = JSON.createObjectNode().put("stacApi", stacApi);
        spec.putArray("collections").add(FullSizeStac.COLLECTION);
        ArrayNode ids = spec.putArray("sites");
        siteIds.forEach(ids::add);
        Snapshot s0 = snapshot();
        long t0 = System.nanoTime();
        HttpResponse<String> started = post(url + "/api/v1/imports", spec.toString());
        if (started.statusCode() != 202) throw new IllegalStateException("POST /api/v1/imports: " + started.statusCode() + " " + started.body());
        String id = JSON.readTree(started.body()).path("id").asText();
        JsonNode imp;
        while (true) {
            imp = JSON.readTree(get(url + "/api/v1/imports/" + id).body());
            String status = imp.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) break;
            Thread.sleep(200); // the client's polling costs the server little; the import's own times are printed too
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Snapshot s1 = snapshot();
        if (!imp.path("status").asText().equals("done") || imp.at("/items/ingested").asInt() != items) {
            throw new IllegalStateException("the import ended " + imp);
        }
        double serverSide = java.time.Duration.between(java.time.Instant.parse(imp.path("startedAt").asText()),
                java.time.Instant.parse(imp.path("finishedAt").asText())).toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "server: import %s done, %.2f s by the client's clock, %.2f s from startedAt to finishedAt%n", id, wall, serverSide);
        List<Long> ingest = ingestMillis(logs);
        server.destroy();
        server.waitFor();
        server = null;
        // the import does not report per-item times: its items follow one another on one thread
        List<Long> perItem = java.util.Collections.nCopies(items, Math.round(serverSide * 1000 / items));
        record("server POST /api/v1/imports", h2 ? "h2" : "postgres", wall, (long) items * SITES, perItem, ingest, s0, s1);
        check("server", c);
    }

    // ---- catalogs

    /** A fresh catalog: a scene store directory and a new database (or an embedded one in it), schema and sites written. */
    private record Catalog(Path data, PostgresServer.Database db) {}

    private Catalog prepare(String label, boolean embedded) throws Exception {
        Path data = reset(work.resolve("runs").resolve("c" + (++catalogs)));
        PostgresServer.Database db = embedded ? null : pg.database();
        try (Services s = open(data, db)) {
            s.sites().add(GeoJsonCodec.sites(JSON.readTree(sitesJson)));
        }
        return new Catalog(data, db);
    }

    private static Services open(Path data, PostgresServer.Database db) {
        AppConfig.Builder b = AppConfig.builder().port(0).samplesDir(null).dataDir(data).sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        if (db != null) b.jdbc(db.url(), db.user(), db.password());
        return Services.open(b.build());
    }

    /** ITEMS scenes; every site's NDVI mean on item i is 0.32 + 0.02 (i mod 30); the series the same in every mode. */
    private void check(String mode, Catalog c) {
        try (Services s = open(c.data, c.db)) {
            int scenes = s.scenes().list(null, null, null).size();
            if (scenes != items) throw new IllegalStateException(mode + ": " + scenes + " scenes in the catalog, not " + items);
            for (String site : siteIds) {
                List<SeriesPoint> p = s.series().timeseries(site, new SeriesQuery("ndvi", greencover.service.series.DateRange.ALL, null, 0,
                        greencover.core.zonal.PixelRule.EXACT, greencover.service.series.Composite.NONE, greencover.core.zonal.Statistic.MEAN)).points();
                if (p.size() != items) throw new IllegalStateException(mode + ": site " + site + " has " + p.size() + " points, not " + items);
                for (int i = 0; i < items; i++) {
                    double want = 0.32 + 0.02 * (i % 30), got = p.get(i).statistics().mean();
                    if (Math.abs(got - want) > 1e-4) throw new IllegalStateException(mode + ": site " + site + " item " + i + ": NDVI " + got + ", not " + want);
                }
                String key = p.stream().map(q -> q.date() + " " + q.statistics()).toList().toString();
                String before = checked.putIfAbsent(site, key);
                if (before != null && !before.equals(key)) throw new IllegalStateException(mode + ": site " + site + "'s series differs from the first mode's");
            }
        }
        System.out.println(mode + ": checked, " + items + " scenes, " + siteIds.size() + " sites, NDVI means as computed by hand, series as in the first mode");
    }

    // ---- processes and CPU time

    private void startRangeServer(int port) throws Exception {
        String cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", cp, "greencover.testing.RangeFileServer",
                work.resolve("stac").toString(), Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(work.resolve("range-server.log").toFile());
        range = pb.start();
        for (int i = 0; ; i++) {
            try {
                if (get(stacApi + "search").statusCode() == 200) return;
            } catch (IOException notYet) {
                if (!range.isAlive() || i > 300) throw new IllegalStateException("the range server did not start; see " + work.resolve("range-server.log"));
            }
            Thread.sleep(100);
        }
    }

    /** CPU seconds of each process (with its descendants and the children it reaped), and the machine's busy seconds. */
    record Snapshot(Map<String, Double> cpu, double machineBusy, double gc, double jit) {}

    private Snapshot snapshot() throws IOException {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("bench JVM", ticks(ProcessHandle.current().pid()) / HZ);
        cpu.put("range server", tree(range.pid()) / HZ);
        cpu.put("PostgreSQL", pg == null ? 0 : tree(pg.pid()) / HZ);
        double cl = 0;
        if (cluster != null) for (Process p : cluster.processes()) cl += tree(p.pid()) / HZ;
        cpu.put("cluster JVMs", cl);
        cpu.put("server", server == null ? 0 : tree(server.pid()) / HZ);
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]); // all but idle, iowait
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) gc += Math.max(0, b.getCollectionTime());
        return new Snapshot(cpu, busy / HZ, gc / 1000.0, ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0);
    }

    /** utime + stime + cutime + cstime of {@code pid}, in ticks; 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long tree(long pid) {
        long t = ticks(pid);
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h != null) t += h.descendants().mapToLong(d -> ticks(d.pid())).sum();
        return t;
    }

    private void record(String mode, String catalog, double wall, long pairs, List<Long> ms, List<Long> ingest, Snapshot s0, Snapshot s1) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String k : s1.cpu().keySet()) cpu.put(k, s1.cpu().get(k) - s0.cpu().get(k));
        double mean = ms.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        double median = ms.isEmpty() ? Double.NaN : ms.get(ms.size() / 2);
        double ingestMean = ingest.size() == items ? ingest.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) : Double.NaN;
        Row r = new Row(mode, catalog, wall, items, pairs, mean, median, ingestMean, cpu, s1.machineBusy() - s0.machineBusy(), s1.gc() - s0.gc(), s1.jit() - s0.jit());
        rows.add(r);
        System.out.printf(Locale.ROOT, "BENCH %s (%s): %d items x %d sites in %.2f s: %.2f items/s, %.1f (item x site)/s; per item mean %.0f ms (ingest proper %.0f ms); CPU s %s; machine busy %.1f s%n",
                mode, catalog, items, SITES, wall, items / wall, pairs / wall, mean, ingestMean, cpu, r.machineBusy());
    }

    private String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%d full-size items (10980 x 10980 B04/B08, 5490 x 5490 SCL) x %d sites, %d warm-up items first in each mode, nproc %d%n%n",
                items, SITES, warmup, Runtime.getRuntime().availableProcessors()));
        b.append("| mode | catalog | wall s | items/s | (item x site)/s | per item ms mean / median | of which the ingest proper, mean | CPU s: job or server JVMs | PostgreSQL | range server | all ours | machine busy | others' | GC s / JIT s (bench JVM) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            // the job's JVMs (the bench JVM is the job in local mode, its driver in the cluster), or the server (the
            // bench JVM is then only its client; counted in "all ours")
            double job = r.mode().startsWith("server") ? r.cpu().get("server") : r.cpu().get("bench JVM") + r.cpu().get("cluster JVMs");
            double ours = sum(r);
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.1f | %.0f / %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    r.mode(), r.catalog(), r.wall(), r.items() / r.wall(), r.pairs() / r.wall(), r.itemMeanMs(), r.itemMedianMs(), r.ingestMeanMs(), job,
                    r.cpu().get("PostgreSQL"), r.cpu().get("range server"), ours, r.machineBusy(), Math.max(0, r.machineBusy() - ours),
                    r.mode().startsWith("local") ? String.format(Locale.ROOT, "%.1f / %.1f", r.gcSeconds(), r.jitSeconds()) : "–"));
        }
        b.append('\n');
        for (String variant : new String[] {"", " without alerts"}) efficiency(b, variant);
        return b.toString();
    }

    private void efficiency(StringBuilder b, String variant) {
        List<Row> l1 = rows.stream().filter(r -> r.mode().equals("local[1]" + variant)).toList();
        List<Row> l2 = rows.stream().filter(r -> r.mode().equals("local[2]" + variant)).toList();
        for (int i = 0; i < Math.min(l1.size(), l2.size()); i++) {
            Row a = l1.get(i), c = l2.get(i);
            double ours1 = sum(a) / a.wall(), ours2 = sum(c) / c.wall();
            b.append(String.format(Locale.ROOT, "scaling efficiency 1 -> 2 cores%s: (items/s local[2]) / (2 x items/s local[1]) = %.3f / (2 x %.3f) = %.2f; "
                            + "cores our processes kept busy: %.2f with local[1], %.2f with local[2]; CPU s per item, all ours: %.3f and %.3f%n",
                    variant + (l1.size() > 1 ? " (round " + (i + 1) + ")" : ""), items / c.wall(), items / a.wall(), (items / c.wall()) / (2 * items / a.wall()),
                    ours1, ours2, sum(a) / items, sum(c) / items));
        }
    }

    private static double sum(Row r) { return r.cpu().values().stream().mapToDouble(Double::doubleValue).sum(); }

    private HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String javaBin() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    private static Path reset(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    private void close() {
        Catalogs.closeAll();
        if (cluster != null) cluster.close();
        for (Process p : new Process[] {server, range}) {
            if (p == null) continue;
            p.destroy();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pg != null) pg.close();
    }
}
