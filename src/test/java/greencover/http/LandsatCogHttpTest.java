package greencover.http;

import static greencover.testing.SameStatistics.near;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.CogWriter;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.SameStatistics;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landsat Collection 2 Level-2 scenes read in place through both Landsat profiles (Planetary Computer
 * {@code landsat-c2-l2}, signed; USGS {@code landsat-c2l2-sr}), against the same three files uploaded whole.
 *
 * <p>The files ({@link CogWriter.Options#landsat}): SR_B4 (red), SR_B5 (nir08) and QA_PIXEL, 1024 x 1024 pixels of
 * 30 m in EPSG:32650, uint16, 256 x 256 tiles, DEFLATE with predictor 2, two overviews, GDAL's leader/trailer, nodata
 * 0 (QA_PIXEL: 1), and <b>PixelIsPoint</b> (GTRasterTypeGeoKey = 2) with the tiepoint (500000, 2800000) at the centre
 * of pixel (0, 0), as USGS writes them: the grid's corner is therefore (499985, 2800015) (GDAL's reading, checked
 * with {@code gdalinfo}: "Origin = (499985, 2800015)", "AREA_OR_POINT=Point").
 *
 * <p>The site is the 600 m square x 508985..509585, y 2784415..2785015: exactly pixel columns 300..319 and rows
 * 500..519 of that grid. Inside it, by row of the block (i = 0..19), QA_PIXEL bits (0 fill, 1 dilated cloud, 2 cirrus,
 * 3 cloud, 4 shadow, 6 clear, 7 water):
 * <ul>
 *   <li>i 0–2: 22280 (cloud, bit 3), i 3: 54596 (cirrus, bit 2), i 4: 21826 (dilated cloud, bit 1): cloud, 100 px;</li>
 *   <li>i 5–6: 23888 (shadow, bit 4): 40 px; i 7–8: 21952 (water, bit 7): 40 px;</li>
 *   <li>i 9–18: 21824 (clear, bit 6): 200 px; columns 0–9 red DN 8000 (8000 × 2.75e-5 − 0.2 = 0.02), NIR DN 16000
 *       (0.24): NDVI 0.22 / 0.26 = 0.846154; columns 10–19 red 10000 (0.075), NIR 16000: NDVI 0.165 / 0.315 = 0.523810;</li>
 *   <li>i 19: fill (QA 1, red and NIR 0): 20 px.</li>
 * </ul>
 * So, by hand: validFraction 200/400 = 0.5, clearFraction 240/400 = 0.6, cloud 0.25, shadow 0.1, water 0.1, nodata
 * 0.05, mean (0.846154 + 0.523810) / 2 = 0.684982, std 0.161172, with the site's threshold 0.6 greenFraction 0.5 and
 * the valid area half dense, half moderate. Without the −0.2 offset the NDVIs would be 0.2308 and 0.3333 (a wrong
 * offset rule). With the tiepoint taken as the corner (PixelIsPoint ignored) every pixel would lie 15 m east and
 * south of its place, and the site would take half of the frame around the block and lose half of its fill row:
 * nodata 9.75 / 400 = 0.024375 and cloud 117.25 / 400 = 0.293125, which the same pixels written PixelIsArea at the
 * tiepoint show. The frame is one pixel of cloud (22280); beyond it noise (red 7000..11999, NIR 12000..23999, QA a
 * per-pixel mix of clear, cloud, shadow, water and cirrus), so tiles compress as real ones do.
 *
 * <p>With the 500 m margin the window is columns 283.3..336.7 and rows 483.3..536.7, snapped to 256-pixel blocks:
 * columns 256..512, rows 256..768, i.e. tiles (1, 1) and (1, 2) of each file: two block rows.
 */
class LandsatCogHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int SIZE = 1024, C0 = 300, R0 = 500, N = 20;
    static final double ULX = 499985, ULY = 2800015;
    static final double A = 0.22 / 0.26, B = 0.165 / 0.315;
    private static final String SITE = "{\"type\":\"Feature\",\"id\":\"spoil\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[508985,2784415],[509585,2784415],[509585,2785015],[508985,2785015],"
            + "[508985,2784415]]]},\"properties\":{\"greenThreshold\":0.6}}";
    static final String PC_ID = "LC08_L2SP_119043_20230601_02_T1", USGS_ID = "LC08_L2SP_119043_20230601_20230607_02_T1_SR";
    static final String PRODUCT = "LC08_L2SP_119043_20230601_20230607_02_T1";
    static final String PC_DIR = "landsat-c2/level-2/standard/oli-tirs/2023/119/043/" + PRODUCT + "/";
    static final String USGS_DIR = "collection02/level-2/standard/oli-tirs/2023/119/043/" + PRODUCT + "/";
    static final String[] FILES = {"SR_B4", "SR_B5", "QA_PIXEL"};

    @TempDir static Path shared;
    static Path root, cogs;
    /** The same pixels written PixelIsArea with the grid's corner at the tiepoint (what ignoring PixelIsPoint reads). */
    static int[][][] bands;
    /** The statistics and scene of the whole-file upload (one upload, for both profiles). */
    static JsonNode wholeStats, wholeScene;

    @TempDir Path dir;
    private RangeFileServer files;
    private TestServer server;

    @BeforeAll
    static void writeScene() throws Exception {
        int[][] red = new int[SIZE][SIZE], nir = new int[SIZE][SIZE], qa = new int[SIZE][SIZE];
        Random rnd = new Random(30);
        int[] mix = {21824, 21824, 21824, 21824, 21824, 21824, 22280, 23888, 21952, 54596};
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                red[y][x] = 7000 + rnd.nextInt(5000);
                nir[y][x] = 12000 + rnd.nextInt(12000);
                qa[y][x] = mix[rnd.nextInt(mix.length)];
            }
        }
        // a frame of cloud around the block: the slivers of neighbours that the outline's round trip through WGS 84 may
        // touch (1e-7 m²) are then never valid, so min and max stay the block's own
        for (int i = -1; i <= N; i++) for (int j = -1; j <= N; j++) qa[R0 + i][C0 + j] = 22280;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                int y = R0 + i, x = C0 + j;
                red[y][x] = 9000;
                nir[y][x] = 11000;
                qa[y][x] = i <= 2 ? 22280 : i == 3 ? 54596 : i == 4 ? 21826 : i <= 6 ? 23888 : i <= 8 ? 21952 : i <= 18 ? 21824 : 1;
                if (i >= 9 && i <= 18) {
                    red[y][x] = j < 10 ? 8000 : 10000;
                    nir[y][x] = 16000;
                }
                if (i == 19) red[y][x] = nir[y][x] = 0;
            }
        }
        bands = new int[][][] {red, nir, qa};
        root = Files.createDirectories(shared.resolve("blobs"));
        cogs = Files.createDirectories(shared.resolve("cogs"));
        CogWriter.Options o = CogWriter.Options.landsat(32650, ULX, ULY);
        CogWriter.write(cogs.resolve("SR_B4.TIF"), o, red);
        CogWriter.write(cogs.resolve("SR_B5.TIF"), o, nir);
        CogWriter.write(cogs.resolve("QA_PIXEL.TIF"), o.nodata("1"), qa);
        for (String d : new String[] {PC_DIR, USGS_DIR}) {
            Path p = Files.createDirectories(root.resolve(d));
            for (String f : FILES) Files.copy(cogs.resolve(f + ".TIF"), p.resolve(PRODUCT + "_" + f + ".TIF"));
        }
        try (TestServer whole = new TestServer(shared.resolve("whole"))) {
            assertThat(whole.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> up = whole.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "landsat-c2l2"},
                    {"acquired", "2023-06-01T02:40:00Z"}, {"name", PRODUCT}},
                    new Object[][] {{"red", cogs.resolve("SR_B4.TIF")}, {"nir", cogs.resolve("SR_B5.TIF")}, {"mask", cogs.resolve("QA_PIXEL.TIF")}},
                    TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(up.body());
            wholeStats = body.get("statistics").get(0);
            wholeScene = body.get("scene");
        }
    }

    @BeforeEach
    void startFiles() throws Exception { files = new RangeFileServer(root); }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        files.close();
    }

    private void startServer(SourcePolicy policy) throws Exception {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().sources(policy).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    /** An asset as both catalogs describe Landsat C2 L2 bands ({@code raster:bands} as Planetary Computer gives it). */
    private static String asset(String href, String title, String band, String common, boolean qa) {
        String rb = qa ? "\"raster:bands\":[{\"unit\":\"bit index\",\"nodata\":1,\"data_type\":\"uint16\",\"spatial_resolution\":30}],"
                + "\"classification:bitfields\":[{\"name\":\"fill\",\"offset\":0,\"length\":1},{\"name\":\"dilated_cloud\",\"offset\":1,\"length\":1},"
                + "{\"name\":\"cirrus\",\"offset\":2,\"length\":1},{\"name\":\"cloud\",\"offset\":3,\"length\":1},{\"name\":\"cloud_shadow\",\"offset\":4,\"length\":1},"
                + "{\"name\":\"snow\",\"offset\":5,\"length\":1},{\"name\":\"clear\",\"offset\":6,\"length\":1},{\"name\":\"water\",\"offset\":7,\"length\":1}]"
                : "\"raster:bands\":[{\"scale\":2.75e-05,\"nodata\":0,\"offset\":-0.2,\"data_type\":\"uint16\",\"spatial_resolution\":30}],"
                + "\"eo:bands\":[{\"name\":\"" + band + "\",\"common_name\":\"" + common + "\"}]";
        return "{\"href\":\"" + href + "\",\"type\":\"image/tiff; application=geotiff; profile=cloud-optimized\",\"title\":\"" + title + "\","
                + "\"roles\":[\"data\"],\"proj:shape\":[1024,1024],\"proj:transform\":[30.0,0.0,499985.0,0.0,-30.0,2800015.0]," + rb + "}";
    }

    /** A Planetary Computer {@code landsat-c2-l2} item (its id drops the processing date; hrefs on a blob container). */
    private String pcItem() {
        String base = files.url(PC_DIR + PRODUCT + "_");
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + PC_ID + "\",\"collection\":\"landsat-c2-l2\","
                + "\"bbox\":[116.99,25.05,117.31,25.32],\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[116.99,25.05],[117.31,25.05],[117.31,25.32],[116.99,25.32],[116.99,25.05]]]},"
                + "\"properties\":{\"datetime\":\"2023-06-01T02:40:00Z\",\"platform\":\"landsat-8\",\"instruments\":[\"oli\",\"tirs\"],"
                + "\"eo:cloud_cover\":23.5,\"landsat:cloud_cover_land\":24.1,\"landsat:wrs_type\":\"2\",\"landsat:wrs_path\":\"119\",\"landsat:wrs_row\":\"043\","
                + "\"landsat:collection_category\":\"T1\",\"landsat:collection_number\":\"02\",\"landsat:processing_level\":\"L2SP\","
                + "\"landsat:scene_id\":\"LC81190432023152LGN00\",\"proj:epsg\":32650,\"view:sun_azimuth\":95.2,\"view:sun_elevation\":70.1},"
                + "\"assets\":{\"red\":" + asset(base + "SR_B4.TIF", "Red Band", "SR_B4", "red", false) + ","
                + "\"nir08\":" + asset(base + "SR_B5.TIF", "Near Infrared Band 0.8", "SR_B5", "nir08", false) + ","
                + "\"qa_pixel\":" + asset(base + "QA_PIXEL.TIF", "Pixel Quality Assessment Band", null, null, true) + "}}";
    }

    /** A USGS LandsatLook {@code landsat-c2l2-sr} item (CRS and grid at item level, no scale/offset in the item). */
    private String usgsItem() {
        String base = files.url(USGS_DIR + PRODUCT + "_");
        String s3 = "s3://usgs-landsat/" + USGS_DIR + PRODUCT + "_";
        StringBuilder assets = new StringBuilder();
        String[][] a = {{"red", "SR_B4", "Red Band (B4)"}, {"nir08", "SR_B5", "Near Infrared Band 0.8 (B5)"}, {"qa_pixel", "QA_PIXEL", "Pixel Quality Assessment Band"}};
        for (String[] x : a) {
            if (assets.length() > 0) assets.append(',');
            assets.append('"').append(x[0]).append("\":{\"href\":\"").append(base).append(x[1]).append(".TIF\",\"title\":\"").append(x[2])
                    .append("\",\"type\":\"image/vnd.stac.geotiff; cloud-optimized=true\",\"roles\":[\"data\"],\"alternate\":{\"s3\":{\"storage:platform\":\"AWS\","
                            + "\"storage:requester_pays\":true,\"href\":\"").append(s3).append(x[1]).append(".TIF\"}}}");
        }
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"stac_extensions\":[],\"id\":\"" + USGS_ID + "\",\"collection\":\"landsat-c2l2-sr\","
                + "\"bbox\":[116.99,25.05,117.31,25.32],\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[116.99,25.05],[117.31,25.05],[117.31,25.32],[116.99,25.32],[116.99,25.05]]]},"
                + "\"properties\":{\"datetime\":\"2023-06-01T02:40:00.123456Z\",\"platform\":\"LANDSAT_8\",\"instruments\":[\"OLI\",\"TIRS\"],"
                + "\"eo:cloud_cover\":23.5,\"view:sun_azimuth\":95.2,\"landsat:cloud_cover_land\":24.1,\"landsat:wrs_type\":\"2\","
                + "\"landsat:wrs_path\":\"119\",\"landsat:wrs_row\":\"043\",\"landsat:scene_id\":\"LC81190432023152LGN00\","
                + "\"landsat:collection_category\":\"T1\",\"landsat:collection_number\":\"02\",\"landsat:correction\":\"L2SP\","
                + "\"proj:epsg\":32650,\"proj:shape\":[1024,1024],\"proj:transform\":[30.0,0.0,499985.0,0.0,-30.0,2800015.0]},"
                + "\"assets\":{" + assets + "}}";
    }

    @Test
    void theFixtureIsPixelIsPointWithItsTiepointAtThePixelCentre() throws Exception {
        // read from the file's own tags (not through the code under test)
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(cogs.resolve("SR_B4.TIF"))).order(ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4), n = b.getShort(ifd) & 0xFFFF;
        double tieX = 0, tieY = 0;
        int rasterType = 0;
        for (int k = 0; k < n; k++) {
            int e = ifd + 2 + 12 * k, tag = b.getShort(e) & 0xFFFF;
            if (tag == 33922) {
                tieX = b.getDouble(b.getInt(e + 8) + 24);
                tieY = b.getDouble(b.getInt(e + 8) + 32);
            }
            if (tag == 34735) {
                int at = b.getInt(e + 8);
                for (int key = 1; key <= (b.getShort(at + 6) & 0xFFFF); key++) {
                    if ((b.getShort(at + 8 * key) & 0xFFFF) == 1025) rasterType = b.getShort(at + 8 * key + 6);
                }
            }
        }
        assertThat(rasterType).isEqualTo(2);
        assertThat(tieX).isEqualTo(500000);
        assertThat(tieY).isEqualTo(2800000);
        // the whole upload puts the grid's corner half a pixel up-left of the tiepoint, as GDAL does
        assertThat(wholeScene.at("/bbox/0").asDouble()).isCloseTo(ULX, within(1e-6));
        assertThat(wholeScene.at("/bbox/3").asDouble()).isCloseTo(ULY, within(1e-6));
        assertHandComputed(wholeStats);

        // the control: the same pixels with the corner at the tiepoint fail the construction by the numbers above
        Path shifted = Files.createDirectories(dir.resolve("shifted"));
        CogWriter.Options area = new CogWriter.Options(32650, 500000, 2800000, 30, 256, 16, true, "0", false, true);
        String[] roles = {"red", "nir", "mask"};
        Object[][] parts = new Object[3][];
        for (int k = 0; k < 3; k++) parts[k] = new Object[] {roles[k], CogWriter.write(shifted.resolve(roles[k] + ".tif"), k == 2 ? area.nodata("1") : area, bands[k])};
        try (TestServer control = new TestServer(dir.resolve("control"))) {
            assertThat(control.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> up = control.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "landsat-c2l2"},
                    {"acquired", "2023-06-01T02:40:00Z"}}, parts, TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            JsonNode s = JSON.readTree(up.body()).get("statistics").get(0);
            assertThat(s.get("nodataFraction").asDouble()).isCloseTo(9.75 / 400, within(1e-6));
            assertThat(s.get("cloudFraction").asDouble()).isCloseTo(117.25 / 400, within(1e-6));
        }
    }

    @Test
    void planetaryComputerLandsatIsSignedAndGivesTheWholeUploadsStatistics() throws Exception {
        files.requireSignature("landsat-c2/");
        startServer(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withSasEndpoint(java.net.URI.create(files.sasEndpoint())));
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + pcItem() + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/source/profile").asText()).isEqualTo("planetary-computer-landsat-c2-l2");
        assertThat(files.requests("token")).isEqualTo(1); // three assets in one container: one token
        assertThat(body.at("/scene/source/href.red").asText()).isEqualTo(files.url(PC_DIR + PRODUCT + "_SR_B4.TIF")).doesNotContain("sig=");
        checkScene(body, PC_DIR);
    }

    @Test
    void usgsLandsatGivesTheWholeUploadsStatistics() throws Exception {
        startServer(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + usgsItem() + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/source/profile").asText()).isEqualTo("usgs-landsat-c2l2-sr");
        checkScene(body, USGS_DIR);
    }

    private void checkScene(JsonNode body, String folder) throws Exception {
        JsonNode scene = body.get("scene");
        assertThat(scene.get("sensor").asText()).isEqualTo("landsat-c2l2");
        assertThat(scene.at("/source/offsetRule").asText()).isEqualTo("landsat-c2l2");
        assertThat(scene.at("/source/window").asText()).isEqualTo("256,256,256,512");
        // the window's corner on the grid whose corner is half a pixel up-left of the tiepoint
        assertThat(scene.at("/bbox/0").asDouble()).isCloseTo(ULX + 256 * 30, within(1e-6));
        assertThat(scene.at("/bbox/3").asDouble()).isCloseTo(ULY - 256 * 30, within(1e-6));
        JsonNode stats = body.get("statistics").get(0);
        assertThat(stats.get("site").asText()).isEqualTo("spoil");
        assertHandComputed(stats);
        SameStatistics.assertSame(stats, wholeStats, 1e-4);

        for (String f : FILES) {
            Path file = cogs.resolve(f + ".TIF");
            String name = folder + PRODUCT + "_" + f + ".TIF";
            long needed = Cogs.tileBytes(file, 1, 1) + Cogs.tileBytes(file, 1, 2);
            java.util.List<long[]> ranges = files.ranges(name);
            long header = ranges.get(0)[0] == 0 ? ranges.get(0)[1] + 1 : 0, afterHeader = files.bytes(name) - header;
            System.out.printf("%s: %d requests, %d bytes (header %d, then %d), touched tiles %d bytes, file %d bytes%n", f,
                    files.requests(name), files.bytes(name), header, afterHeader, needed, Files.size(file));
            assertThat(files.requests(name)).as(f + " requests").isLessThanOrEqualTo(2 + 2);
            assertThat(header).as(f + " header prefetch").isLessThanOrEqualTo(32 * 1024);
            assertThat(afterHeader).as(f + " bytes after the header").isLessThanOrEqualTo((long) (1.5 * needed));
            // with tiles as large as these bands' (about 120 kB each), the 32 KiB header fits in the bound too
            if (!f.equals("QA_PIXEL")) assertThat(files.bytes(name)).as(f + " bytes").isLessThanOrEqualTo((long) (1.5 * needed));
        }
    }

    /** The hand-computed statistics of the class comment. */
    static void assertHandComputed(JsonNode s) {
        SameStatistics.assertValues(s, Map.ofEntries(
                Map.entry("siteAreaM2", near(360_000, 360_000 * 2e-3)),
                Map.entry("validFraction", near(0.5, 1e-9)),
                Map.entry("clearFraction", near(0.6, 1e-9)),
                Map.entry("cloudFraction", near(0.25, 1e-9)),
                Map.entry("shadowFraction", near(0.1, 1e-9)),
                Map.entry("waterFraction", near(0.1, 1e-9)),
                Map.entry("snowFraction", near(0, 1e-9)),
                Map.entry("nodataFraction", near(0.05, 1e-9)),
                Map.entry("mean", near((A + B) / 2, 1e-4)),
                Map.entry("std", near((A - B) / 2, 1e-4)),
                Map.entry("min", near(B, 1e-4)),
                Map.entry("max", near(A, 1e-4)),
                Map.entry("greenFraction", near(0.5, 1e-9)),
                Map.entry("classAreasM2/dense / validAreaM2", near(0.5, 1e-9)),
                Map.entry("classAreasM2/moderate / validAreaM2", near(0.5, 1e-9)),
                Map.entry("validAreaM2 / siteAreaM2", near(0.5, 1e-9))));
    }
}
