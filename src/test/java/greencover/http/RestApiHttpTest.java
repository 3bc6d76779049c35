package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: a real server, real GeoTIFFs, hand-computed statistics.
 *
 * <p>The scene is a 4 x 4 grid of 10 m pixels in EPSG:32650 with its upper-left corner at (500000, 2800000).
 * Columns 0-1 are vegetated (NDVI 0.8: reflectance red 0.05, NIR 0.45), columns 2-3 bare (NDVI 0.1: red 0.18,
 * NIR 0.22). The site is the rectangle x in [5, 25] m, y in [5, 35] m from the upper-left corner, offset by half
 * a pixel: per column it covers 1.5, 3, 1.5 and 0 pixels (rows weigh 0.5, 1, 1, 0.5), 6 pixels = 600 m² in all,
 * 450 m² vegetated and 150 m² bare. So mean = (4.5 x 0.8 + 1.5 x 0.1) / 6 = 0.625 and green fraction = 0.75.
 * Areas are published on the ground: on the zone's central meridian 600 m² of grid are 600 / 0.9996² m².
 */
class RestApiHttpTest {
    /** Grid area over ground area on a UTM zone's central meridian: the scale factor k0 = 0.9996, squared. */
    private static final double K0_SQUARED = 0.9996 * 0.9996;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"half-offset","properties":{"name":"Half-pixel offset","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private Path band(String name, int... cols) throws Exception {
        return TestTiffs.grid4x4(dir.resolve(name + ".tif"), cols);
    }

    private HttpResponse<String> ingest(String acquired, String name, Path red, Path nir, Path mask) throws Exception {
        Object[][] files = mask == null ? new Object[][] {{"red", red}, {"nir", nir}} : new Object[][] {{"red", red}, {"nir", nir}, {"mask", mask}};
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", acquired}, {"name", name}},
                files, TestServer.TOKEN);
    }

    @Test
    void halfPixelOffsetSiteGetsExactStatisticsAcrossBaselinesAndA20mMask() throws Exception {
        HttpResponse<String> created = server.postJson("/api/v1/sites", SITE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // 2020: baseline before 04.00, no offset; DN = reflectance x 10000
        HttpResponse<String> a = ingest("2020-06-01", "scene-a", band("ra", 500, 500, 1800, 1800), band("na", 4500, 4500, 2200, 2200), null);
        assertThat(a.statusCode()).as(a.body()).isEqualTo(201);
        JsonNode sa = JSON.readTree(a.body()).get("statistics").get(0);
        // ground areas: on UTM's central meridian (E 500000) grid lengths are k0 = 0.9996 times ground lengths
        assertThat(sa.get("siteAreaM2").asDouble()).isCloseTo(600 / K0_SQUARED, within(1e-3));
        assertThat(sa.get("mean").asDouble()).isCloseTo(0.625, within(1e-4));
        assertThat(sa.get("greenFraction").asDouble()).isCloseTo(0.75, within(1e-6));
        assertThat(sa.get("greenAreaM2").asDouble()).isCloseTo(450 / K0_SQUARED, within(1e-3));
        assertThat(sa.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));

        // 2023 product N0509: DN = reflectance x 10000 + 1000. SCL at 20 m: the north-west 20 m pixel is cloud (9),
        // covering cols 0-1 rows 0-1: 0.25 + 0.5 + 0.5 + 1 = 2.25 px of the site -> cloud 225/600 = 0.375;
        // valid: 2.25 px at 0.8 and 1.5 px at 0.1 -> mean 1.95/3.75 = 0.52, green 2.25/3.75 = 0.6.
        Path scl = TestTiffs.write(dir.resolve("scl.tif"), 32650, 500000, 2800000, 20, new int[][][] {{{9, 4}, {4, 4}}});
        HttpResponse<String> b = ingest("2023-06-01", "S2B_MSIL2A_20230601T030000_N0509_R032_T50RMN_20230601T050000",
                band("rb", 1500, 1500, 2800, 2800), band("nb", 5500, 5500, 3200, 3200), scl);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(201);
        JsonNode bb = JSON.readTree(b.body());
        assertThat(bb.at("/scene/baselineRule").asText()).isEqualTo("name");
        assertThat(bb.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        JsonNode sb = bb.get("statistics").get(0);
        assertThat(sb.get("cloudFraction").asDouble()).isCloseTo(0.375, within(1e-6));
        assertThat(sb.get("validFraction").asDouble()).isCloseTo(0.625, within(1e-6));
        assertThat(sb.get("mean").asDouble()).isCloseTo(0.52, within(1e-4));
        assertThat(sb.get("greenFraction").asDouble()).isCloseTo(0.6, within(1e-6));

        JsonNode ts = JSON.readTree(server.get("/api/v1/sites/half-offset/timeseries").body());
        assertThat(ts.get("points")).hasSize(2);
        assertThat(ts.at("/points/0/date").asText()).isEqualTo("2020-06-01");
        assertThat(ts.at("/points/1/quality").asText()).isEqualTo("ok"); // 0.625 >= default minValid 0.6
        JsonNode strict = JSON.readTree(server.get("/api/v1/sites/half-offset/timeseries?minValid=0.7").body());
        assertThat(strict.at("/points/1/quality").asText()).isEqualTo("low-valid");
        // any threshold is answered from the stored histogram: at 0.1 (a value present) everything is green
        JsonNode t01 = JSON.readTree(server.get("/api/v1/sites/half-offset/timeseries?threshold=0.1").body());
        assertThat(t01.at("/points/0/greenFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        JsonNode t085 = JSON.readTree(server.get("/api/v1/sites/half-offset/timeseries?threshold=0.85").body());
        assertThat(t085.at("/points/0/greenFraction").asDouble()).isCloseTo(0.0, within(1e-9));

        HttpResponse<String> csv = server.get("/api/v1/sites/half-offset/timeseries?format=csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().trim().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("date,sceneIds,sensor,mean");
        assertThat(lines[2]).startsWith("2023-06-01,");

        // center-point rule: centres inside x in [5,25], y in [5,35] are cols 0..1 (centres 5? no: 5 is on the edge), so
        // only cols 1 (centre 15) and... centres at 5, 15, 25, 35: 15 inside, 5 and 25 on the boundary.
        JsonNode list = JSON.readTree(server.get("/api/v1/sites").body());
        JsonNode f = list.get("features").get(0);
        assertThat(f.at("/properties/areaM2").asDouble()).isCloseTo(600 / K0_SQUARED, within(1e-3));
        assertThat(f.at("/properties/latest/date").asText()).isEqualTo("2023-06-01");
    }

    @Test
    void sameFileTwiceIsStoredOnceAndDeleteRemovesEverything() throws Exception {
        Path r = band("r", 500, 500, 1800, 1800), n = band("n", 4500, 4500, 2200, 2200);
        HttpResponse<String> first = ingest("2020-06-01", "a", r, n, null);
        HttpResponse<String> again = ingest("2020-06-01", "a", r, n, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        String id = JSON.readTree(first.body()).at("/scene/id").asText();
        assertThat(JSON.readTree(again.body()).at("/scene/id").asText()).isEqualTo(id);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(1);
        // the same files claimed for another date are refused, not taken for the stored scene
        HttpResponse<String> otherDate = ingest("2021-06-01", "a", r, n, null);
        assertThat(otherDate.statusCode()).as(otherDate.body()).isEqualTo(409);
        assertThat(otherDate.body()).contains(id);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(1);
        HttpResponse<byte[]> tif = server.getBytes("/api/v1/scenes/" + id + "/index.tif?index=ndvi");
        assertThat(tif.statusCode()).isEqualTo(200);
        assertThat(new String(tif.body(), 0, 2)).isEqualTo("II");
        assertThat(server.delete("/api/v1/scenes/" + id).statusCode()).isEqualTo(204);
        assertThat(server.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);
        assertThat(Files.exists(server.dataDir.resolve("scenes").resolve(id))).isFalse();
    }

    @Test
    void badUploadsAre4xxAndLeaveTheStoreAsItWas() throws Exception {
        Path r = band("r", 500, 500, 1800, 1800), n = band("n", 4500, 4500, 2200, 2200);
        // no token
        HttpResponse<String> noToken = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", r}, {"nir", n}}, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).get("error").asText()).isEqualTo("missing_token");
        HttpResponse<String> wrongToken = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", r}, {"nir", n}}, "nope");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        // not a TIFF
        HttpResponse<String> notTiff = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", "hello".getBytes()}, {"nir", n}}, TestServer.TOKEN);
        assertThat(notTiff.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notTiff.body()).get("detail").asText()).contains("red");
        // truncated TIFF
        byte[] whole = Files.readAllBytes(n);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        HttpResponse<String> truncated = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", r}, {"nir", cut}}, TestServer.TOKEN);
        assertThat(truncated.statusCode()).as(truncated.body()).isBetween(400, 499);
        // missing band, unknown sensor, bad date
        assertThat(server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", r}}, TestServer.TOKEN).body()).contains("\"field\":\"nir\"");
        HttpResponse<String> sensor = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "modis"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", r}, {"nir", n}}, TestServer.TOKEN);
        assertThat(sensor.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(sensor.body()).get("field").asText()).isEqualTo("sensor");
        HttpResponse<String> baseline = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                {"acquired", "2020-01-01"}, {"processingBaseline", "banana"}}, new Object[][] {{"red", r}, {"nir", n}}, TestServer.TOKEN);
        assertThat(baseline.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(baseline.body()).get("field").asText()).isEqualTo("processingBaseline");
        HttpResponse<String> date = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-13-45"}},
                new Object[][] {{"red", r}, {"nir", n}}, TestServer.TOKEN);
        assertThat(date.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(date.body()).get("field").asText()).isEqualTo("acquired");
        // nothing stored, no files left behind
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
        try (var s = Files.list(server.dataDir.resolve("scenes"))) {
            assertThat(s.count()).isZero();
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void badSitesAre4xxAndChangeNothing() throws Exception {
        String selfIntersecting = "{\"type\":\"Feature\",\"id\":\"bow\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}";
        HttpResponse<String> bow = server.postJson("/api/v1/sites", selfIntersecting);
        assertThat(bow.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bow.body()).get("error").asText()).isEqualTo("invalid_geometry");
        String point = "{\"type\":\"Feature\",\"id\":\"pt\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}";
        assertThat(JSON.readTree(server.postJson("/api/v1/sites", point).body()).get("error").asText()).isEqualTo("invalid_geometry_type");
        String outOfRange = "{\"type\":\"Feature\",\"id\":\"far\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]}}";
        assertThat(JSON.readTree(server.postJson("/api/v1/sites", outOfRange).body()).get("error").asText()).isEqualTo("coordinates_out_of_range");
        assertThat(server.postJson("/api/v1/sites", "{not json").statusCode()).isEqualTo(400);
        String world = "{\"type\":\"Feature\",\"id\":\"world\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-179,-80],[179,-80],[179,80],[-179,80],[-179,-80]]]}}";
        assertThat(JSON.readTree(server.postJson("/api/v1/sites", world).body()).get("error").asText()).isEqualTo("geometry_too_large");
        String hugeUtm = "{\"type\":\"Feature\",\"id\":\"huge\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1e300,1e300],[2e300,1e300],[2e300,2e300],[1e300,2e300],[1e300,1e300]]]}}";
        assertThat(server.postJson("/api/v1/sites", hugeUtm).statusCode()).isEqualTo(400);
        String noId = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}";
        assertThat(JSON.readTree(server.postJson("/api/v1/sites", noId).body()).get("field").asText()).isEqualTo("id");
        HttpResponse<String> created = server.postJson("/api/v1/sites", SITE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(server.get("/api/v1/sites").body()).get("features")).hasSize(1);
        assertThat(server.get("/api/v1/sites/half-offset/timeseries?threshold=2").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/sites/half-offset/timeseries?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/sites/nope/timeseries").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/sites/half-offset/timeseries?from=2016-01-01xyz").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = server.get("/api/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("not_found");
        HttpResponse<String> wrongMethod = server.delete("/api/v1/sites");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("error").asText()).isEqualTo("method_not_allowed");
    }
}
