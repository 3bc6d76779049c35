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
 * The trend block through the real server: five uniform 4 × 4 Sentinel-2 scenes on January 1 of 2019–2023 (before
 * baseline 04.00, so DN = reflectance × 10000) with NDVI 0.1, 0.3, 0.2, 0.5, 0.4 (red/NIR DNs 900/1100, 700/1300,
 * 1000/1500, 1000/3000, and 1600/2400 for 2023, whose DNs carry the 04.00 offset of 1000). Mann–Kendall: S = 4 + 1 + 2 − 1 = 6, Var = 5·4·15/18 = 16.667, Z = 5/4.082483 =
 * 1.224745. Sen's 95 % interval over the ten pairwise slopes spans ranks 1 and 10 (see
 * {@code TrendTestsTest.theilSenIntervalByHand}): the smallest slope −0.1 per 365 days (2022→2023) = −0.100068/yr and
 * the largest 0.3 per 365 days (2021→2022) = 0.300205/yr.
 */
class SeriesTrendHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"uniform","properties":{"name":"Uniform","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private void ingest(String date, int redDn, int nirDn) throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("r" + date + ".tif"), redDn, redDn, redDn, redDn);
        Path nir = TestTiffs.grid4x4(dir.resolve("n" + date + ".tif"), nirDn, nirDn, nirDn, nirDn);
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode series(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/uniform/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void trendCarriesSensIntervalAndTheChosenTest() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2019-01-01", 900, 1100);
        ingest("2020-01-01", 700, 1300);
        ingest("2021-01-01", 1000, 1500);
        ingest("2022-01-01", 1000, 3000);
        ingest("2023-01-01", 1600, 2400); // after 2022-01-25: baseline 04.00 by date, DN = reflectance × 10000 + 1000

        JsonNode ts = series("");
        assertThat(ts.get("trendTest").asText()).isEqualTo("mk");
        JsonNode t = ts.get("trend");
        assertThat(t.get("test").asText()).isEqualTo("mk");
        assertThat(t.get("n").asInt()).isEqualTo(5);
        assertThat(t.get("mannKendallZ").asDouble()).isCloseTo(1.224745, within(1e-6));
        assertThat(t.get("slopeLowerPerYear").asDouble()).isCloseTo(-0.1 * 365.25 / 365, within(1e-6));
        assertThat(t.get("slopeUpperPerYear").asDouble()).isCloseTo(0.3 * 365.25 / 365, within(1e-6));
        assertThat(t.get("confidence").asDouble()).isEqualTo(0.95);

        // one observation per calendar month (January) each year: the seasonal test is the classic one here
        JsonNode seasonal = series("?trendTest=seasonal-mk").get("trend");
        assertThat(seasonal.get("test").asText()).isEqualTo("seasonal-mk");
        assertThat(seasonal.get("method").asText()).isEqualTo("seasonal-theil-sen");
        assertThat(seasonal.get("mannKendallZ").asDouble()).isCloseTo(1.224745, within(1e-6));
        // ranks of 0.1 0.3 0.2 0.5 0.4 minus 0.1·i have no significant lag (n = 5, bound 0.877): Hamed–Rao = classic
        JsonNode hr = series("?trendTest=hamed-rao").get("trend");
        assertThat(hr.get("test").asText()).isEqualTo("hamed-rao");
        assertThat(hr.get("mannKendallZ").asDouble()).isCloseTo(1.224745, within(1e-6));

        HttpResponse<String> bad = server.get("/api/v1/sites/uniform/timeseries?trendTest=spearman");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("trendTest");

        JsonNode api = JSON.readTree(server.get("/api/v1/openapi.json").body());
        JsonNode params = api.at("/paths/~1api~1v1~1sites~1{id}~1timeseries/get/parameters");
        boolean listed = false;
        for (JsonNode p : params) {
            if (p.get("name").asText().equals("trendTest")) {
                listed = true;
                assertThat(p.at("/schema/enum").toString()).contains("seasonal-mk", "hamed-rao");
            }
        }
        assertThat(listed).isTrue();
    }
}
