package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a real server, read as Prometheus text: per route template and status request counts, ingest
 * counts and bytes, map-cache hits and misses, JVM/process/catalog families, a {@code # HELP} line for every
 * family, and {@code promtool check metrics} clean where Debian's {@code prometheus} package is installed.
 */
class MetricsHttpTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String SITE = """
            {"type":"Feature","id":"%s","properties":{},
             "geometry":{"type":"Polygon","coordinates":[[[116.40,25.20],[116.41,25.20],[116.41,25.21],[116.40,25.21],[116.40,25.20]]]}}""";
    private static final String MAP = "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:32650"
            + "&BBOX=500000,2799960,500040,2800000&WIDTH=4&HEIGHT=4&FORMAT=image/png&TRANSPARENT=TRUE";

    @TempDir Path dir;

    @Test
    void eachRouteTemplateCountsExactlyItsRequestsPerMethodAndStatus() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("dump-a")).statusCode()).isEqualTo(201);
            for (int i = 0; i < 3; i++) assertThat(server.get("/api/v1/sites/dump-a").statusCode()).isEqualTo(200);
            for (int i = 0; i < 2; i++) assertThat(server.get("/api/v1/sites/nowhere").statusCode()).isEqualTo(404);
            assertThat(head(server, "/api/v1/sites/dump-a")).isEqualTo(200);
            for (int i = 0; i < 4; i++) assertThat(server.get("/tiles/ndvi/0/0/0.png").statusCode()).isEqualTo(200);
            assertThat(server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities").statusCode()).isEqualTo(200);
            assertThat(server.get("/wms?SERVICE=WMS&REQUEST=Nonsense").statusCode()).isEqualTo(400);
            for (int i = 0; i < 2; i++) assertThat(server.get("/no/such/path/" + i).statusCode()).isEqualTo(404);
            assertThat(server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/sites/dump-a"))).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401); // refused before its handler
            // 1 POST + 3 + 2 + 1 HEAD + 4 tiles + 2 WMS + 2 unmatched + 1 DELETE = 16 requests before the first scrape
            Scrape m = scrapeAfter(server, 16);

            String requests = "http_server_requests_seconds_count";
            assertThat(m.value(requests, "method", "POST", "uri", "/api/v1/sites", "status", "201")).isEqualTo(1);
            assertThat(m.value(requests, "method", "GET", "uri", "/api/v1/sites/{id}", "status", "200")).isEqualTo(3);
            assertThat(m.value(requests, "method", "GET", "uri", "/api/v1/sites/{id}", "status", "404")).isEqualTo(2);
            assertThat(m.value(requests, "method", "HEAD", "uri", "/api/v1/sites/{id}", "status", "200")).isEqualTo(1);
            assertThat(m.value(requests, "method", "GET", "uri", "/tiles/{layer}/{z}/{x}/{y}", "status", "200")).isEqualTo(4);
            assertThat(m.value(requests, "method", "GET", "uri", "/wms", "status", "200")).isEqualTo(1);
            assertThat(m.value(requests, "method", "GET", "uri", "/wms", "status", "400")).isEqualTo(1);
            assertThat(m.value(requests, "method", "GET", "uri", "unmatched", "status", "404")).isEqualTo(2);
            assertThat(m.value(requests, "method", "DELETE", "uri", "/api/v1/sites/{id}", "status", "401")).isEqualTo(1);
            // the raw paths never become labels
            assertThat(m.text).doesNotContain("dump-a").doesNotContain("nowhere").doesNotContain("/no/such/path");
            // a latency histogram per series: its +Inf bucket holds every request
            assertThat(m.value("http_server_requests_seconds_bucket", "method", "GET", "uri", "/api/v1/sites/{id}", "status", "200", "le", "+Inf"))
                    .isEqualTo(3);
        }
    }

    @Test
    void ingestsAreCountedByOutcomeWithTheBytesOfTheirFiles() throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        long bytes = Files.size(red) + Files.size(nir);
        String[][] fields = {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}};
        Object[][] parts = {{"red", red}, {"nir", nir}};
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            Scrape before = scrapeAfter(server, 0);
            assertThat(before.value("greencover_ingests_total", "outcome", "created")).isZero();
            assertThat(before.value("greencover_catalog_scenes")).isZero();

            assertThat(server.postMultipart("/api/v1/scenes", fields, parts, TestServer.TOKEN).statusCode()).isEqualTo(201);
            assertThat(server.postMultipart("/api/v1/scenes", fields, parts, TestServer.TOKEN).statusCode()).isEqualTo(200);
            assertThat(server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "not-a-date"}},
                    parts, TestServer.TOKEN).statusCode()).isEqualTo(400);
            Scrape m = scrapeAfter(server, 4);

            assertThat(m.value("greencover_ingests_total", "outcome", "created")).isEqualTo(1);
            assertThat(m.value("greencover_ingests_total", "outcome", "duplicate")).isEqualTo(1);
            assertThat(m.value("greencover_ingests_total", "outcome", "refused")).isEqualTo(1);
            assertThat(m.value("greencover_ingests_total", "outcome", "failed")).isZero();
            assertThat(m.value("greencover_ingest_uploaded_bytes_total", "outcome", "created")).isEqualTo(bytes);
            assertThat(m.value("greencover_ingest_uploaded_bytes_total", "outcome", "duplicate")).isEqualTo(bytes);
            assertThat(m.value("greencover_ingest_uploaded_bytes_total", "outcome", "refused")).isEqualTo(bytes);
            assertThat(m.value("greencover_ingest_duration_seconds_count", "outcome", "created")).isEqualTo(1);
            assertThat(m.value("greencover_catalog_scenes")).isEqualTo(1);
            assertThat(m.value("http_server_requests_seconds_count", "method", "POST", "uri", "/api/v1/scenes", "status", "201"))
                    .isEqualTo(1);
        }
    }

    @Test
    void mapCacheHitsAndMissesFollowTheRequests() throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertThat(server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                    new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN).statusCode()).isEqualTo(201);
            Scrape before = scrapeAfter(server, 1);
            // one map three times (1 miss, 2 hits), another once (1 miss), the first again (1 hit): 2 misses, 3 hits
            List<String> xCache = new ArrayList<>();
            for (String q : List.of(MAP, MAP, MAP, MAP.replace("WIDTH=4&HEIGHT=4", "WIDTH=8&HEIGHT=8"), MAP)) {
                HttpResponse<byte[]> r = server.getBytes(q);
                assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                xCache.add(r.headers().firstValue("X-Cache").orElse(""));
            }
            assertThat(xCache).containsExactly("MISS", "HIT", "HIT", "MISS", "HIT");
            Scrape after = scrapeAfter(server, 1 + 1 + 5);
            assertThat(after.value("greencover_map_cache_misses_total") - before.value("greencover_map_cache_misses_total")).isEqualTo(2);
            assertThat(after.value("greencover_map_cache_hits_total") - before.value("greencover_map_cache_hits_total")).isEqualTo(3);
            assertThat(after.value("greencover_map_cache_evictions_total")).isZero(); // 32 MiB hold two tiny maps
            assertThat(after.value("greencover_map_cache_entries") - before.value("greencover_map_cache_entries")).isEqualTo(2);
            assertThat(after.value("greencover_map_cache_max_bytes")).isEqualTo(32L << 20); // AppConfig.forTests
        }
    }

    @Test
    void evictionsCountTheTilesDroppedToStayWithinTheBudget() throws Exception {
        // with no scene every tile is the same blank PNG of s bytes; a budget of 2.5 s keeps two of them, so four
        // distinct tiles evict the 1st (when the 3rd comes) and the 2nd (when the 4th comes): 2 evictions, 2 entries
        long s;
        try (TestServer probe = new TestServer(dir.resolve("probe"))) {
            HttpResponse<byte[]> t = probe.getBytes("/tiles/ndvi/3/0/0.png");
            assertThat(t.statusCode()).isEqualTo(200);
            s = t.body().length;
        }
        AppConfig cfg = AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().tileCacheBytes(s * 5 / 2).build();
        try (TestServer server = new TestServer(cfg)) {
            List<String> xCache = new ArrayList<>();
            for (int x = 0; x < 4; x++) {
                HttpResponse<byte[]> t = server.getBytes("/tiles/ndvi/3/" + x + "/0.png");
                assertThat(t.statusCode()).isEqualTo(200);
                assertThat((long) t.body().length).isEqualTo(s);
                xCache.add(t.headers().firstValue("X-Cache").orElse(""));
            }
            HttpResponse<byte[]> again = server.getBytes("/tiles/ndvi/3/3/0.png"); // the newest is still kept
            assertThat(again.headers().firstValue("X-Cache")).hasValue("HIT");
            assertThat(xCache).containsExactly("MISS", "MISS", "MISS", "MISS");
            Scrape m = scrapeAfter(server, 5);
            assertThat(m.value("greencover_map_cache_misses_total")).isEqualTo(4);
            assertThat(m.value("greencover_map_cache_hits_total")).isEqualTo(1);
            assertThat(m.value("greencover_map_cache_evictions_total")).isEqualTo(2);
            assertThat(m.value("greencover_map_cache_entries")).isEqualTo(2);
            assertThat(m.value("greencover_map_cache_bytes")).isEqualTo(2 * s);
            assertThat(m.value("greencover_map_cache_max_bytes")).isEqualTo(s * 5 / 2);
        }
    }

    @Test
    void everyFamilyHasHelpTextAndTheExpectedFamiliesAreThere() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertThat(server.get("/api/v1/sites").statusCode()).isEqualTo(200);
            Scrape m = scrapeAfter(server, 1);
            assertThat(m.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            Map<String, String> help = new LinkedHashMap<>();
            Set<String> typed = new LinkedHashSet<>();
            for (String line : m.text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String[] p = line.split(" ", 4);
                    help.put(p[2], p.length > 3 ? p[3].strip() : "");
                } else if (line.startsWith("# TYPE ")) {
                    typed.add(line.split(" ")[2]);
                }
            }
            assertThat(typed).isNotEmpty();
            for (String family : typed) assertThat(help.get(family)).as("HELP of " + family).isNotBlank();
            assertThat(typed).contains("http_server_requests_seconds", "greencover_ingests_total",
                    "greencover_ingest_duration_seconds", "greencover_ingest_uploaded_bytes_total",
                    "greencover_map_cache_hits_total", "greencover_map_cache_misses_total", "greencover_map_cache_evictions_total",
                    "greencover_map_cache_bytes", "greencover_map_cache_entries", "greencover_catalog_sites", "greencover_catalog_scenes",
                    "jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_gc_live_data_size_bytes",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage", "process_cpu_seconds_total", "process_uptime_seconds", "process_files_open_files");
        }
    }

    @Test
    void promtoolFindsNoProblem() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "no /usr/bin/promtool (Debian package prometheus)");
        Path red = TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            // every kind of series present: requests with several labels, an ingest, a cache miss and hit
            assertThat(server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                    new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN).statusCode()).isEqualTo(201);
            server.getBytes(MAP);
            server.getBytes(MAP);
            server.get("/no/such/path");
            Scrape m = scrapeAfter(server, 4);
            Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(m.text.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isBlank();
        }
    }

    private static int head(TestServer server, String path) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url(path))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * {@code /metrics} once it has recorded at least {@code requests} requests other than scrapes. A request is
     * recorded right after its answer is written, so a scrape sent at once may still miss the last one; this asks
     * again a bounded number of times (the count it waits for is the test's own, never the code's).
     */
    private static Scrape scrapeAfter(TestServer server, int requests) throws Exception {
        Scrape s = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            s = new Scrape(server.get("/metrics"));
            assertThat(s.response.statusCode()).isEqualTo(200);
            if (s.requestsOtherThanScrapes() >= requests) return s;
            Thread.sleep(50);
        }
        return s;
    }

    /** One scrape, parsed enough to read a sample by name and labels. */
    private static final class Scrape {
        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        final HttpResponse<String> response;
        final String text;

        Scrape(HttpResponse<String> response) {
            this.response = response;
            this.text = response.body();
        }

        /** The one sample named {@code name} whose labels include {@code labels} (name, value, ...); fails unless exactly one. */
        double value(String name, String... labels) {
            List<Double> found = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches() || !m.group(1).equals(name)) continue;
                Map<String, String> have = labels(m.group(3));
                boolean all = true;
                for (int i = 0; i < labels.length; i += 2) all &= labels[i + 1].equals(have.get(labels[i]));
                if (all) found.add(Double.parseDouble(m.group(4)));
            }
            assertThat(found).as(name + " " + List.of(labels) + " in\n" + text).hasSize(1);
            return found.get(0);
        }

        long requestsOtherThanScrapes() {
            long n = 0;
            for (String line : text.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (m.matches() && m.group(1).equals("http_server_requests_seconds_count")
                        && !"/metrics".equals(labels(m.group(3)).get("uri"))) {
                    n += (long) Double.parseDouble(m.group(4));
                }
            }
            return n;
        }

        private static Map<String, String> labels(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            if (text == null) return out;
            Matcher l = LABEL.matcher(text);
            while (l.find()) out.put(l.group(1), l.group(2));
            return out;
        }
    }
}
