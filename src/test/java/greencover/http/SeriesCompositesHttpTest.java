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
 * End-to-end regression of {@code composite=annual-median|annual-max}: four Sentinel-2 scenes of 2021 (before
 * processing baseline 04.00, so DN = reflectance × 10000), each a uniform 4 × 4 grid with red/NIR 0.1/0.15,
 * 0.1/0.9, 0.1/0.3 and 0.05/0.45: NDVI 0.2 (Mar 1), 0.8 (May 1), 0.5 (Aug 1) and 0.8 (Oct 1). So the site mean of each date is
 * that NDVI, the annual median is (0.5 + 0.8) / 2 = 0.65 dated 2021-07-01 (not the lower-middle observation 0.5 of
 * Aug 1), and the annual maximum is 0.8 on May 1, the earlier of the two equal maxima.
 */
class SeriesCompositesHttpTest {
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
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"name", "scene-" + date}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode series(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/uniform/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void annualMedianIsTheMeanOfTheMiddleTwoDatedJulyFirstAndAnnualMaxTakesTheEarliestOfEqualMaxima() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2021-03-01", 1000, 1500);
        ingest("2021-05-01", 1000, 9000);
        ingest("2021-08-01", 1000, 3000);
        ingest("2021-10-01", 500, 4500); // other files (equal ones would be the same scene), the same NDVI 0.8

        JsonNode all = series("");
        assertThat(all.get("points")).hasSize(4);
        assertThat(all.at("/points/1/mean").asDouble()).isCloseTo(0.8, within(1e-6));

        JsonNode median = series("?composite=annual-median");
        assertThat(median.get("composite").asText()).isEqualTo("annual-median");
        assertThat(median.get("points")).hasSize(1);
        JsonNode m = median.at("/points/0");
        assertThat(m.get("date").asText()).isEqualTo("2021-07-01");
        assertThat(m.get("mean").asDouble()).isCloseTo(0.65, within(1e-6));
        assertThat(m.get("sceneIds")).hasSize(4);
        assertThat(m.get("quality").asText()).isEqualTo("ok");
        // green (NDVI >= 0.3) on three of the four dates, all or nothing: the median of 0, 1, 1, 1 is 1
        assertThat(m.get("greenFraction").asDouble()).isCloseTo(1.0, within(1e-9));

        JsonNode max = series("?composite=annual-max");
        assertThat(max.get("points")).hasSize(1);
        assertThat(max.at("/points/0/date").asText()).isEqualTo("2021-05-01");
        assertThat(max.at("/points/0/mean").asDouble()).isCloseTo(0.8, within(1e-6));
        assertThat(max.at("/points/0/sceneIds")).hasSize(1);

        HttpResponse<String> csv = server.get("/api/v1/sites/uniform/timeseries?composite=annual-median&format=csv");
        String[] lines = csv.body().trim().split("\n");
        assertThat(lines).hasSize(2);
        // no baseline in the scene names: the offset rests on the acquisition date (a quality reason, not a flag)
        // (then the uncertainty and reference columns, empty: an annual-median point has no pixel field, the site no
        // reference; then the trend of the mean by the classic test, empty figures for one point, no reference trends)
        assertThat(lines[1]).startsWith("2021-07-01,").endsWith(",ok,none,,offset-unverified,,,,,,,,,mean,mk,,,,,,,,,");

        HttpResponse<String> bad = server.get("/api/v1/sites/uniform/timeseries?composite=annual-mean");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("composite");
        HttpResponse<String> badTrend = server.get("/api/v1/sites/uniform/timeseries?trend=std");
        assertThat(badTrend.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badTrend.body()).get("field").asText()).isEqualTo("trend");
    }
}
