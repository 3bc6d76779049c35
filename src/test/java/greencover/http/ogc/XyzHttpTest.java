package greencover.http.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XYZ tiles and TileJSON over a real server; the test raster lies near 117°E, 1.2°S. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XyzHttpTest {
    private final TestServer server = new TestServer();
    private final ObjectMapper json = new ObjectMapper();

    @AfterAll
    void stop() { server.close(); }

    private static String header(java.net.http.HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void tileIs256PixelsAndRetinaTileIs512() throws IOException {
        var r = server.get("/tiles/ndvi/3/6/4.png?time=2024-05-01&style=greencover");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(WmsHttpTest.image(r).getWidth()).isEqualTo(256);
        var retina = server.get("/tiles/ndvi/3/6/4@2x.png");
        assertThat(retina.statusCode()).isEqualTo(200);
        BufferedImage img = WmsHttpTest.image(retina);
        assertThat(img.getWidth()).isEqualTo(512);
        assertThat(img.getHeight()).isEqualTo(512);
    }

    @Test
    void tileWithoutDataIsFullyTransparent() throws IOException {
        // z=10 tile 0/0 is at 180°W, 85°N, far from the raster near 117°E, 1°S
        var r = server.get("/tiles/ndvi/10/0/0.png");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = WmsHttpTest.image(r);
        assertThat(img.getWidth()).isEqualTo(256);
        for (int y = 0; y < 256; y += 15) {
            for (int x = 0; x < 256; x += 15) assertThat(img.getRGB(x, y) >>> 24).as("alpha at %d,%d", x, y).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/tiles/ndvi/3/9/2.png, TileOutOfRange",     // x ≥ 2^3
        "/tiles/ndvi/3/2/8.png, TileOutOfRange",     // y ≥ 2^3
        "/tiles/ndvi/-1/0/0.png, TileOutOfRange",
        "/tiles/ndvi/2/-1/0.png, TileOutOfRange",
        "/tiles/ndvi/25/0/0.png, TileOutOfRange",    // deeper than zoom 24
        "/tiles/ndvi/3/a/2.png, TileOutOfRange",
        "/tiles/ndvi/3/2/2.gif, TileOutOfRange",
        "/tiles/nope/0/0/0.png, LayerNotDefined",
        "/tiles/nope/tilejson.json, LayerNotDefined"})
    void addressesOutsideTheGridOrUnknownLayersAre404Json(String path, String code) throws IOException {
        var r = server.get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(header(r, "Content-Type")).startsWith("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo(code);
        assertThat(body.path("detail").asText()).isNotEmpty();
        assertThat(body.path("status").asInt()).isEqualTo(404);
    }

    @Test
    void unknownStyleIs400Json() throws IOException {
        var r = server.get("/tiles/ndvi/0/0/0.png?style=nope");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).path("error").asText()).isEqualTo("StyleNotDefined");
    }

    @Test
    void tileJsonCarriesAnAbsoluteTemplateWithTheQuery() throws IOException {
        var r = server.get("/tiles/ndvi/tilejson.json?time=2024-05-01&style=greencover");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("application/json");
        JsonNode t = json.readTree(r.body());
        assertThat(t.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(t.path("scheme").asText()).isEqualTo("xyz");
        assertThat(t.path("tiles").get(0).asText())
                .isEqualTo(server.origin() + "/tiles/ndvi/{z}/{x}/{y}.png?time=2024-05-01&style=greencover");
        assertThat(t.path("minzoom").asInt()).isZero();
        assertThat(t.path("maxzoom").asInt()).isEqualTo(18);
        assertThat(t.path("bounds").size()).isEqualTo(4);
        assertThat(t.path("center").size()).isEqualTo(3);
        assertThat(t.path("dates").get(0).asText()).isEqualTo("2024-05-01");
    }

    @Test
    void layersApiListsLayersWithDatesAndUrls() throws IOException {
        var r = server.get("/api/v1/layers");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode ndvi = null;
        for (JsonNode l : json.readTree(r.body()).path("layers")) if (l.path("name").asText().equals("ndvi")) ndvi = l;
        assertThat(ndvi).isNotNull();
        assertThat(ndvi.path("dates").size()).isEqualTo(2);
        assertThat(ndvi.path("tiles").asText()).isEqualTo("/tiles/ndvi/{z}/{x}/{y}.png");
        assertThat(ndvi.path("styles").get(0).path("legend").asText()).contains("GetLegendGraphic");
    }

    @Test
    void cachedTilesAreServedFromMemoryAndInvalidatedByIngest() {
        long missesBefore = server.routes.cache().misses();
        server.get("/tiles/ndvi/4/13/8.png");
        server.get("/tiles/ndvi/4/13/8.png");
        assertThat(server.routes.cache().misses() - missesBefore).isEqualTo(1);
        server.data.bump();
        server.get("/tiles/ndvi/4/13/8.png");
        assertThat(server.routes.cache().misses() - missesBefore).isEqualTo(2);
    }

    @Test
    void aYearAndTheIntervalOfItsDaysAreOneTileWithOneEtag() {
        String year = header(server.get("/tiles/ndvi/3/6/4.png?time=2024"), "ETag");
        String days = header(server.get("/tiles/ndvi/3/6/4.png?time=2024-01-01/2024-12-31"), "ETag");
        String may = header(server.get("/tiles/ndvi/3/6/4.png?time=2024-05"), "ETag");
        assertThat(year).isNotNull().isEqualTo(days);
        assertThat(may).isNotNull().isNotEqualTo(year);
    }

    @Test
    void malformedTimeIs400JsonNamingTheParameter() throws IOException {
        var r = server.get("/tiles/ndvi/0/0/0.png?time=june");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("InvalidDimensionValue");
        assertThat(body.path("field").asText()).isEqualTo("time");
    }
}
