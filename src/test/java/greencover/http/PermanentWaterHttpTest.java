package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's declared permanent water (issue 9, "sites may declare permanent water"). The 1 km² tailings site
 * [500000, 501000] × [2799000, 2800000] of EPSG:32650 is half pond: its western half (x &lt; 500500). The pond is turbid,
 * so the scene class layer calls it land: SCL 5 (not vegetated), red DN 600, NIR DN 300, NDVI −1/3. The eastern half is
 * vegetation, SCL 4, red 500, NIR 2000 + 100 k on scene k (before baseline 04.00: reflectance = DN / 10000), NDVI
 * (1500 + 100 k) / (2500 + 100 k). 12 monthly scenes of 50 × 50 pixels of 20 m exactly on the site.
 *
 * <p>Without a declaration the pond is averaged in: validFraction 1 and mean (land NDVI − 1/3) / 2. Declaring the
 * western half as {@code permanentWater}, the pond's pixels are water: validFraction 0.5, waterFraction 0.5,
 * clearFraction 1, the mean is the land NDVI, every point ok and the trend has n = 12. On scene 5, cloud (SCL 9) covers
 * pond rows 0–9 (250 of 2500 pixels): cloud 0.1, water 0.4, valid 0.5, clear 0.9 — cloud over the pond stays cloud.
 */
class PermanentWaterHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUTLINE = "{\"type\":\"Polygon\",\"coordinates\":[[[500000,2799000],[501000,2799000],[501000,2800000],"
            + "[500000,2800000],[500000,2799000]]]}";
    private static final String POND = "{\"type\":\"Polygon\",\"coordinates\":[[[500000,2799000],[500500,2799000],[500500,2800000],"
            + "[500000,2800000],[500000,2799000]]]}";
    private static final int N = 50, DATES = 12, CLOUDY = 5;

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    static String site(String id, String extraProperties) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"name\":\"Tailings\"" + extraProperties + "},"
                + "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},\"geometry\":" + OUTLINE + "}";
    }

    static double landNdvi(int k) { return (1500.0 + 100 * k) / (2500.0 + 100 * k); }

    private void ingest(int k) throws Exception {
        int[][] red = new int[N][N], nir = new int[N][N], scl = new int[N][N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                boolean pond = c < 25;
                red[r][c] = pond ? 600 : 500;
                nir[r][c] = pond ? 300 : 2000 + 100 * k;
                scl[r][c] = pond ? 5 : 4;
                if (k == CLOUDY && pond && r < 10) scl[r][c] = 9;
            }
        }
        String date = LocalDate.of(2019, 1, 15).plusMonths(k).toString();
        Path f = TestTiffs.write(dir.resolve("s" + k + ".tif"), 32650, 500000, 2800000, 20, new int[][][] {red, nir, scl});
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"bands", "red,nir,mask"}},
                new Object[][] {{"file", f}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    private JsonNode series(String id, String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/" + id + "/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aDeclaredPondIsWaterSoTheMeanIsOverLandAndEveryPointIsOk() throws Exception {
        // one site declared before the scenes (summarised at ingest), one after (backfilled), one without a declaration
        assertThat(server.postJson("/api/v1/sites", site("pond", ",\"permanentWater\":" + POND)).statusCode()).isEqualTo(201);
        for (int k = 0; k < DATES; k++) ingest(k);
        assertThat(server.postJson("/api/v1/sites", site("late", ",\"permanentWater\":" + POND)).statusCode()).isEqualTo(201);
        assertThat(server.postJson("/api/v1/sites", site("plain", "")).statusCode()).isEqualTo(201);

        for (String id : new String[] {"pond", "late"}) {
            for (String query : new String[] {"", "?mode=center"}) { // stored shares, and merged again from the rasters
                JsonNode ts = series(id, query);
                JsonNode points = ts.get("points");
                assertThat(points).hasSize(DATES);
                for (int k = 0; k < DATES; k++) {
                    JsonNode p = points.get(k);
                    String at = id + query + " point " + k;
                    assertThat(p.get("quality").asText()).as(at).isEqualTo("ok");
                    assertThat(p.get("mean").asDouble()).as(at).isCloseTo(landNdvi(k), within(6e-5));
                    assertThat(p.get("validFraction").asDouble()).as(at).isCloseTo(0.5, within(1e-9));
                    assertThat(p.get("waterFraction").asDouble()).as(at).isCloseTo(k == CLOUDY ? 0.4 : 0.5, within(1e-9));
                    assertThat(p.get("clearFraction").asDouble()).as(at).isCloseTo(k == CLOUDY ? 0.9 : 1.0, within(1e-9));
                    assertThat(p.get("cloudFraction").asDouble()).as(at).isCloseTo(k == CLOUDY ? 0.1 : 0.0, within(1e-9));
                }
                assertThat(ts.at("/trend/n").asInt()).isEqualTo(DATES);
                assertThat(ts.at("/trend/slopePerYear").asDouble()).isPositive();
            }
        }
        JsonNode strict = series("pond", "?minValid=0.95");
        assertThat(strict.at("/points/" + CLOUDY + "/quality").asText()).isEqualTo("low-valid");
        assertThat(strict.at("/trend/n").asInt()).isEqualTo(DATES - 1);

        JsonNode plain = series("plain", "");
        for (int k = 0; k < DATES; k++) {
            JsonNode p = plain.at("/points/" + k);
            if (k == CLOUDY) continue;
            assertThat(p.get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(p.get("waterFraction").asDouble()).isZero();
            assertThat(p.get("mean").asDouble()).isCloseTo((landNdvi(k) - 1.0 / 3) / 2, within(6e-5));
        }
    }

    @Test
    void thePermanentWaterIsStoredShownAndKeptAcrossARestart() throws Exception {
        HttpResponse<String> created = server.postJson("/api/v1/sites", site("pond", ",\"permanentWater\":" + POND + ",\"maskBufferM\":20"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ingest(0);
        server.close();
        server = new TestServer(dir.resolve("data"));
        JsonNode site = JSON.readTree(server.get("/api/v1/sites/pond").body());
        JsonNode water = site.at("/properties/permanentWater");
        assertThat(water.get("type").asText()).isEqualTo("Polygon");
        // the western half in WGS84: the pond's east edge x = 500500 is longitude 117° + a few metres of UTM zone 50
        double minLon = 180, maxLon = -180;
        for (JsonNode p : water.at("/coordinates/0")) {
            minLon = Math.min(minLon, p.get(0).asDouble());
            maxLon = Math.max(maxLon, p.get(0).asDouble());
        }
        assertThat(maxLon).isCloseTo(117.005, within(0.001)).isGreaterThan(minLon);
        assertThat(site.at("/properties/maskBufferM").asDouble()).isEqualTo(20.0);
        assertThat(site.at("/properties/greenThreshold").asDouble()).isEqualTo(0.3);
        JsonNode p = series("pond", "").at("/points/0");
        assertThat(p.get("waterFraction").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo(landNdvi(0), within(6e-5));

        JsonNode api = JSON.readTree(server.get("/api/v1/openapi.json").body());
        JsonNode props = api.at("/components/schemas/Site/properties/properties/properties");
        assertThat(props.has("permanentWater")).as(props.toString()).isTrue();
        assertThat(props.has("maskBufferM")).isTrue();
    }

    @Test
    void badPermanentWaterOrMaskBufferIsAFourHundredNamingThePropertyAndStoresNothing() throws Exception {
        String far = "{\"type\":\"Polygon\",\"coordinates\":[[[600000,2799000],[600500,2799000],[600500,2800000],[600000,2800000],[600000,2799000]]]}";
        String[][] cases = {
                {",\"permanentWater\":" + far, "properties.permanentWater"},
                {",\"permanentWater\":{\"type\":\"Point\",\"coordinates\":[500100,2799100]}", "properties.permanentWater"},
                {",\"permanentWater\":\"west half\"", "properties.permanentWater"},
                {",\"maskBufferM\":-10", "properties.maskBufferM"},
                {",\"maskBufferM\":5000", "properties.maskBufferM"},
                {",\"maskBufferM\":\"60\"", "properties.maskBufferM"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = server.postJson("/api/v1/sites", site("bad", c[0]));
            assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(400);
            JsonNode err = JSON.readTree(r.body());
            assertThat(err.get("field").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(err.get("error").asText()).isNotBlank();
            assertThat(server.get("/api/v1/sites/bad").statusCode()).isEqualTo(404);
        }
    }
}
