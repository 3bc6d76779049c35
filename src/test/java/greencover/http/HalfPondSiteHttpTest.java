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
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression of "water counts as not valid" (issue 9, defect 2): a 1 km² tailings site, the square
 * [500000, 501000] × [2799000, 2800000] of EPSG:32650, whose western half is a pond. 12 monthly Sentinel-2 scenes
 * (2019-01-15 … 2019-12-15, before baseline 04.00 so reflectance = DN / 10000) of 50 × 50 pixels of 20 m exactly
 * on the site: SCL 6 (water) in columns 0–24, SCL 4 (vegetation) in columns 25–49. Land red DN 500 and NIR DN
 * 2000 + 100 k on scene k, so the land NDVI is (1500 + 100 k) / (2500 + 100 k); the pond has red 600, NIR 300.
 *
 * <p>Every point therefore has validFraction 0.5, waterFraction 0.5 and clearFraction 1: all 12 are ok at the
 * default minValid 0.6 (before clearFraction they were all low-valid and the trend had n = 0), the mean is the land
 * NDVI (the pond is not averaged in), and the trend rises. Scene 5 has cloud (SCL 9) on land rows 0–9 and cloud
 * shadow (SCL 3) on land rows 10–14: 250 and 125 of the 2500 pixels, so cloud 0.10, shadow 0.05, valid 0.35,
 * clear 0.85 — ok at minValid 0.6 but not at 0.9.
 */
class HalfPondSiteHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"pond","properties":{"name":"Half pond"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799000],[501000,2799000],[501000,2800000],[500000,2800000],[500000,2799000]]]}}""";
    private static final int N = 50, DATES = 12, CLOUDY = 5;

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    static double landNdvi(int k) { return (1500.0 + 100 * k) / (2500.0 + 100 * k); }

    private void ingest(int k) throws Exception {
        int[][] red = new int[N][N], nir = new int[N][N], scl = new int[N][N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                boolean pond = c < 25;
                red[r][c] = pond ? 600 : 500;
                nir[r][c] = pond ? 300 : 2000 + 100 * k;
                scl[r][c] = pond ? 6 : 4;
                if (k == CLOUDY && !pond && r < 10) scl[r][c] = 9;
                if (k == CLOUDY && !pond && r >= 10 && r < 15) scl[r][c] = 3;
            }
        }
        String date = LocalDate.of(2019, 1, 15).plusMonths(k).toString();
        Path f = TestTiffs.write(dir.resolve("s" + k + ".tif"), 32650, 500000, 2800000, 20, new int[][][] {red, nir, scl});
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"bands", "red,nir,mask"}},
                new Object[][] {{"file", f}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    @Test
    void aHalfPondSiteHasEveryPointOkTheLandMeanAndATrend() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        for (int k = 0; k < DATES; k++) ingest(k);

        HttpResponse<String> r = server.get("/api/v1/sites/pond/timeseries");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ts = JSON.readTree(r.body());
        JsonNode points = ts.get("points");
        assertThat(points).hasSize(DATES);
        for (int k = 0; k < DATES; k++) {
            JsonNode p = points.get(k);
            assertThat(p.get("quality").asText()).as("point %d", k).isEqualTo("ok");
            assertThat(p.get("waterFraction").asDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(p.get("mean").asDouble()).as("point %d", k).isCloseTo(landNdvi(k), within(6e-5));
            if (k != CLOUDY) {
                assertThat(p.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9));
                assertThat(p.get("clearFraction").asDouble()).isCloseTo(1.0, within(1e-9));
                assertThat(p.get("shadowFraction").asDouble()).isZero();
            }
        }
        JsonNode cloudy = points.get(CLOUDY);
        assertThat(cloudy.get("cloudFraction").asDouble()).isCloseTo(0.10, within(1e-9));
        assertThat(cloudy.get("shadowFraction").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(cloudy.get("validFraction").asDouble()).isCloseTo(0.35, within(1e-9));
        assertThat(cloudy.get("clearFraction").asDouble()).isCloseTo(0.85, within(1e-9));
        double sum = 0;
        for (String f : new String[] {"validFraction", "cloudFraction", "shadowFraction", "snowFraction", "waterFraction", "nodataFraction"}) {
            sum += cloudy.get(f).asDouble();
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));

        JsonNode trend = ts.get("trend");
        assertThat(trend.get("n").asInt()).isEqualTo(DATES);
        assertThat(trend.get("slopePerYear").asDouble()).isPositive();
        assertThat(trend.get("mannKendallZ").asDouble()).isGreaterThan(1.96);

        JsonNode strict = JSON.readTree(server.get("/api/v1/sites/pond/timeseries?minValid=0.9").body());
        assertThat(strict.at("/points/" + CLOUDY + "/quality").asText()).isEqualTo("low-valid");
        assertThat(strict.at("/points/" + (CLOUDY + 1) + "/quality").asText()).isEqualTo("ok");
        assertThat(strict.at("/trend/n").asInt()).isEqualTo(DATES - 1);
    }

    @Test
    void clearAndShadowFractionsAreCsvColumnsAndInTheOpenApiSchema() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest(CLOUDY);
        String csv = server.get("/api/v1/sites/pond/timeseries?format=csv").body();
        String[] lines = csv.split("\n");
        java.util.List<String> header = Arrays.asList(lines[0].split(","));
        String[] row = lines[1].split(",", -1);
        assertThat(Double.parseDouble(row[header.indexOf("clearFraction")])).isCloseTo(0.85, within(1e-9));
        assertThat(Double.parseDouble(row[header.indexOf("shadowFraction")])).isCloseTo(0.05, within(1e-9));
        assertThat(Double.parseDouble(row[header.indexOf("cloudFraction")])).isCloseTo(0.10, within(1e-9));
        JsonNode api = JSON.readTree(server.get("/api/v1/openapi.json").body());
        assertThat(api.toString()).contains("\"clearFraction\"").contains("\"shadowFraction\"");
    }
}
