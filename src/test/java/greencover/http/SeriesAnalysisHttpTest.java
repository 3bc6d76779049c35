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
 * Reference site, time to target and spatial uncertainty through the real server.
 *
 * <p>The scenes are 4 × 4 grids of 10 m pixels (EPSG:32650, upper left 500000, 2800000), Sentinel-2 before baseline
 * 04.00 (DN = reflectance × 10000), on January 1 of 2004, 2008, 2012, 2016 and 2020: 1461 days apart, so exactly 4 years
 * of 365.25 days. Columns 0–1 are the dump, NDVI 0.1, 0.2, 0.3, 0.4, 0.5 (red/NIR 900/1100, 800/1200, 700/1300,
 * 600/1400, 500/1500); columns 2–3 the forest, NDVI 0.6 every time (200/800).
 * <ul>
 *   <li>relativeIndex = 0.1k / 0.6 and indexGap = 0.6 − 0.1k; their Theil–Sen slopes are (0.1/0.6)/4 and −0.1/4 per year.</li>
 *   <li>The dump's mean rises 0.025 per year from 0.1 (every pairwise slope equal, so the interval is that slope too):
 *       target mean 0.9 is reached after 32 years, on 2036-01-01; Mann–Kendall S = 10, Z = 2.2045, p = 0.0275.</li>
 *   <li>At the site's threshold 0.3 the green fraction is 0, 0, 1, 1, 1: target 0.9 was reached on 2012-01-01.</li>
 *   <li>Endmembers from the reference: NDVI_veg = 95 % of the forest's pixels = 0.6, NDVI_soil = 5 % of the dump's
 *       pixels pooled over the five dates (a fifth at each value) = 0.1; FVC of 2012 = (0.3 − 0.1) / 0.5 = 0.4.</li>
 * </ul>
 */
class SeriesAnalysisHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRS = "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}}";
    private static final String DUMP_RING = "[[[500000,2799960],[500020,2799960],[500020,2800000],[500000,2800000],[500000,2799960]]]";
    private static final String FOREST_RING = "[[[500020,2799960],[500040,2799960],[500040,2800000],[500020,2800000],[500020,2799960]]]";
    private static final String WHOLE_RING = "[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private static String site(String id, String ring, String props) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"greenThreshold\":0.3" + props + "}," + CRS
                + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + ring + "}}";
    }

    private void ingest(String date, int[][] red, int[][] nir) throws Exception {
        Path r = TestTiffs.write(dir.resolve("r" + date + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {red});
        Path n = TestTiffs.write(dir.resolve("n" + date + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {nir});
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", r}, {"nir", n}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> putGoals(String id, String json) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        server.url("/api/v1/sites/" + id + "/goals"))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertBad(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo(field);
    }

    private void dumpAndForest() throws Exception {
        int[][] dumpRed = {{900, 1100}, {800, 1200}, {700, 1300}, {600, 1400}, {500, 1500}};
        for (int k = 0; k < 5; k++) {
            int r = dumpRed[k][0], n = dumpRed[k][1];
            ingest((2004 + 4 * k) + "-01-01", TestTiffs.columns(4, r, r, 200, 200), TestTiffs.columns(4, n, n, 800, 800));
        }
    }

    @Test
    void referenceRatioTargetDateAndEndmembers() throws Exception {
        dumpAndForest();
        assertThat(server.postJson("/api/v1/sites", site("forest", FOREST_RING, "")).statusCode()).isEqualTo(201);
        HttpResponse<String> created = server.postJson("/api/v1/sites", site("dump", DUMP_RING,
                ",\"referenceSite\":\"forest\",\"targetMeanIndex\":0.9"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode props = JSON.readTree(created.body()).get("properties");
        assertThat(props.get("referenceSite").asText()).isEqualTo("forest");
        assertThat(props.get("targetMeanIndex").asDouble()).isEqualTo(0.9);

        JsonNode ts = get("/api/v1/sites/dump/timeseries");
        JsonNode points = ts.get("points");
        assertThat(points).hasSize(5);
        for (int k = 0; k < 5; k++) {
            JsonNode p = points.get(k);
            double mean = 0.1 * (k + 1);
            assertThat(p.get("mean").asDouble()).isCloseTo(mean, within(1e-6));
            assertThat(p.get("referenceMean").asDouble()).isCloseTo(0.6, within(1e-6));
            assertThat(p.get("relativeIndex").asDouble()).isCloseTo(mean / 0.6, within(1e-6));
            assertThat(p.get("indexGap").asDouble()).isCloseTo(0.6 - mean, within(1e-6));
            // a uniform field: no variance, Moran's I undefined, n = 8 cells, standard error 0
            JsonNode u = p.get("uncertainty");
            assertThat(u.get("n").asDouble()).isCloseTo(8, within(1e-6));
            assertThat(u.get("moranI").isNull()).isTrue();
            assertThat(u.get("standardError").asDouble()).isCloseTo(0, within(1e-6));
        }
        JsonNode ref = ts.get("reference");
        assertThat(ref.get("site").asText()).isEqualTo("forest");
        assertThat(ref.get("matchedBy").asText()).isEqualTo("date");
        assertThat(ref.get("points")).hasSize(5);
        assertThat(ref.at("/relativeTrend/slopePerYear").asDouble()).isCloseTo(0.1 / 0.6 / 4, within(1e-6));
        assertThat(ref.at("/gapTrend/slopePerYear").asDouble()).isCloseTo(-0.025, within(1e-6));
        assertThat(ref.at("/gapTrend/mannKendallZ").asDouble()).isCloseTo(-9 / Math.sqrt(5 * 4 * 15 / 18.0), within(1e-6));

        JsonNode target = ts.get("target");
        assertThat(target.get("metric").asText()).isEqualTo("mean");
        assertThat(target.get("value").asDouble()).isEqualTo(0.9);
        assertThat(target.get("status").asText()).isEqualTo("projected");
        assertThat(target.get("projectedDate").asText()).isEqualTo("2036-01-01");
        assertThat(target.get("projectedDateLow").asText()).isEqualTo("2036-01-01");
        assertThat(target.get("projectedDateHigh").asText()).isEqualTo("2036-01-01");
        assertThat(ts.at("/trend/pivotDate").asText()).isEqualTo("2012-01-01");
        assertThat(ts.at("/trend/pivotValue").asDouble()).isCloseTo(0.3, within(1e-6));
        assertThat(ts.at("/fvcEndmembers/source").asText()).isEqualTo("site");
        assertThat(ts.get("warnings")).isEmpty();

        JsonNode derived = get("/api/v1/sites/dump/timeseries?fvcEndmembers=reference");
        assertThat(derived.at("/fvcEndmembers/source").asText()).isEqualTo("reference");
        assertThat(derived.at("/fvcEndmembers/ndviVeg").asDouble()).isCloseTo(0.6, within(1e-6));
        assertThat(derived.at("/fvcEndmembers/ndviSoil").asDouble()).isCloseTo(0.1, within(1e-6));
        assertThat(derived.at("/points/2/fvc").asDouble()).isCloseTo(0.4, within(1e-6));

        // the same through CSV: the added columns at the end
        HttpResponse<String> csv = server.get("/api/v1/sites/dump/timeseries?format=csv");
        String[] lines = csv.body().split("\n");
        String trendColumns = ",trendMetric,trendTest,trendSlopePerYear,trendSlopeLower95,trendSlopeUpper95,trendMannKendallZ,trendP"
                + ",relativeIndexTrendSlopePerYear,relativeIndexTrendP,indexGapTrendSlopePerYear,indexGapTrendP";
        assertThat(lines[0]).endsWith(",meanStandardError,meanLower95,meanUpper95,moranI,effectiveN,referenceMean,relativeIndex,indexGap"
                + trendColumns);
        String[] row = lines[3].split(",", -1); // 2012
        int t = row.length - 11; // the first trend column
        assertThat(Double.parseDouble(row[t - 3])).isCloseTo(0.6, within(1e-6));
        assertThat(Double.parseDouble(row[t - 2])).isCloseTo(0.5, within(1e-6));
        assertThat(Double.parseDouble(row[t - 1])).isCloseTo(0.3, within(1e-6));
        assertThat(row[t - 5]).isEmpty(); // Moran's I undefined
        assertThat(Double.parseDouble(row[t - 4])).isCloseTo(8, within(1e-6));
        // the trend, on every row: means 0.1 ... 0.5 every 4 years (1461 days, 4 × 365.25): 0.025 a year, every
        // pairwise slope equal so the interval is that point too; S = 10, Z = 9 / sqrt(5·4·15/18)
        assertThat(row[t]).isEqualTo("mean");
        assertThat(row[t + 1]).isEqualTo("mk");
        for (int k = 2; k <= 4; k++) assertThat(Double.parseDouble(row[t + k])).isCloseTo(0.025, within(1e-6));
        assertThat(Double.parseDouble(row[t + 5])).isCloseTo(9 / Math.sqrt(5 * 4 * 15 / 18.0), within(1e-6));
        assertThat(Double.parseDouble(row[t + 7])).isCloseTo(0.1 / 0.6 / 4, within(1e-6));
        assertThat(Double.parseDouble(row[t + 9])).isCloseTo(-0.025, within(1e-6));
        assertThat(lines[1].substring(lines[1].length() - 40)).isEqualTo(lines[5].substring(lines[5].length() - 40));

        // the report tables the reference: its site, the pairs, the trends (0.1 / 0.6 / 4 = 0.0417 and -0.025 a year)
        String report = server.get("/api/v1/sites/dump/report").body();
        assertThat(report).contains("<h3>Reference site</h3>").contains("Compared with <code>forest</code> on the same date (5 pairs)")
                .contains("<tr><th>relative index</th><td>0.0417</td>").contains("<tr><th>index gap</th><td>-0.0250</td>")
                .doesNotContain("\"matchedBy\""); // not as raw JSON under "Further series fields"

        // a site whose green fraction 0, 0, 1, 1, 1 reached 0.9 on 2012-01-01
        assertThat(server.postJson("/api/v1/sites", site("dump-green", DUMP_RING, ",\"targetGreenFraction\":0.9")).statusCode()).isEqualTo(201);
        JsonNode green = get("/api/v1/sites/dump-green/timeseries").get("target");
        assertThat(green.get("metric").asText()).isEqualTo("greenFraction");
        assertThat(green.get("status").asText()).isEqualTo("reached");
        assertThat(green.get("reachedOn").asText()).isEqualTo("2012-01-01");
        assertThat(get("/api/v1/sites/dump-green/timeseries").get("reference").isNull()).isTrue();

        // only 2004-2012: 0.1, 0.2, 0.3 (S = 3, Z = 2/1.915 = 1.044, p = 0.296): not projected, with the reason
        JsonNode early = get("/api/v1/sites/dump/timeseries?to=2012-12-31").get("target");
        assertThat(early.get("status").asText()).isEqualTo("not-projected");
        assertThat(early.get("reason").asText()).contains("not significant");
        assertThat(early.has("projectedDate")).isFalse();
    }

    @Test
    void badReferencesAndTargetsAreRefusedAndChangeNothing() throws Exception {
        dumpAndForest();
        assertThat(server.postJson("/api/v1/sites", site("forest", FOREST_RING, "")).statusCode()).isEqualTo(201);
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"referenceSite\":\"nowhere\"")), 400, "referenceSite");
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"referenceSite\":\"dump\"")), 400, "referenceSite");
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"referenceSite\":7")), 400, "referenceSite");
        // 100 km east in UTM (99.9 km on the sphere, grid scale 0.9996): beyond the 50 km a reference may lie
        String far = "[[[600020,2799960],[600040,2799960],[600040,2800000],[600020,2800000],[600020,2799960]]]";
        assertThat(server.postJson("/api/v1/sites", site("far-forest", far, "")).statusCode()).isEqualTo(201);
        HttpResponse<String> tooFar = server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"referenceSite\":\"far-forest\""));
        assertBad(tooFar, 400, "referenceSite");
        assertThat(JSON.readTree(tooFar.body()).get("detail").asText()).contains("99.9 km").contains("50 km");
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"targetGreenFraction\":1.5")), 400, "targetGreenFraction");
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"targetGreenFraction\":0.5,\"targetMeanIndex\":0.5")), 400,
                "targetMeanIndex");
        assertBad(server.postJson("/api/v1/sites", site("dump", DUMP_RING, ",\"targetMeanIndex\":\"high\"")), 400, "targetMeanIndex");
        assertThat(server.get("/api/v1/sites/dump").statusCode()).isEqualTo(404);

        // in one FeatureCollection the reference may come along
        String both = "{\"type\":\"FeatureCollection\",\"features\":[" + site("dump", DUMP_RING, ",\"referenceSite\":\"forest-2\"") + ","
                + site("forest-2", FOREST_RING, "") + "]}";
        assertThat(server.postJson("/api/v1/sites", both).statusCode()).isEqualTo(201);
        // a reference in use cannot be deleted
        HttpResponse<String> del = server.delete("/api/v1/sites/forest-2");
        assertThat(del.statusCode()).as(del.body()).isEqualTo(409);
        assertThat(server.get("/api/v1/sites/forest-2").statusCode()).isEqualTo(200);

        // goals of an existing site: set, refused (nothing changes), cleared
        assertThat(server.postJson("/api/v1/sites", site("later", DUMP_RING, "")).statusCode()).isEqualTo(201);
        HttpResponse<String> set = putGoals("later", "{\"referenceSite\":\"forest\",\"targetMeanIndex\":0.7}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).at("/properties/referenceSite").asText()).isEqualTo("forest");
        assertBad(putGoals("later", "{\"referenceSite\":\"far-forest\"}"), 400, "referenceSite");
        assertBad(putGoals("later", "{\"referenceSite\":\"later\"}"), 400, "referenceSite");
        assertBad(putGoals("later", "{\"targetMeanIndex\":2}"), 400, "targetMeanIndex");
        assertBad(putGoals("later", "{\"targetFraction\":0.5}"), 400, "targetFraction");
        assertThat(putGoals("nowhere", "{}").statusCode()).isEqualTo(404);
        JsonNode kept = get("/api/v1/sites/later").get("properties");
        assertThat(kept.get("referenceSite").asText()).isEqualTo("forest");
        assertThat(kept.get("targetMeanIndex").asDouble()).isEqualTo(0.7);
        assertThat(get("/api/v1/sites/later/timeseries").at("/target/metric").asText()).isEqualTo("mean");
        assertThat(putGoals("later", "{}").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/sites/later").get("properties").has("referenceSite")).isFalse();
        assertThat(get("/api/v1/sites/later/timeseries").get("target").isNull()).isTrue();

        assertBad(server.get("/api/v1/sites/forest/timeseries?fvcEndmembers=reference"), 400, "fvcEndmembers");
        assertBad(server.get("/api/v1/sites/forest/timeseries?fvcEndmembers=image"), 400, "fvcEndmembers");
        assertBad(server.get("/api/v1/sites/forest/timeseries?uncertainty=maybe"), 400, "uncertainty");
        assertBad(server.get("/api/v1/sites/forest/timeseries?months=5-x"), 400, "months");
        assertBad(server.get("/api/v1/sites/forest/timeseries?months=13"), 400, "months");
        // a window without any scene (all are January): 200 with no point and a warning, for every composite
        for (String composite : new String[] {"none", "annual-max", "annual-median", "pixel-max", "pixel-median"}) {
            JsonNode empty = get("/api/v1/sites/forest/timeseries?months=5-9&composite=" + composite);
            assertThat(empty.get("warnings").toString()).as(composite).contains("no-observations");
        }
    }

    /**
     * A checkerboard of NDVI 0.2 and 0.6 over the whole grid (Moran's I = −1, not credited: n_eff = 16; σ = 0.2, SE =
     * 0.05) and, on a second date, 2 × 2 blocks (I = 1/3, n_eff = 8, SE = 0.2/√8), see {@code SpatialAutocorrelationTest}.
     */
    @Test
    void standardErrorsFollowTheAutocorrelationOfThePixelField() throws Exception {
        int[][] red = new int[4][4], nir = new int[4][4], bred = new int[4][4], bnir = new int[4][4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                boolean a = (x + y) % 2 == 0, b = ((x / 2) + (y / 2)) % 2 == 0;
                red[y][x] = a ? 800 : 200;
                nir[y][x] = a ? 1200 : 800;
                bred[y][x] = b ? 800 : 200;
                bnir[y][x] = b ? 1200 : 800;
            }
        }
        ingest("2019-06-01", red, nir);
        ingest("2020-06-01", bred, bnir);
        assertThat(server.postJson("/api/v1/sites", site("whole", WHOLE_RING, "")).statusCode()).isEqualTo(201);
        JsonNode points = get("/api/v1/sites/whole/timeseries").get("points");
        JsonNode checker = points.get(0).get("uncertainty"), blocks = points.get(1).get("uncertainty");
        assertThat(points.get(0).get("mean").asDouble()).isCloseTo(0.4, within(1e-6));
        assertThat(checker.get("moranI").asDouble()).isCloseTo(-1, within(1e-6));
        assertThat(checker.get("n").asDouble()).isCloseTo(16, within(1e-6));
        assertThat(checker.get("effectiveN").asDouble()).isCloseTo(16, within(1e-6));
        assertThat(checker.get("standardError").asDouble()).isCloseTo(0.05, within(1e-6));
        assertThat(checker.get("lower95").asDouble()).isCloseTo(0.4 - 1.959964 * 0.05, within(1e-6));
        assertThat(checker.get("upper95").asDouble()).isCloseTo(0.4 + 1.959964 * 0.05, within(1e-6));
        assertThat(blocks.get("moranI").asDouble()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(blocks.get("effectiveN").asDouble()).isCloseTo(8, within(1e-6));
        assertThat(blocks.get("standardError").asDouble()).isCloseTo(0.2 / Math.sqrt(8), within(1e-6));
        // the same per-pixel composite of one scene a year is that scene's field
        JsonNode composite = get("/api/v1/sites/whole/timeseries?composite=pixel-max").get("points");
        assertThat(composite.get(1).at("/uncertainty/moranI").asDouble()).isCloseTo(1.0 / 3, within(1e-6));
        // annual-median points are medians of statistics: no field, no standard error; uncertainty=false: none at all
        assertThat(get("/api/v1/sites/whole/timeseries?composite=annual-median").at("/points/0/uncertainty").isNull()).isTrue();
        assertThat(get("/api/v1/sites/whole/timeseries?uncertainty=false").at("/points/0/uncertainty").isNull()).isTrue();
        assertThat(get("/api/v1/sites/whole/timeseries").get("uncertaintyMethod").asText()).isEqualTo("moran-rook-ar1");
    }
}
