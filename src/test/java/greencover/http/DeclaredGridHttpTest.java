package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proj:transform} and {@code proj:shape} of a STAC item, on its assets or the item: an item whose declared grid
 * meets no site is refused before any range request (counted on the range server: zero), and a declaration the file's
 * header contradicts is warned about ({@code item-grid-mismatch}) while the header's grid is read.
 *
 * <p>The COGs: red 500 and NIR 3000 DN (constant) on 1024 x 1024 pixels of 10 m in EPSG:32650, tiled 256: {@code red.tif}
 * and {@code nir.tif} from (500000, 2800000), over the site (the square x 504000..504600, y 2795000..2795600; NDVI
 * 2500 / 3500 = 0.714286); {@code far-red.tif} and {@code far-nir.tif} from (600000, 2800000), x 600000..610240, which
 * the site misses by 96 km.
 */
class DeclaredGridHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private RangeFileServer files;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        int[][] red = new int[1024][1024], nir = new int[1024][1024];
        for (int y = 0; y < 1024; y++) {
            java.util.Arrays.fill(red[y], 500);
            java.util.Arrays.fill(nir[y], 3000);
        }
        Cogs.write(cogs.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 500000, 2800000, 10, nir, 256);
        Cogs.write(cogs.resolve("far-red.tif"), 32650, 600000, 2800000, 10, red, 256);
        Cogs.write(cogs.resolve("far-nir.tif"), 32650, 600000, 2800000, 10, nir, 256);
        files = new RangeFileServer(cogs);
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, java.time.Duration.ofMillis(10))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        files.close();
    }

    /** {@code "proj:shape": [rows, cols], "proj:transform": [10, 0, x0, 0, -10, 2800000]} as JSON members (with a leading comma). */
    private static String grid(int rows, int cols, double x0) {
        return ",\"proj:shape\":[" + rows + "," + cols + "],\"proj:transform\":[10,0," + x0 + ",0,-10,2800000]";
    }

    /** A user-mapped item (id {@code id}): red and nir assets with their own members, the item's properties with {@code props}. */
    private HttpResponse<String> post(String id, String props, String red, String redMembers, String nir, String nirMembers) throws Exception {
        String item = "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"mine\","
                + "\"properties\":{\"datetime\":\"2023-06-01T03:12:00Z\",\"proj:code\":\"EPSG:32650\"" + props + "},"
                + "\"assets\":{\"r\":{\"href\":\"" + files.url(red) + "\"" + redMembers + "},\"n\":{\"href\":\"" + files.url(nir) + "\"" + nirMembers + "}}}";
        return server.postJson("/api/v1/scenes", "{\"stacItem\":" + item + ",\"collectionProfile\":{\"sensor\":\"sentinel2-l2a\","
                + "\"assets\":{\"red\":\"r\",\"nir\":\"n\"},\"fields\":{\"processingBaseline\":\"03.00\"}}}");
    }

    @Test
    void anItemWhoseDeclaredGridMissesTheSitesIsRefusedBeforeAnyRangeRequest() throws Exception {
        // declared on the assets
        HttpResponse<String> res = post("far-assets", "", "far-red.tif", grid(1024, 1024, 600000), "far-nir.tif", grid(1024, 1024, 600000));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).isEqualTo("no_site_in_scene");
        assertThat(e.get("detail").asText()).contains("far-red.tif").contains("proj:transform").contains("nothing was fetched");
        assertThat(files.requests("far-red.tif")).isZero();
        assertThat(files.requests("far-nir.tif")).isZero();

        // declared once on the item, for every asset
        HttpResponse<String> onItem = post("far-item", grid(1024, 1024, 600000), "far-red.tif", "", "far-nir.tif", "");
        assertThat(onItem.statusCode()).as(onItem.body()).isEqualTo(400);
        assertThat(JSON.readTree(onItem.body()).get("error").asText()).isEqualTo("no_site_in_scene");
        assertThat(files.requests("far-red.tif") + files.requests("far-nir.tif")).isZero();

        // without a declaration the same answer needs the header of the red file
        HttpResponse<String> undeclared = post("far-undeclared", "", "far-red.tif", "", "far-nir.tif", "");
        assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(400);
        assertThat(JSON.readTree(undeclared.body()).get("error").asText()).isEqualTo("no_site_in_scene");
        assertThat(files.requests("far-red.tif")).isPositive();
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }

    @Test
    void aDeclaredGridTheHeaderContradictsIsWarnedAboutAndTheHeaderIsRead() throws Exception {
        HttpResponse<String> wrong = post("wrong-shape", "", "red.tif", grid(1000, 1000, 500000), "nir.tif", grid(1024, 1024, 500000));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(201);
        JsonNode w = JSON.readTree(wrong.body());
        assertThat(w.at("/statistics/0/mean").asDouble()).isCloseTo(2500.0 / 3500, within(1e-4));
        assertThat(w.get("warnings").toString()).contains("item-grid-mismatch").contains("red asset").contains("[1000, 1000]")
                .contains("[1024, 1024]").doesNotContain("nir asset");
        assertThat(w.at("/scene/source/projShape.red").asText()).isEqualTo("1000,1000");

        HttpResponse<String> right = post("right-shape", grid(1024, 1024, 500000), "red.tif", "", "nir.tif", "");
        assertThat(right.statusCode()).as(right.body()).isEqualTo(201);
        assertThat(JSON.readTree(right.body()).get("warnings").toString()).doesNotContain("item-grid-mismatch");
    }
}
