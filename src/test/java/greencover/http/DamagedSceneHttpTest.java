package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One damaged scene through a real server: its folder removed, its {@code ndvi.tif} truncated (found by the
 * readiness check, or by a map read hitting the truncated mapping), its header or a copied source corrupted (found
 * at the next start). In every case {@code /health} answers 200 with one warning, the scene is listed as damaged
 * with a reason, the maps of the other scenes are unchanged, the series point of its date is flagged and counts
 * only the other scene of that date, and DELETE and a re-ingest of the same files both work.
 *
 * <p>The scenes, 4 x 4 cells of 10 m in EPSG:32650, red 500 and NIR 4500 (NDVI 0.8) in every cell:
 * A1 at x 500000–500040 and A2 at x 500040–500080, both acquired 2020-06-01; B at x 500000–500040, 2020-07-01.
 * The site is the rectangle x 500000–500080, y 2799960–2800000: 3200 m², half under A1 (and B), half under A2. So
 * the 2020-06-01 point has valid fraction 1 with both scenes and 0.5 without A2, and the 2020-07-01 point 0.5.
 * Maps are 8 x 4 px GetMaps of the site's rectangle (one pixel per cell): columns 0–3 lie on A1 (or B), 4–7 on A2.
 */
class DamagedSceneHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"both-halves","properties":{"name":"Both halves"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500080,2799960],[500080,2800000],[500000,2800000],[500000,2799960]]]}}""";
    @TempDir Path data;
    @TempDir Path files;

    /** The red and NIR files of a scene at {@code minX} (red {@code red} in every cell, NIR 4500). */
    private Path[] bands(String name, double minX, int red) throws Exception {
        int[][] r = new int[4][4], n = new int[4][4];
        for (int[] row : r) java.util.Arrays.fill(row, red);
        for (int[] row : n) java.util.Arrays.fill(row, 4500);
        return new Path[] {TestTiffs.write(files.resolve(name + "-red.tif"), 32650, minX, 2800000, 10, new int[][][] {r}),
                TestTiffs.write(files.resolve(name + "-nir.tif"), 32650, minX, 2800000, 10, new int[][][] {n})};
    }

    private static HttpResponse<String> ingest(TestServer server, String acquired, String name, Path[] b) throws Exception {
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", acquired}, {"name", name}},
                new Object[][] {{"red", b[0]}, {"nir", b[1]}}, TestServer.TOKEN);
    }

    private static String id(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).at("/scene/id").asText();
    }

    /** The 8 x 4 GetMap of the site's rectangle at {@code time}, as ARGB pixels. */
    private static int[] map(TestServer server, String time) throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES=&CRS=EPSG:32650"
                + "&BBOX=500000,2799960,500080,2800000&WIDTH=8&HEIGHT=4&FORMAT=image/png&TRANSPARENT=TRUE&TIME=" + time);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        return img.getRGB(0, 0, 8, 4, null, 0, 8);
    }

    private static JsonNode point(JsonNode series, String date) {
        for (JsonNode p : series.get("points")) if (p.get("date").asText().equals(date)) return p;
        return null;
    }

    private static JsonNode series(TestServer server) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/both-halves/timeseries");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private record Setup(String a1, String a2, String b, Path[] a2Files, int[] mapB) {}

    private Setup setUp(TestServer server) throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        String a1 = id(ingest(server, "2020-06-01", "a1", bands("a1", 500000, 500)));
        Path[] a2Files = bands("a2", 500040, 500);
        String a2 = id(ingest(server, "2020-06-01", "a2", a2Files));
        String b = id(ingest(server, "2020-07-01", "b", bands("b", 500000, 501)));
        JsonNode before = point(series(server), "2020-06-01");
        assertThat(before.get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(before.has("flags")).isFalse();
        int[] mapB = map(server, "2020-07-01");
        assertThat(mapB[0] >>> 24).isEqualTo(255); // B drawn over its half
        assertThat(mapB[4] >>> 24).isZero();       // nothing east of it
        return new Setup(a1, a2, b, a2Files, mapB);
    }

    /** What every case checks once A2 is damaged, then DELETE and a re-ingest of its files. */
    private void checkIsolatedThenRepaired(TestServer server, Setup s, String reasonPart) throws Exception {
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(health.body());
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("damagedScenes").asInt()).isEqualTo(1);
        assertThat(h.at("/warnings/0/scene").asText()).isEqualTo(s.a2);
        assertThat(h.at("/warnings/0/reason").asText()).contains(reasonPart);
        assertThat(h.get("scenes").asInt()).isEqualTo(2); // A1 and B are served

        JsonNode scene = JSON.readTree(server.get("/api/v1/scenes/" + s.a2).body());
        assertThat(scene.get("state").asText()).isEqualTo("damaged");
        assertThat(scene.at("/damage/reason").asText()).contains(reasonPart);
        assertThat(scene.at("/damage/at").asText()).isNotEmpty();
        JsonNode list = JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes");
        assertThat(list).hasSize(3);
        assertThat(JSON.readTree(server.get("/api/v1/scenes/" + s.a1).body()).get("state").asText()).isEqualTo("active");

        assertThat(map(server, "2020-07-01")).isEqualTo(s.mapB); // another scene's map: unchanged
        int[] june = map(server, "2020-06-01");
        for (int x = 0; x < 8; x++) {
            assertThat(june[x] >>> 24).as("alpha at column %d", x).isEqualTo(x < 4 ? 255 : 0); // A1 drawn, A2 left out
        }
        assertThat(server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities").statusCode()).isEqualTo(200);
        assertThat(server.getBytes("/tiles/ndvi/0/0/0.png").statusCode()).isEqualTo(200);

        JsonNode ts = series(server);
        JsonNode p = point(ts, "2020-06-01");
        assertThat(p.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9)); // A1's half only
        assertThat(p.get("sceneIds")).extracting(JsonNode::asText).containsExactly(s.a1);
        assertThat(p.get("flags")).extracting(JsonNode::asText).containsExactly("damaged-scene");
        assertThat(point(ts, "2020-07-01").has("flags")).isFalse();
        assertThat(ts.at("/damagedScenes/0/id").asText()).isEqualTo(s.a2);

        // DELETE the damaged scene: gone from the list, no warning, the point is whole again (A1 only, unflagged)
        assertThat(server.delete("/api/v1/scenes/" + s.a2).statusCode()).isEqualTo(204);
        assertThat(server.get("/api/v1/scenes/" + s.a2).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(server.get("/health").body()).get("damagedScenes").asInt()).isZero();
        JsonNode afterDelete = point(series(server), "2020-06-01");
        assertThat(afterDelete.has("flags")).isFalse();
        assertThat(afterDelete.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9));

        // and the same files ingested again are a new, active scene of the same id, served as before
        HttpResponse<String> again = ingest(server, "2020-06-01", "a2", s.a2Files);
        assertThat(id(again)).isEqualTo(s.a2);
        assertThat(JSON.readTree(server.get("/api/v1/scenes/" + s.a2).body()).get("state").asText()).isEqualTo("active");
        assertThat(point(series(server), "2020-06-01").get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        int[] whole = map(server, "2020-06-01");
        for (int x = 0; x < 8; x++) assertThat(whole[x] >>> 24).isEqualTo(255);
    }

    private Path folder(String id) { return data.resolve("scenes").resolve(id); }

    private static void removeTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    @Test
    void aSceneFolderRemovedWhileServingIsDamagedAndIsolated() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Setup s = setUp(server);
            removeTree(folder(s.a2));
            checkIsolatedThenRepaired(server, s, "missing");
        }
    }

    @Test
    void aTruncatedIndexRasterIsFoundByTheReadinessCheck() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Setup s = setUp(server);
            try (RandomAccessFile f = new RandomAccessFile(folder(s.a2).resolve("ndvi.tif").toFile(), "rw")) {
                f.setLength(4096); // the header stays; the tiles behind it are gone
            }
            checkIsolatedThenRepaired(server, s, "truncated");
        }
    }

    /**
     * The raster truncated under its memory map: the next map that reads it meets the JVM's fault (an
     * {@link InternalError}), marks the scene damaged and is drawn without it, before any readiness check ran.
     */
    @Test
    void aRasterTruncatedUnderItsMapIsMarkedByTheMapThatReadsIt() throws Exception {
        try (TestServer server = new TestServer(data)) {
            Setup s = setUp(server); // the GetMap of B opened every raster
            try (RandomAccessFile f = new RandomAccessFile(folder(s.a2).resolve("ndvi.tif").toFile(), "rw")) {
                f.setLength(4096);
            }
            int[] june = map(server, "2020-06-01");
            assertThat(june[0] >>> 24).isEqualTo(255);
            assertThat(june[7] >>> 24).isZero();
            JsonNode scene = JSON.readTree(server.get("/api/v1/scenes/" + s.a2).body());
            assertThat(scene.get("state").asText()).isEqualTo("damaged");
            assertThat(scene.at("/damage/reason").asText()).contains("ndvi.tif");
            checkIsolatedThenRepaired(server, s, "ndvi.tif");
        }
    }

    @ParameterizedTest(name = "{0} corrupted")
    @ValueSource(strings = {"ndvi.tif", "source/red.tif"})
    void aCorruptedHeaderIsFoundAtTheNextStart(String file) throws Exception {
        Setup s;
        try (TestServer server = new TestServer(data)) {
            s = setUp(server);
        }
        Path target = folder(s.a2).resolve(file);
        assertThat(target).exists();
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            f.write("NOT A TIFF HEADER".getBytes(StandardCharsets.US_ASCII));
        }
        try (TestServer server = new TestServer(data)) {
            checkIsolatedThenRepaired(server, s, file);
            assertThat(folder(s.a1)).exists(); // recovery deleted nothing of the others
        }
        try (TestServer server = new TestServer(data)) { // and it stays repaired
            assertThat(JSON.readTree(server.get("/health").body()).get("damagedScenes").asInt()).isZero();
        }
    }

    /** A damaged scene's folder is kept by start-up clean-up (it is known to the catalog): the operator decides. */
    @Test
    void aDamagedSceneStaysDamagedAcrossARestartWithWhatFilesItHas() throws Exception {
        Setup s;
        try (TestServer server = new TestServer(data)) {
            s = setUp(server);
            Files.delete(folder(s.a2).resolve("ndvi.tif"));
            assertThat(JSON.readTree(server.get("/health").body()).get("damagedScenes").asInt()).isEqualTo(1);
        }
        try (TestServer server = new TestServer(data)) {
            assertThat(folder(s.a2).resolve("source")).exists();
            JsonNode h = JSON.readTree(server.get("/health").body());
            assertThat(h.get("damagedScenes").asInt()).isEqualTo(1);
            assertThat(h.at("/warnings/0/reason").asText()).isEqualTo("ndvi.tif is missing");
        }
    }
}
