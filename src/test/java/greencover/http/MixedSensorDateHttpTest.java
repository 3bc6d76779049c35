package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sentinel-2 and a Landsat scene of one date are harmonised before they are merged (issue 9, items 1 and 8). 4 × 4
 * scenes of 10 m (EPSG:32650), every column uniform; the site covers half of column 0, all of column 1 and half of
 * column 2, so those columns are 1/4, 1/2 and 1/4 of it.
 * <ul>
 *   <li>S2B 2021-06-01 (baseline 03.00 from the product name: reflectance = DN / 10000): red 0.1, B08 0.5, B8A 0.4,
 *       SCL 9 (cloud) on columns 0–1, 4 on columns 2–3. Own NDVI 0.4 / 0.6 = 0.6667; HLS S2B: red 0.9761·0.1 + 0.001 =
 *       0.09861, NIR 0.9966·0.4 + 0 = 0.39864, NDVI 0.30003 / 0.49725 = 0.6034 (stored to 1e-4).</li>
 *   <li>Landsat 2021-06-01, clear: red DN 9091 → 0.0500025, NIR DN 21818 → 0.399995, NDVI 0.7778.</li>
 * </ul>
 * Both are 10 m; Sentinel-2 ranks first (it has a processing baseline). Landsat wins columns 0–1 (Sentinel-2 is
 * cloud there, 3/4 of the site), Sentinel-2 column 2 (1/4). Harmonised: mean = 0.25·0.6034 + 0.75·0.7778 = 0.7342;
 * unharmonised: 0.25·0.6667 + 0.75·0.7778 = 0.750025; the date is fully clear and says {@code mixed-sensor}. A third
 * scene, S2A 2021-08-01 without B8A, enters a harmonised series with its own NDVI (0.6667) and says
 * {@code not-harmonized}.
 */
class MixedSensorDateHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"mix","properties":{"name":"Mixed date"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private Path uniform(String name, int dn) throws Exception { return TestTiffs.grid4x4(dir.resolve(name), dn, dn, dn, dn); }

    private void s2() throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2021-06-01"},
                        {"name", "S2B_MSIL2A_20210601T030549_N0300_R075_T50RMN_20210601T061915"}},
                new Object[][] {{"red", uniform("r.tif", 1000)}, {"nir", uniform("n.tif", 5000)}, {"nir08", uniform("n8a.tif", 4000)},
                        {"mask", TestTiffs.grid4x4(dir.resolve("scl.tif"), 9, 9, 4, 4)}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void landsat() throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "landsat-c2l2"}, {"acquired", "2021-06-01"}},
                new Object[][] {{"red", uniform("lr.tif", 9091)}, {"nir", uniform("ln.tif", 21818)}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private void s2WithoutB8a() throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2021-08-01"},
                        {"name", "S2A_MSIL2A_20210801T030549_N0300_R075_T50RMN_20210801T061915"}},
                new Object[][] {{"red", uniform("r2.tif", 1000)}, {"nir", uniform("n2.tif", 5000)}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode series(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/mix/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMixedSensorDateIsHarmonisedBeforeTheMergeAndSaysSo(boolean landsatFirst) throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        if (landsatFirst) landsat();
        s2();
        if (!landsatFirst) landsat();
        s2WithoutB8a();

        JsonNode ts = series("");
        assertThat(ts.get("harmonize").asText()).isEqualTo("hls");
        assertThat(ts.get("points")).hasSize(2);
        JsonNode date = ts.at("/points/0");
        assertThat(date.get("sceneIds")).hasSize(2);
        assertThat(date.get("sensor").asText()).contains("sentinel2-l2a").contains("landsat-c2l2");
        assertThat(date.get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(date.get("cloudFraction").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(date.get("mean").asDouble()).isCloseTo(0.25 * 0.6034 + 0.75 * 0.7778, within(1e-4));
        assertThat(date.get("harmonization").asText()).isEqualTo("hls");
        assertThat(date.get("quality").asText()).isEqualTo("ok");
        assertThat(texts(date.get("qualityReasons"))).containsExactly("mixed-sensor");
        JsonNode unadjusted = ts.at("/points/1");
        assertThat(unadjusted.get("mean").asDouble()).isCloseTo(0.6667, within(1e-4));
        assertThat(unadjusted.get("harmonization").asText()).isEqualTo("none");
        assertThat(texts(unadjusted.get("qualityReasons"))).containsExactly("not-harmonized");

        JsonNode raw = series("?harmonize=none");
        assertThat(raw.at("/points/0/mean").asDouble()).isCloseTo(0.25 * 0.6667 + 0.75 * 0.7778, within(1e-4));
        assertThat(raw.at("/points/0/harmonization").asText()).isEqualTo("none");
        assertThat(texts(raw.at("/points/0/qualityReasons"))).containsExactly("mixed-sensor");
        assertThat(texts(raw.at("/points/1/qualityReasons"))).isEmpty();

        String[] csv = server.get("/api/v1/sites/mix/timeseries?format=csv").body().trim().split("\n");
        // (then the uncertainty and reference columns the series analysis adds)
        assertThat(csv[1]).contains(",ok,hls,,mixed-sensor,");
        assertThat(csv[2]).contains(",ok,none,,not-harmonized,");
    }
}
