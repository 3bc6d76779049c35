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
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scene read in place from COGs in GDAL's own layout ({@code gdal_translate -of COG}: DEFLATE with predictor 2,
 * 256 x 256 blocks, overviews, and GDAL's 4-byte leader and trailer around every tile, so neighbouring tiles lie 8
 * bytes apart), made at test time from GeoTools-written files; skipped where GDAL is not installed
 * ({@code apt-get install gdal-bin}).
 *
 * <p>Red and NIR are 1024 x 1024 pixels of 10 m in EPSG:32650 from (500000, 2800000). The site x 502400..503000,
 * y 2797000..2797600 (columns and rows 240..300), widened by 500 m (50 px) to 190..350, snaps to blocks 0..512: a
 * 2 x 2-tile window. Tiles side by side are 8 bytes apart, so merging small gaps reads each block row in one request:
 * header + 2 rows = 3 requests per file, where one request per tile would be 5.
 */
class GdalCogHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "{\"type\":\"Feature\",\"id\":\"pond\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[502400,2797000],[503000,2797000],[503000,2797600],[502400,2797600],"
            + "[502400,2797000]]]},\"properties\":{}}";

    @TempDir Path dir;

    private static boolean gdalInstalled() {
        try {
            Process p = new ProcessBuilder("gdal_translate", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void toCog(Path in, Path out) throws Exception {
        Process p = new ProcessBuilder("gdal_translate", "-q", "-of", "COG", "-co", "BLOCKSIZE=256", "-co", "COMPRESS=DEFLATE",
                "-co", "PREDICTOR=2", in.toString(), out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(log).isZero();
    }

    @Test
    void gdalsLeaderAndTrailerLayoutIsReadInOneRequestPerBlockRowWithTheWholeFilesStatistics() throws Exception {
        Assumptions.assumeTrue(gdalInstalled(), "gdal_translate is not installed (apt-get install gdal-bin)");
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        Random rnd = new Random(11);
        int[][] red = new int[1024][1024], nir = new int[1024][1024];
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                red[y][x] = 300 + rnd.nextInt(1200);
                nir[y][x] = 1800 + rnd.nextInt(2500);
            }
        }
        toCog(Cogs.write(dir.resolve("red-plain.tif"), 32650, 500000, 2800000, 10, red, 256), cogs.resolve("red.tif"));
        toCog(Cogs.write(dir.resolve("nir-plain.tif"), 32650, 500000, 2800000, 10, nir, 256), cogs.resolve("nir.tif"));
        Path r = cogs.resolve("red.tif");
        assertThat(Cogs.tileOffset(r, 1, 0) - (Cogs.tileOffset(r, 0, 0) + Cogs.tileBytes(r, 0, 0))).isEqualTo(8); // GDAL's layout

        try (RangeFileServer files = new RangeFileServer(cogs);
             TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                     .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
             TestServer whole = new TestServer(dir.resolve("whole"))) {
            assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            assertThat(whole.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            String item = "{\"type\":\"Feature\",\"id\":\"S2A_50RMN_20240301_0_L2A\",\"collection\":\"sentinel-2-c1-l2a\",\"properties\":{"
                    + "\"datetime\":\"2024-03-01T03:00:00Z\",\"s2:processing_baseline\":\"05.10\",\"proj:code\":\"EPSG:32650\"},\"assets\":{"
                    + "\"red\":{\"href\":\"" + files.url("red.tif") + "\",\"raster:bands\":[{\"scale\":0.0001,\"offset\":-0.1}]},"
                    + "\"nir\":{\"href\":\"" + files.url("nir.tif") + "\",\"raster:bands\":[{\"scale\":0.0001,\"offset\":-0.1}]}}}";
            HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + item + "}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.at("/scene/source/window").asText()).isEqualTo("0,0,512,512");
            assertThat(body.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
            assertThat(body.at("/scene/source/offsetRule").asText()).isEqualTo("raster:bands");
            long needed = 0;
            for (int ty = 0; ty < 2; ty++) for (int tx = 0; tx < 2; tx++) needed += Cogs.tileBytes(r, tx, ty);
            assertThat(files.requests("red.tif")).isLessThanOrEqualTo(2 + 2);
            assertThat(files.requests("nir.tif")).isLessThanOrEqualTo(2 + 2);
            assertThat(files.bytes("red.tif")).isLessThanOrEqualTo((long) (1.5 * needed));

            HttpResponse<String> up = whole.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                    {"acquired", "2024-03-01T03:00:00Z"}, {"processingBaseline", "05.10"}, {"offsetApplied", "false"}},
                    new Object[][] {{"red", r}, {"nir", cogs.resolve("nir.tif")}}, TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            JsonNode a = body.get("statistics").get(0), b = JSON.readTree(up.body()).get("statistics").get(0);
            for (String k : new String[] {"mean", "median", "std", "p10", "p90", "validFraction", "fvc", "greenFraction"}) {
                assertThat(a.get(k).asDouble()).as(k).isCloseTo(b.get(k).asDouble(), within(1e-4));
            }
        }
    }
}
