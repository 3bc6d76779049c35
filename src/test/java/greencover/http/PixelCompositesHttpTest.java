package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code composite=pixel-max|pixel-median} with {@code months} and {@code minObservations} through the real server, on
 * 4 × 4 Sentinel-2 scenes (10 m, EPSG:32650, before baseline 04.00) whose columns are uniform. The site covers half of
 * column 0, column 1 and half of column 2, weights 1/4, 1/2, 1/4. NDVI per column (red + NIR DNs sum to 10000, so
 * NDVI = (NIR − red)/10000 exactly), "cloud" = SCL 9, "water" = SCL 6:
 * <pre>
 *   2021-03-10  0.9    0.9    0.9     (outside months 5-9)
 *   2021-05-10  0.2    0.4    cloud
 *   2021-07-10  0.6    cloud  0.3
 *   2021-09-10  0.4    0.5    water
 *   2022-02-10  0.9    0.9    0.9     (outside months 5-9: 2022 has no observation in the window)
 * </pre>
 * months 5-9, pixel-max: columns 0.6, 0.5, 0.3 → mean 0.25·0.6 + 0.5·0.5 + 0.25·0.3 = 0.475, dated 2021-07-01.
 * pixel-median: 0.4, (0.4 + 0.5)/2 = 0.45, 0.3 → mean 0.1 + 0.225 + 0.075 = 0.4.
 * minObservations=2, pixel-max: column 2 has one clear observation, and its non-clear ones are one cloud and one water
 * (a tie, cloud first by class priority) → cloud 1/4; mean over the valid 3/4 = (0.15 + 0.25)/0.75 = 0.533333.
 * All months, pixel-max: 0.9 everywhere.
 */
class PixelCompositesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"px","properties":{"name":"Pixel composites","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** Columns 0–2 with NDVI {@code v} (NaN: the SCL class {@code scl} instead), column 3 like column 2. */
    private void ingest(String date, double[] v, int[] scl) throws Exception {
        int[] red = new int[4], nir = new int[4], mask = new int[4];
        for (int c = 0; c < 4; c++) {
            int k = Math.min(c, 2);
            double x = Double.isNaN(v[k]) ? 0.5 : v[k];
            nir[c] = (int) Math.round(5000 * (1 + x)) + (date.startsWith("2022") ? 1000 : 0);
            red[c] = (int) Math.round(5000 * (1 - x)) + (date.startsWith("2022") ? 1000 : 0);
            mask[c] = scl[k];
        }
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", TestTiffs.grid4x4(dir.resolve("r" + date + ".tif"), red)},
                        {"nir", TestTiffs.grid4x4(dir.resolve("n" + date + ".tif"), nir)},
                        {"mask", TestTiffs.grid4x4(dir.resolve("m" + date + ".tif"), mask)}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode series(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/px/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private int status(String query, String field) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/px/timeseries" + query);
        assertThat(JSON.readTree(r.body()).get("field").asText()).as(query).isEqualTo(field);
        return r.statusCode();
    }

    @Test
    void perPixelCompositesFollowTheirRulesInTheMonthWindow() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        double nan = Double.NaN;
        ingest("2021-03-10", new double[] {0.9, 0.9, 0.9}, new int[] {4, 4, 4});
        ingest("2021-05-10", new double[] {0.2, 0.4, nan}, new int[] {4, 4, 9});
        ingest("2021-07-10", new double[] {0.6, nan, 0.3}, new int[] {4, 9, 4});
        ingest("2021-09-10", new double[] {0.4, 0.5, nan}, new int[] {4, 4, 6});
        ingest("2022-02-10", new double[] {0.9, 0.9, 0.9}, new int[] {4, 4, 4});

        JsonNode max = series("?composite=pixel-max&months=5-9");
        assertThat(max.get("composite").asText()).isEqualTo("pixel-max");
        assertThat(max.get("months").asText()).isEqualTo("5-9");
        assertThat(max.get("points")).hasSize(2);
        JsonNode y2021 = max.at("/points/0");
        assertThat(y2021.get("date").asText()).isEqualTo("2021-07-01");
        assertThat(y2021.get("mean").asDouble()).isCloseTo(0.475, within(1e-6));
        assertThat(y2021.get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(y2021.get("sceneIds")).hasSize(3);
        assertThat(y2021.get("quality").asText()).isEqualTo("ok");
        JsonNode y2022 = max.at("/points/1");
        assertThat(y2022.get("date").asText()).isEqualTo("2022-07-01");
        assertThat(y2022.get("sceneIds")).isEmpty();
        assertThat(y2022.get("quality").asText()).isEqualTo("low-valid");
        assertThat(y2022.get("nodataFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(y2022.get("notes").get(0).asText()).startsWith("no-observations");
        assertThat(max.at("/trend/n").asInt()).isEqualTo(1);

        assertThat(series("?composite=pixel-median&months=5-9").at("/points/0/mean").asDouble()).isCloseTo(0.4, within(1e-6));

        JsonNode two = series("?composite=pixel-max&months=5-9&minObservations=2").at("/points/0");
        assertThat(two.get("cloudFraction").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(two.get("waterFraction").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(two.get("mean").asDouble()).isCloseTo(0.4 / 0.75, within(1e-6));

        JsonNode allYear = series("?composite=pixel-max");
        assertThat(allYear.at("/points/0/mean").asDouble()).isCloseTo(0.9, within(1e-6));
        assertThat(allYear.at("/points/0/sceneIds")).hasSize(4);
        assertThat(allYear.at("/points/1/mean").asDouble()).isCloseTo(0.9, within(1e-6));

        // the window also filters raw series: May, July and September of 2021
        assertThat(series("?months=5-9").get("points")).hasSize(3);
        String[] csv = server.get("/api/v1/sites/px/timeseries?composite=pixel-max&months=5-9&format=csv").body().trim().split("\n");
        assertThat(csv).hasSize(3);
        assertThat(csv[2]).startsWith("2022-07-01,,,").contains(",low-valid,none,no-observations");

        assertThat(status("?composite=pixel-max&months=9-5", "months")).isEqualTo(400);
        assertThat(status("?months=0-3", "months")).isEqualTo(400);
        assertThat(status("?months=may", "months")).isEqualTo(400);
        assertThat(status("?minObservations=2", "minObservations")).isEqualTo(400);
        assertThat(status("?composite=pixel-max&minObservations=0", "minObservations")).isEqualTo(400);
        assertThat(status("?composite=pixel-max&minObservations=1.5", "minObservations")).isEqualTo(400);
    }
}
