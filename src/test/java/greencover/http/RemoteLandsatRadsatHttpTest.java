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
 * A Landsat Collection 2 Level-2 STAC item (USGS {@code landsat-c2l2-sr}) read in place with its {@code qa_radsat}
 * asset: 64 × 64 pixels of 30 m in EPSG:32650 from (500000, 2800000), tiled COGs on a loopback range server. Red DN
 * 9091 (0.0500025), NIR (nir08, OLI B5) DN 21818 (0.399995): NDVI 0.7778; QA_PIXEL 21824 (clear) everywhere;
 * QA_RADSAT 16 (B5 saturated) on columns 0–31, 0 elsewhere. The site is the whole scene, so half of it is no data:
 * validFraction 0.5, nodataFraction 0.5, the mean the clear half's 0.7778 and the point {@code partial-scene}.
 */
class RemoteLandsatRadsatHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "{\"type\":\"Feature\",\"id\":\"scene\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[500000,2798080],[501920,2798080],[501920,2800000],[500000,2800000],"
            + "[500000,2798080]]]},\"properties\":{}}";

    @TempDir Path dir;
    private RangeFileServer files;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        int[][] red = new int[64][64], nir = new int[64][64], qa = new int[64][64], radsat = new int[64][64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                red[y][x] = 9091;
                nir[y][x] = 21818;
                qa[y][x] = 21824;
                radsat[y][x] = x < 32 ? 16 : 0;
            }
        }
        Cogs.write(cogs.resolve("red.tif"), 32650, 500000, 2800000, 30, red, 32);
        Cogs.write(cogs.resolve("nir08.tif"), 32650, 500000, 2800000, 30, nir, 32);
        Cogs.write(cogs.resolve("qa_pixel.tif"), 32650, 500000, 2800000, 30, qa, 32);
        Cogs.write(cogs.resolve("qa_radsat.tif"), 32650, 500000, 2800000, 30, radsat, 32);
        files = new RangeFileServer(cogs);
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        files.close();
    }

    private String item(boolean withRadsat) {
        StringBuilder assets = new StringBuilder();
        for (String a : withRadsat ? new String[] {"red", "nir08", "qa_pixel", "qa_radsat"} : new String[] {"red", "nir08", "qa_pixel"}) {
            if (assets.length() > 0) assets.append(',');
            assets.append('"').append(a).append("\":{\"href\":\"").append(files.url(a + ".tif")).append("\"}");
        }
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"LC08_L2SP_119043_20230601_20230607_02_T1_SR\","
                + "\"collection\":\"landsat-c2l2-sr\",\"geometry\":null,\"properties\":{\"datetime\":\"2023-06-01T02:40:00Z\","
                + "\"proj:epsg\":32650},\"assets\":{" + assets + "}}";
    }

    @Test
    void theQaRadsatAssetIsReadAndSaturatedNirPixelsAreNoData() throws Exception {
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + item(true) + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode scene = JSON.readTree(res.body()).get("scene");
        assertThat(scene.at("/source/href.qa_radsat").asText()).isEqualTo(files.url("qa_radsat.tif"));
        assertThat(files.requests("qa_radsat.tif")).isPositive();

        JsonNode p = JSON.readTree(server.get("/api/v1/sites/scene/timeseries").body()).at("/points/0");
        assertThat(p.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(p.get("nodataFraction").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo(0.7778, within(1e-4));
        assertThat(p.get("qualityReasons").toString()).contains("partial-scene");
    }

    @Test
    void withoutTheAssetTheSceneIsWhole() throws Exception {
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + item(false) + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode p = JSON.readTree(server.get("/api/v1/sites/scene/timeseries").body()).at("/points/0");
        assertThat(p.get("validFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo(0.7778, within(1e-4));
    }
}
