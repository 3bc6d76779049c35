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
 * End-to-end: the sensor {@code sentinel2-l2a-harmonized} (added as one class and one registry line) reads the
 * same DNs without the BOA offset that {@code sentinel2-l2a} applies from baseline 04.00.
 *
 * <p>The 4 x 4 scene and half-pixel-offset site of {@link RestApiHttpTest}; product name N0509. Columns 0-1: red DN
 * 1500, NIR 5500; columns 2-3: red 2800, NIR 3200. The site covers 4.5 pixels of columns 0-1, 1.5 of columns 2-3.
 * <ul>
 *   <li>{@code sentinel2-l2a}, offset −1000: red .05 / .18, NIR .45 / .22, NDVI .8 / .1, mean (4.5 x .8 + 1.5 x .1)/6
 *       = 0.625;</li>
 *   <li>{@code sentinel2-l2a-harmonized}, no offset: red .15 / .28, NIR .55 / .32, NDVI .4/.7 = .571429 and
 *       .04/.6 = .066667, mean (4.5 x .571429 + 1.5 x .066667)/6 = 0.445238;</li>
 * </ul>
 * a difference of 0.179762. The same files cannot be two scenes at once, so the first is deleted before the
 * second upload.
 */
class HarmonizedSentinel2HttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "S2B_MSIL2A_20230601T030000_N0509_R032_T50RMN_20230601T050000";
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

    private JsonNode ingest(String sensor, Path red, Path nir) throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", sensor}, {"acquired", "2023-06-01"}, {"name", NAME}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    @Test
    void harmonizedScenesAreReadWithoutTheOffsetOfBaseline0400() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        Path red = TestTiffs.grid4x4(dir.resolve("red.tif"), 1500, 1500, 2800, 2800);
        Path nir = TestTiffs.grid4x4(dir.resolve("nir.tif"), 5500, 5500, 3200, 3200);

        JsonNode offset = ingest("sentinel2-l2a", red, nir);
        assertThat(offset.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        double withOffset = offset.at("/statistics/0/mean").asDouble();
        assertThat(withOffset).isCloseTo(0.625, within(2e-4));
        assertThat(server.delete("/api/v1/scenes/" + offset.at("/scene/id").asText()).statusCode()).isEqualTo(204);

        JsonNode harmonized = ingest("sentinel2-l2a-harmonized", red, nir);
        assertThat(harmonized.at("/scene/sensor").asText()).isEqualTo("sentinel2-l2a-harmonized");
        assertThat(harmonized.at("/scene/offsetDn").asInt()).isZero();
        double without = harmonized.at("/statistics/0/mean").asDouble();
        assertThat(without).isCloseTo(0.445238, within(2e-4));
        assertThat(withOffset - without).isCloseTo(0.179762, within(3e-4));
    }
}
