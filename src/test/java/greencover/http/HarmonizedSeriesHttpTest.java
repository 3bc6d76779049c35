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
 * Harmonised Sentinel-2 + Landsat series through the real server, on 4 × 4 scenes (10 m, EPSG:32650) whose every
 * column is uniform. The site covers half of column 0, all of column 1 and half of column 2 (x 500005–500025), so those
 * columns are 1/4, 1/2 and 1/4 of it.
 * <ul>
 *   <li>Sentinel-2 B 2021-06-01 (before baseline 04.00: reflectance = DN / 10000): red 0.1, B08 0.5, B8A 0.4.
 *       Own NDVI (B08) = 0.4 / 0.6 = 0.666667. HLS S2B: red 0.9761·0.1 + 0.001 = 0.09861, NIR 0.9966·0.4 + 0 = 0.39864,
 *       NDVI = 0.30003 / 0.49725 = 0.603379 (stored to 1e-4: 0.6034).</li>
 *   <li>Landsat 2021-07-01: red DN 9091 → 9091·0.0000275 − 0.2 = 0.0500025, NIR DN 21818 → 0.399995, NDVI =
 *       0.3499925 / 0.4499975 = 0.777767. QA_RADSAT per column 2048 (terrain occlusion), 16 (B5 NIR saturated), 2
 *       (B2 blue saturated: NDVI keeps the pixel), 0: columns 0 and 1 are no data, so validFraction = 1/4, nodata 3/4.</li>
 * </ul>
 */
class HarmonizedSeriesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"mix","properties":{"name":"Mixed sensors","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private Path uniform(String name, int dn) throws Exception { return TestTiffs.grid4x4(dir.resolve(name), dn, dn, dn, dn); }

    private JsonNode series(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/mix/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void ingestBoth() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        HttpResponse<String> s2 = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2021-06-01"},
                        {"name", "S2B_MSIL2A_20210601T030549_N0300_R075_T50RMN_20210601T061915"}},
                new Object[][] {{"red", uniform("r.tif", 1000)}, {"nir", uniform("n.tif", 5000)}, {"nir08", uniform("n8a.tif", 4000)}},
                TestServer.TOKEN);
        assertThat(s2.statusCode()).as(s2.body()).isEqualTo(201);
        JsonNode scene = JSON.readTree(s2.body());
        assertThat(scene.toString()).as(scene.toString()).contains("ndvi-hls").contains("\"hlsPlatform\":\"S2B\"").contains("product-name");
        HttpResponse<String> l8 = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "landsat-c2l2"}, {"acquired", "2021-07-01"}},
                new Object[][] {{"red", uniform("lr.tif", 9091)}, {"nir", uniform("ln.tif", 21818)},
                        {"qa_radsat", TestTiffs.grid4x4(dir.resolve("radsat.tif"), 2048, 16, 2, 0)}}, TestServer.TOKEN);
        assertThat(l8.statusCode()).as(l8.body()).isEqualTo(201);
    }

    @Test
    void mixedSensorsAreHarmonisedByDefaultAndEachPointSaysHow() throws Exception {
        ingestBoth();
        JsonNode ts = series("");
        assertThat(ts.get("harmonize").asText()).isEqualTo("hls");
        assertThat(ts.get("points")).hasSize(2);
        JsonNode s2 = ts.at("/points/0"), l8 = ts.at("/points/1");
        assertThat(s2.get("mean").asDouble()).isCloseTo(0.603379, within(1e-4));
        assertThat(s2.get("harmonization").asText()).isEqualTo("hls");
        assertThat(l8.get("mean").asDouble()).isCloseTo(0.777767, within(1e-4));
        assertThat(l8.get("harmonization").asText()).isEqualTo("hls");
        assertThat(l8.get("validFraction").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(l8.get("nodataFraction").asDouble()).isCloseTo(0.75, within(1e-9));

        JsonNode raw = series("?harmonize=none");
        assertThat(raw.get("harmonize").asText()).isEqualTo("none");
        assertThat(raw.at("/points/0/mean").asDouble()).isCloseTo(0.666667, within(1e-4));
        assertThat(raw.at("/points/0/harmonization").asText()).isEqualTo("none");

        JsonNode onlyS2 = series("?sensors=sentinel2-l2a");
        assertThat(onlyS2.get("points")).hasSize(1);
        assertThat(onlyS2.get("harmonize").asText()).isEqualTo("none"); // one sensor: nothing to harmonise by default
        assertThat(onlyS2.at("/points/0/mean").asDouble()).isCloseTo(0.666667, within(1e-4));
        assertThat(series("?sensors=sentinel2-l2a&harmonize=hls").at("/points/0/mean").asDouble()).isCloseTo(0.603379, within(1e-4));
        JsonNode onlyLandsat = series("?sensors=landsat-c2-l2");
        assertThat(onlyLandsat.get("points")).hasSize(1);
        assertThat(onlyLandsat.at("/points/0/sensor").asText()).isEqualTo("landsat-c2l2");
        assertThat(onlyLandsat.get("sensors").toString()).isEqualTo("[\"landsat-c2l2\"]");

        String[] csv = server.get("/api/v1/sites/mix/timeseries?format=csv").body().trim().split("\n");
        // (then the uncertainty and reference columns the series analysis adds)
        assertThat(csv[0]).startsWith("date,sceneIds,sensor,mean,").contains(",quality,harmonization,notes,qualityReasons,meanStandardError,");
        assertThat(csv[1]).contains(",ok,hls,,,"); // the whole site valid, its baseline from the product name: no reason
        assertThat(csv[2]).contains(",low-valid,hls,,low-clear;partial-scene,"); // Landsat: 3 of 4 columns saturated
    }

    @Test
    void badSensorsHarmonizeAndBandRolesAreFourHundredsNamingTheField() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        for (String[] c : new String[][] {{"sensors=modis", "sensors"}, {"harmonize=sen2like", "harmonize"}, {"sensors=", "sensors"}}) {
            HttpResponse<String> r = server.get("/api/v1/sites/mix/timeseries?" + c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("field").asText()).isEqualTo(c[1]);
        }
        HttpResponse<String> radsatOnS2 = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2021-06-01"}},
                new Object[][] {{"red", uniform("r.tif", 1000)}, {"nir", uniform("n.tif", 5000)}, {"qa_radsat", uniform("q.tif", 0)}},
                TestServer.TOKEN);
        assertThat(radsatOnS2.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(radsatOnS2.body()).get("field").asText()).isEqualTo("qa_radsat");
        HttpResponse<String> badPlatform = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2021-06-01"}, {"platform", "S2D"}},
                new Object[][] {{"red", uniform("r.tif", 1000)}, {"nir", uniform("n.tif", 5000)}}, TestServer.TOKEN);
        assertThat(badPlatform.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPlatform.body()).get("field").asText()).isEqualTo("platform");
    }
}
