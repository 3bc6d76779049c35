package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorProviders;
import greencover.store.DiskSpace;
import greencover.store.jdbc.JdbcStore;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes on a full disk (README "Disk"): refused with 507 and a JSON error, nothing of them kept, reads unaffected,
 * and writes working again once space is freed, without a restart. The full disk is a real one: a 24 MiB tmpfs
 * mounted for the test (skipped, with the reason, where mounting is not allowed), filled by a file written until
 * the kernel answers "No space left on device". The reserve alone is checked on the test's ordinary disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskFullHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"%s","properties":{"name":"Pit"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500035,2799965],[500035,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path tmp;
    private Path mount;
    private String mountRefused;
    private int files;

    @BeforeAll
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory("greencover-diskfull-");
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString())
                    .redirectErrorStream(true).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!done) p.destroyForcibly();
            if (!done || p.exitValue() != 0) mountRefused = "cannot mount a tmpfs here (" + out + ")";
        } catch (IOException e) { // no mount program
            mountRefused = "cannot mount a tmpfs here (" + e.getMessage() + ")";
        }
    }

    @AfterAll
    void unmount() throws Exception {
        // lazily: the scenes' rasters stay memory-mapped until the JVM collects them
        if (mountRefused == null) new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        Files.deleteIfExists(mount);
    }

    @BeforeEach
    void clean() throws IOException {
        if (mountRefused != null) return;
        try (Stream<Path> s = Files.walk(mount)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                if (!p.equals(mount)) Files.delete(p);
            }
        }
    }

    private Path onSmallDisk() {
        Assumptions.assumeTrue(mountRefused == null, mountRefused);
        return mount.resolve("data");
    }

    private static AppConfig config(Path data, long minFreeBytes) {
        return AppConfig.forTests(data, TestServer.TOKEN).toBuilder().minFreeBytes(minFreeBytes).build();
    }

    private HttpResponse<String> ingest(TestServer server, String date) throws Exception {
        int k = files++;
        Path red = TestTiffs.grid4x4(tmp.resolve("r" + k + ".tif"), 500 + k, 500, 1800, 1800);   // files of their own
        Path nir = TestTiffs.grid4x4(tmp.resolve("n" + k + ".tif"), 4500, 4500, 2200, 2200);
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
    }

    /** Writes zeros into {@code file} until the disk is full; returns the bytes written. */
    private static long fill(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(buf);
                n += buf.length;
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).containsIgnoringCase("no space left");
        }
        // the last partial buffer may have been taken: write single pages until nothing fits
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] page = new byte[4096];
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).containsIgnoringCase("no space left");
        }
        return n;
    }

    private static void assertInsufficientStorage(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("insufficient_storage");
        assertThat(body.path("detail").asText().toLowerCase(Locale.ROOT)).contains("space");
    }

    /** No upload leftovers and no scene assemblies under {@code data}. */
    private static void assertNoPartialState(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve("tmp"))) {
            assertThat(s.toList()).as("tmp/").isEmpty();
        } catch (java.nio.file.NoSuchFileException absent) {
            // never created: nothing left either
        }
        try (Stream<Path> s = Files.list(data.resolve("scenes"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp-")).toList()).as("assemblies").isEmpty();
        }
    }

    private static int count(TestServer server, String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        return n.has("features") ? n.path("features").size() : n.has("scenes") ? n.path("scenes").size() : n.size();
    }

    @Test
    void writesThatWouldGoBelowTheReserveAreRefusedUpFrontAndChangeNothing() throws Exception {
        Path data = tmp.resolve("data");
        // a reserve larger than any disk: every write would go below it (the small disk is not needed for this)
        try (TestServer server = new TestServer(config(data, Long.MAX_VALUE / 4))) {
            assertInsufficientStorage(server.postJson("/api/v1/sites", SITE.formatted("pit")));
            HttpResponse<String> up = ingest(server, "2020-06-01");
            assertInsufficientStorage(up);
            assertThat(JSON.readTree(up.body()).path("detail").asText()).contains("--min-free-mb");
            assertThat(count(server, "/api/v1/sites")).isZero();
            assertThat(count(server, "/api/v1/scenes")).isZero();
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            assertNoPartialState(data);
        }
    }

    @Test
    void onAFullDiskWritesAre507ReadsWorkAndWritesRecoverOnceSpaceIsFreed() throws Exception {
        Path data = onSmallDisk();
        Path filler = mount.resolve("filler");
        try (TestServer server = new TestServer(config(data, 0))) {
            assertThat(ingest(server, "2020-06-01").statusCode()).isEqualTo(201);
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("pit")).statusCode()).isEqualTo(201);
            String map = "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:32650"
                    + "&BBOX=500000,2799960,500040,2800000&WIDTH=4&HEIGHT=4&FORMAT=image/png&TIME=2020-06-01";

            fill(filler);
            assertThat(Files.getFileStore(mount).getUsableSpace()).isZero();
            // reads with 0 bytes free
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            assertThat(count(server, "/api/v1/sites")).isEqualTo(1);
            assertThat(count(server, "/api/v1/scenes")).isEqualTo(1);
            assertThat(server.get("/api/v1/sites/pit/timeseries").statusCode()).isEqualTo(200);
            assertThat(server.getBytes(map).statusCode()).isEqualTo(200);
            assertThat(server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities").statusCode()).isEqualTo(200);
            // writes: 507, nothing kept
            assertInsufficientStorage(server.postJson("/api/v1/sites", SITE.formatted("second")));
            assertInsufficientStorage(ingest(server, "2021-06-01"));
            String sceneId = JSON.readTree(server.get("/api/v1/scenes").body()).path("scenes").get(0).path("id").asText();
            assertInsufficientStorage(server.delete("/api/v1/scenes/" + sceneId));
            assertThat(count(server, "/api/v1/sites")).isEqualTo(1);
            assertThat(count(server, "/api/v1/scenes")).isEqualTo(1);
            assertNoPartialState(data);

            Files.delete(filler);
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("second")).statusCode()).isEqualTo(201);
            assertThat(ingest(server, "2021-06-01").statusCode()).isEqualTo(201);
        }
        try (TestServer again = new TestServer(config(data, 0))) {
            assertThat(count(again, "/api/v1/sites")).isEqualTo(2);
            assertThat(count(again, "/api/v1/scenes")).isEqualTo(2);
        }
    }

    /**
     * Without the up-front checks (a store whose disk space is not consulted), the disk fills up during the writes
     * themselves: an index raster that cannot be written, a catalog commit that cannot be written (the embedded
     * database then closes itself). Both are 507 with nothing kept, reads go on with 0 bytes free, and the
     * catalog takes writes again once space is freed, without a restart.
     */
    @Test
    void aDiskThatFillsUpDuringTheWriteIs507AndTheCatalogRecoversWithoutARestart() throws Exception {
        Path data = onSmallDisk();
        Path filler = mount.resolve("filler"), slack = mount.resolve("slack");
        AppConfig cfg = config(data, 0);
        Services unchecked = new Services(JdbcStore.open(null, null, null, data), SpectralIndices.defaults(),
                SensorProviders.defaults(), DiskSpace.UNLIMITED);
        try (TestServer server = new TestServer(cfg, unchecked, routes -> { })) {
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("pit")).statusCode()).isEqualTo(201);

            // 64 KiB left: the upload's copies fit, the 128 KiB tile of the index raster does not
            Files.write(slack, new byte[64 << 10]);
            fill(filler);
            Files.delete(slack);
            assertInsufficientStorage(ingest(server, "2020-06-01"));
            assertThat(count(server, "/api/v1/scenes")).isZero();
            assertNoPartialState(data);

            // 0 bytes left: a site of 40 000 vertices (2 MB of outline) cannot be committed
            fill(slack);
            assertInsufficientStorage(server.postJson("/api/v1/sites", bigSite("big")));
            assertThat(count(server, "/api/v1/sites")).isEqualTo(1);
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            assertThat(server.get("/api/v1/sites/pit").statusCode()).isEqualTo(200);

            Files.delete(slack);
            Files.delete(filler);
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("second")).statusCode()).isEqualTo(201);
            assertThat(ingest(server, "2020-06-01").statusCode()).isEqualTo(201);
            assertThat(count(server, "/api/v1/sites")).isEqualTo(2);
        }
        try (TestServer again = new TestServer(cfg)) {
            List<String> ids = new java.util.ArrayList<>();
            JSON.readTree(again.get("/api/v1/sites").body()).path("features").forEach(f -> ids.add(f.path("id").asText()));
            assertThat(ids).containsExactlyInAnyOrder("pit", "second");
            assertThat(count(again, "/api/v1/scenes")).isEqualTo(1);
            assertNoPartialState(data);
        }
    }

    /** A circle of 40 000 vertices, radius 0.001°, near 117°E 25.3°N, in WGS84. */
    private static String bigSite(String id) {
        StringBuilder ring = new StringBuilder();
        int n = 40_000;
        for (int i = 0; i <= n; i++) {
            double a = 2 * Math.PI * (i % n) / n;
            if (i > 0) ring.append(',');
            ring.append('[').append(117.0 + 0.001 * Math.cos(a)).append(',').append(25.3 + 0.001 * Math.sin(a)).append(']');
        }
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[" + ring + "]]}}";
    }
}
