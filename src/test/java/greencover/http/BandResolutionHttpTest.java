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
 * Bands on another grid than the red band are read at the red band's pixel centres, which is right only when one
 * pixel size is a whole multiple of the other. The red and NIR bands are the 4 x 4 EPSG:32650 grid of 10 m pixels at
 * (500000, 2800000), NDVI 0.8 everywhere (red 500, NIR 4500, no offset in 2020); the site is exactly that grid.
 * <ul>
 *   <li>a 20 m SCL of 2 x 2 cells whose north-west cell is cloud (9), the others vegetation (4): the cloud covers
 *       4 of the 16 pixels, so cloudFraction 0.25, validFraction 0.75, mean 0.8;</li>
 *   <li>a 15 m SCL (3 x 3 cells over the same corner) or a 15 m NIR band is a 400 {@code resolution_mismatch} naming
 *       the band, and nothing is stored.</li>
 * </ul>
 */
class BandResolutionHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"grid","properties":{"name":"The 4 x 4 grid"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""";

    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        HttpResponse<String> site = server.postJson("/api/v1/sites", SITE);
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    private HttpResponse<String> upload(Path red, Path nir, Path mask) throws Exception {
        return server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                new Object[][] {{"red", red}, {"nir", nir}, {"mask", mask}}, TestServer.TOKEN);
    }

    private Path red() throws Exception { return TestTiffs.grid4x4(dir.resolve("red.tif"), 500, 500, 500, 500); }

    private Path nir() throws Exception { return TestTiffs.grid4x4(dir.resolve("nir.tif"), 4500, 4500, 4500, 4500); }

    @Test
    void aTwentyMetreMaskUnderTenMetreBandsIsReadAtTheirPixelCentres() throws Exception {
        Path scl = TestTiffs.write(dir.resolve("scl20.tif"), 32650, 500000, 2800000, 20, new int[][][] {{{9, 4}, {4, 4}}});
        HttpResponse<String> r = upload(red(), nir(), scl);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode st = JSON.readTree(r.body()).at("/statistics/0");
        assertThat(st.get("cloudFraction").asDouble()).isCloseTo(0.25, within(1e-9));
        assertThat(st.get("validFraction").asDouble()).isCloseTo(0.75, within(1e-9));
        assertThat(st.get("mean").asDouble()).isCloseTo(0.8, within(1e-4));
    }

    @Test
    void aMaskOrABandWhosePixelSizeIsNoWholeMultipleIsA400AndNothingIsStored() throws Exception {
        Path scl15 = TestTiffs.write(dir.resolve("scl15.tif"), 32650, 500000, 2800000, 15,
                new int[][][] {{{4, 4, 4}, {4, 4, 4}, {4, 4, 4}}});
        assertMismatch(upload(red(), nir(), scl15), "mask", "15 x 15");

        Path scl10 = TestTiffs.grid4x4(dir.resolve("scl10.tif"), 4, 4, 4, 4);
        Path nir15 = TestTiffs.write(dir.resolve("nir15.tif"), 32650, 500000, 2800000, 15,
                new int[][][] {{{4500, 4500, 4500}, {4500, 4500, 4500}, {4500, 4500, 4500}}});
        assertMismatch(upload(red(), nir15, scl10), "nir", "15 x 15");

        JsonNode scenes = JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes");
        assertThat(scenes).isEmpty();
        JsonNode series = JSON.readTree(server.get("/api/v1/sites/grid/timeseries").body()).get("points");
        assertThat(series).isEmpty();
    }

    private static void assertMismatch(HttpResponse<String> r, String field, String size) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("error").asText()).isEqualTo("resolution_mismatch");
        assertThat(e.get("field").asText()).isEqualTo(field);
        assertThat(e.get("detail").asText()).contains(size).contains("10 x 10");
    }
}
