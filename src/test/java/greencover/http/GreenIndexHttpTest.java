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
 * End-to-end: an index that needs the green band (GNDVI, added as one class and one registry line) is computed
 * from an uploaded {@code green} part and published everywhere with no other edit.
 *
 * <p>The scene is the 4 x 4 grid of 10 m pixels of {@link RestApiHttpTest} (EPSG:32650, upper-left corner
 * (500000, 2800000)), Sentinel-2 L2A dated 2020 (baseline before 04.00: reflectance = DN / 10000). Columns 0-1:
 * NIR 0.45, green 0.09, GNDVI = 0.36/0.54 = 0.666667; columns 2-3: NIR 0.22, green 0.15, GNDVI = 0.07/0.37 =
 * 0.189189. The half-pixel-offset site covers 4.5 pixels of columns 0-1 and 1.5 of columns 2-3, so its mean
 * GNDVI is (4.5 x 0.666667 + 1.5 x 0.189189)/6 = 0.547297.
 */
class GreenIndexHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"half-offset","properties":{"name":"Half-pixel offset"},
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

    @Test
    void uploadedGreenBandGivesAGndviLayerTimeSeriesAndOpenApiEntry() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        HttpResponse<String> up = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}, {"name", "with-green"}},
                new Object[][] {{"red", band("r", 500, 500, 1800, 1800)}, {"nir", band("n", 4500, 4500, 2200, 2200)},
                    {"green", band("g", 900, 900, 1500, 1500)}}, TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(JSON.readTree(up.body()).at("/scene/indices").toString()).contains("\"gndvi\"");

        JsonNode ts = JSON.readTree(server.get("/api/v1/sites/half-offset/timeseries?index=gndvi").body());
        assertThat(ts.get("points")).hasSize(1);
        assertThat(ts.at("/points/0/mean").asDouble()).isCloseTo(0.547297, within(2e-4));

        boolean inLayers = false;
        for (JsonNode l : JSON.readTree(server.get("/api/v1/layers").body()).get("layers")) {
            if (l.get("name").asText().equals("gndvi")) {
                inLayers = true;
                assertThat(l.at("/dates/0").asText()).isEqualTo("2020-06-01");
            }
        }
        assertThat(inLayers).as("gndvi in /api/v1/layers").isTrue();

        String caps = server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities").body();
        assertThat(caps).contains("<Name>gndvi</Name>");

        JsonNode api = JSON.readTree(server.get("/api/v1/openapi.json").body());
        boolean inEnum = false;
        for (JsonNode p : api.at("/paths").get("/api/v1/sites/{id}/timeseries").at("/get/parameters")) {
            if (p.path("name").asText().equals("index")) {
                for (JsonNode k : p.at("/schema/enum")) inEnum |= k.asText().equals("gndvi");
            }
        }
        assertThat(inEnum).as("gndvi in the OpenAPI index enum").isTrue();
    }
}
