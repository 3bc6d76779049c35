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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sentinel-2 profiles other than Earth Search v1 {@code sentinel-2-l2a} (which {@link RemoteCogHttpTest} covers)
 * read in place against the same band files uploaded whole with the declarations that give the same reflectance:
 * Earth Search {@code sentinel-2-c1-l2a} (the offset from the truthful {@code raster:bands} −0.1) and Planetary
 * Computer {@code sentinel-2-l2a} (B04/B08/SCL, the offset from {@code s2:processing_baseline}, hrefs signed through
 * the fixture's SAS endpoint).
 *
 * <p>The files ({@link CogWriter.Options#sentinel2}, the layout of both catalogs' COGs): B04 and B08 2048 x 2048 pixels
 * of 10 m, SCL 1024 x 1024 of 20 m, in EPSG:32650 from MGRS tile 50RMN's corner (399960, 2800020), tiled 1024 x 1024,
 * DEFLATE (predictor 2 on the 16-bit bands), one overview on B04/B08, GDAL's leader/trailer, nodata 0. The DNs are as
 * ESA delivers them from baseline 04.00: reflectance = (DN − 1000) / 10000.
 *
 * <p>The site is the 400 m square x 405960..406360, y 2789620..2790020: exactly 10 m columns 600..639 and rows
 * 1000..1039, i.e. SCL columns 300..319 and rows 500..519. Inside it, by SCL row i (0..19): i 0–1 SCL 9 (cloud
 * high), i 2 SCL 8 (cloud medium), i 3 SCL 10 (cirrus): cloud 0.2; i 4 SCL 3 (cloud shadow), i 5 SCL 2 (dark area):
 * shadow 0.1; i 6–7 SCL 6: water 0.1; i 8–18 SCL 4 (vegetation): 0.55, where the left half has B04 1500 and B08 4500
 * (reflectance 0.05 and 0.35: NDVI 0.75) and the right half B04 2000, B08 4000 (0.1 and 0.3: NDVI 0.5); i 19 SCL 0 and
 * DNs 0: no data 0.05. So by hand: mean 0.625, std 0.125, min 0.5, max 0.75, with the site's threshold 0.6
 * greenFraction 0.5 (dense and moderate halves), validFraction 0.55, clearFraction 0.65. Without the −1000 DN offset
 * the NDVIs would be 0.5 and 0.3333, the mean 0.4167: a wrong offset rule fails. Around the block a one-pixel frame
 * of SCL 9; elsewhere noise (B04 1200..2699, B08 2000..4999, SCL a per-pixel mix of classes 3, 4, 5, 6, 8 and 9).
 *
 * <p>With the 500 m margin the window is 10 m columns 550..690 and rows 950..1090, snapped to 256-pixel steps within
 * the 1024-pixel blocks: columns 512..768 and rows 768..1280. It meets tiles (0, 0) and (0, 1) of B04 and B08 (two
 * block rows) and SCL's tile (0, 0).
 */
class ProfileWholeUploadHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int SIZE = 2048, SCL_SIZE = 1024, C0 = 300, R0 = 500, N = 20; // the block in SCL pixels
    static final double ULX = 399960, ULY = 2800020;
    private static final String SITE = "{\"type\":\"Feature\",\"id\":\"slope\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[405960,2789620],[406360,2789620],[406360,2790020],[405960,2790020],"
            + "[405960,2789620]]]},\"properties\":{\"greenThreshold\":0.6}}";
    static final String C1_ID = "S2B_T50RMN_20230601T023529_L2A";
    static final String PC_ID = "S2B_MSIL2A_20230601T023529_R089_T50RMN_20230601T051433";
    static final String SAFE = "S2B_MSIL2A_20230601T023529_N0509_R089_T50RMN_20230601T051433.SAFE";
    static final String C1_DIR = "sentinel-2-c1-l2a/50/R/MN/2023/6/" + C1_ID + "/";
    static final String PC_DIR = "sentinel2-l2/50/R/MN/2023/06/01/" + SAFE + "/GRANULE/L2A_T50RMN_A032520_20230601T024321/IMG_DATA/";

    @TempDir static Path shared;
    static Path root, cogs;

    @TempDir Path dir;
    private RangeFileServer files;
    private TestServer server;

    @BeforeAll
    static void writeScene() throws Exception {
        int[][] red = new int[SIZE][SIZE], nir = new int[SIZE][SIZE], scl = new int[SCL_SIZE][SCL_SIZE];
        Random rnd = new Random(20);
        int[] classes = {4, 4, 4, 4, 5, 5, 6, 8, 9, 3};
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                red[y][x] = 1200 + rnd.nextInt(1500);
                nir[y][x] = 2000 + rnd.nextInt(3000);
            }
        }
        for (int y = 0; y < SCL_SIZE; y++) for (int x = 0; x < SCL_SIZE; x++) scl[y][x] = classes[rnd.nextInt(classes.length)];
        // a frame of cloud around the block: the slivers of neighbours that the outline's round trip through WGS 84 may
        // touch (1e-7 m²) are then never valid, so min and max stay the block's own
        for (int i = -1; i <= N; i++) for (int j = -1; j <= N; j++) scl[R0 + i][C0 + j] = 9;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                int c = i <= 1 ? 9 : i == 2 ? 8 : i == 3 ? 10 : i == 4 ? 3 : i == 5 ? 2 : i <= 7 ? 6 : i <= 18 ? 4 : 0;
                scl[R0 + i][C0 + j] = c;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int y = 2 * (R0 + i) + dy, x = 2 * (C0 + j) + dx;
                        red[y][x] = c == 4 ? (j < 10 ? 1500 : 2000) : c == 0 ? 0 : 1800;
                        nir[y][x] = c == 4 ? (j < 10 ? 4500 : 4000) : c == 0 ? 0 : 2600;
                    }
                }
            }
        }
        root = Files.createDirectories(shared.resolve("blobs"));
        cogs = Files.createDirectories(shared.resolve("cogs"));
        CogWriter.write(cogs.resolve("B04.tif"), CogWriter.Options.sentinel2(32650, ULX, ULY, 10, 1024), red);
        CogWriter.write(cogs.resolve("B08.tif"), CogWriter.Options.sentinel2(32650, ULX, ULY, 10, 1024), nir);
        CogWriter.write(cogs.resolve("SCL.tif"), CogWriter.Options.sentinel2(32650, ULX, ULY, 20, 1024).bytes(), scl);
        Path c1 = Files.createDirectories(root.resolve(C1_DIR));
        Files.copy(cogs.resolve("B04.tif"), c1.resolve("B04.tif"));
        Files.copy(cogs.resolve("B08.tif"), c1.resolve("B08.tif"));
        Files.copy(cogs.resolve("SCL.tif"), c1.resolve("SCL.tif"));
        Path pc10 = Files.createDirectories(root.resolve(PC_DIR + "R10m")), pc20 = Files.createDirectories(root.resolve(PC_DIR + "R20m"));
        Files.copy(cogs.resolve("B04.tif"), pc10.resolve("T50RMN_20230601T023529_B04_10m.tif"));
        Files.copy(cogs.resolve("B08.tif"), pc10.resolve("T50RMN_20230601T023529_B08_10m.tif"));
        Files.copy(cogs.resolve("SCL.tif"), pc20.resolve("T50RMN_20230601T023529_SCL_20m.tif"));
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

    /** The file's SHA-256 as a multihash (0x12, 32 bytes), as Earth Search's {@code file:checksum}. */
    private static String checksum(Path f) throws Exception {
        return "1220" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static String esAsset(String href, Path file, String title, String band, String common, int res, boolean reflectance) throws Exception {
        int n = res == 10 ? SIZE : SCL_SIZE;
        return "{\"href\":\"" + href + "\",\"type\":\"image/tiff; application=geotiff; profile=cloud-optimized\",\"title\":\"" + title + "\","
                + (band == null ? "" : "\"eo:bands\":[{\"name\":\"" + band + "\",\"common_name\":\"" + common + "\"}],")
                + "\"gsd\":" + res + ",\"proj:shape\":[" + n + "," + n + "],\"proj:transform\":[" + res + ",0," + ULX + ",0,-" + res + "," + ULY + "],"
                + "\"raster:bands\":[{\"nodata\":0,\"data_type\":\"" + (reflectance ? "uint16\",\"bits_per_sample\":15" : "uint8\"")
                + ",\"spatial_resolution\":" + res + (reflectance ? ",\"scale\":0.0001,\"offset\":-0.1" : "") + "}],"
                + "\"file:size\":" + Files.size(file) + ",\"file:checksum\":\"" + checksum(file) + "\","
                + "\"roles\":[\"data\"" + (reflectance ? ",\"reflectance\"" : "") + "]}";
    }

    /** An Earth Search v1 {@code sentinel-2-c1-l2a} item: original ESA DNs, a truthful raster:bands offset, no boa_offset_applied. */
    private String c1Item() throws Exception {
        return c1Item(C1_ID, "2023-06-01T02:55:19.024000Z", "\"s2:processing_baseline\":\"05.11\",\"s2:product_uri\":\"" + SAFE.replace("N0509", "N0511") + "\",");
    }

    /** The C1 item with {@code id}, {@code datetime} and {@code baseline} (properties text, with a trailing comma, or empty). */
    private String c1Item(String id, String datetime, String baseline) throws Exception {
        String base = files.url(C1_DIR);
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"sentinel-2-c1-l2a\","
                + "\"bbox\":[115.99,24.30,117.10,25.31],\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[115.99,24.30],[117.10,24.30],[117.10,25.31],[115.99,25.31],[115.99,24.30]]]},"
                + "\"properties\":{\"datetime\":\"" + datetime + "\",\"created\":\"2024-09-12T10:00:00Z\",\"platform\":\"sentinel-2b\","
                + "\"constellation\":\"sentinel-2\",\"instruments\":[\"msi\"],\"eo:cloud_cover\":21.4,\"proj:epsg\":32650,"
                + "\"mgrs:utm_zone\":50,\"mgrs:latitude_band\":\"R\",\"mgrs:grid_square\":\"MN\",\"grid:code\":\"MGRS-50RMN\","
                + baseline + "\"s2:product_type\":\"S2MSI2A\","
                + "\"s2:nodata_pixel_percentage\":0,\"s2:vegetation_percentage\":41.2,\"s2:water_percentage\":3.1},"
                + "\"assets\":{\"red\":" + esAsset(base + "B04.tif", cogs.resolve("B04.tif"), "Red - 10m", "B04", "red", 10, true) + ","
                + "\"nir\":" + esAsset(base + "B08.tif", cogs.resolve("B08.tif"), "NIR 1 - 10m", "B08", "nir", 10, true) + ","
                + "\"scl\":" + esAsset(base + "SCL.tif", cogs.resolve("SCL.tif"), "Scene classification map (SCL)", null, null, 20, false) + "},"
                + "\"links\":[{\"rel\":\"collection\",\"href\":\"https://earth-search.aws.element84.com/v1/collections/sentinel-2-c1-l2a\"}]}";
    }

    private static String pcAsset(String href, String title, String band, String common, int res) {
        int n = res == 10 ? SIZE : SCL_SIZE;
        return "{\"href\":\"" + href + "\",\"type\":\"image/tiff; application=geotiff; profile=cloud-optimized\",\"title\":\"" + title + "\","
                + (band == null ? "" : "\"eo:bands\":[{\"name\":\"" + band + "\",\"common_name\":\"" + common + "\"}],")
                + "\"gsd\":" + res + ",\"proj:bbox\":[" + ULX + "," + (ULY - n * res) + "," + (ULX + n * res) + "," + ULY + "],"
                + "\"proj:shape\":[" + n + "," + n + "],\"proj:transform\":[" + res + ",0," + ULX + ",0,-" + res + "," + ULY + "],\"roles\":[\"data\"]}";
    }

    /** A Planetary Computer {@code sentinel-2-l2a} item: B04/B08/SCL, no raster:bands, the baseline in s2:processing_baseline. */
    private String pcItem() {
        String base = files.url(PC_DIR);
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + PC_ID + "\",\"collection\":\"sentinel-2-l2a\","
                + "\"bbox\":[115.99,24.30,117.10,25.31],\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[115.99,24.30],[117.10,24.30],[117.10,25.31],[115.99,25.31],[115.99,24.30]]]},"
                + "\"properties\":{\"datetime\":\"2023-06-01T02:35:29.024000Z\",\"platform\":\"Sentinel-2B\",\"proj:epsg\":32650,\"instruments\":[\"msi\"],"
                + "\"s2:mgrs_tile\":\"50RMN\",\"constellation\":\"Sentinel 2\",\"s2:granule_id\":\"S2B_OPER_MSI_L2A_TL_2BPS_20230601T051433_A032520_T50RMN_N05.09\","
                + "\"eo:cloud_cover\":21.4,\"s2:datatake_id\":\"GS2B_20230601T023529_032520_N05.09\",\"s2:product_uri\":\"" + SAFE + "\","
                + "\"s2:datastrip_id\":\"S2B_OPER_MSI_L2A_DS_2BPS_20230601T051433_S20230601T024321_N05.09\",\"s2:product_type\":\"S2MSI2A\","
                + "\"sat:orbit_state\":\"descending\",\"s2:datatake_type\":\"INS-NOBS\",\"s2:generation_time\":\"2023-06-01T05:14:33.000000Z\","
                + "\"sat:relative_orbit\":89,\"s2:processing_baseline\":\"05.09\"},"
                + "\"assets\":{\"B04\":" + pcAsset(base + "R10m/T50RMN_20230601T023529_B04_10m.tif", "Band 4 - Red - 10m", "B04", "red", 10) + ","
                + "\"B08\":" + pcAsset(base + "R10m/T50RMN_20230601T023529_B08_10m.tif", "Band 8 - NIR - 10m", "B08", "nir", 10) + ","
                + "\"SCL\":" + pcAsset(base + "R20m/T50RMN_20230601T023529_SCL_20m.tif", "Scene classfication map (SCL)", null, null, 20) + "},"
                + "\"links\":[{\"rel\":\"collection\",\"href\":\"https://planetarycomputer.microsoft.com/api/stac/v1/collections/sentinel-2-l2a\"}]}";
    }

    /** The same three files uploaded whole into a fresh server with {@code fields}; its statistics for the site. */
    private JsonNode uploadWhole(String[][] fields) throws Exception {
        try (TestServer whole = new TestServer(dir.resolve("whole"))) {
            assertThat(whole.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> up = whole.postMultipart("/api/v1/scenes", fields, new Object[][] {{"red", cogs.resolve("B04.tif")},
                    {"nir", cogs.resolve("B08.tif")}, {"mask", cogs.resolve("SCL.tif")}}, TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(up.body());
            assertThat(body.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
            assertThat(body.at("/scene/bbox/0").asDouble()).isCloseTo(ULX, within(1e-6));
            return body.get("statistics").get(0);
        }
    }

    @Test
    void earthSearchC1AppliesTheRasterBandsOffsetAndGivesTheWholeUploadsStatistics() throws Exception {
        startServer(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + c1Item() + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/source/profile").asText()).isEqualTo("earth-search-sentinel-2-c1-l2a");
        assertThat(body.at("/scene/source/offsetRule").asText()).isEqualTo("raster:bands");
        assertThat(body.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        checkScene(body, C1_DIR + "B04.tif", C1_DIR + "B08.tif", C1_DIR + "SCL.tif");
        JsonNode whole = uploadWhole(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2023-06-01T02:55:19Z"}, {"name", C1_ID},
                {"processingBaseline", "05.11"}, {"offsetApplied", "false"}});
        assertHandComputed(whole);
        SameStatistics.assertSame(body.get("statistics").get(0), whole, 1e-4);
    }

    /**
     * An acquisition of 2019 in the C1 collection (ESA's Collection-1 reprocessing, baseline 05.00 or later), its item
     * without {@code s2:processing_baseline}: the truthful raster:bands offset −1000 DN is the one applied, as the
     * provenance says, not the date's rule (before 2022-01-25: none), so the construction's mean 0.625 holds.
     */
    @Test
    void earthSearchC1AppliesTheRasterBandsOffsetWhenTheDateAloneWouldSayNone() throws Exception {
        startServer(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + c1Item("S2B_T50RMN_20190601T023529_L2A",
                "2019-06-01T02:55:19.024000Z", "") + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/source/offsetRule").asText()).isEqualTo("raster:bands");
        assertThat(body.at("/scene/source/offsetDn").asText()).isEqualTo("-1000");
        assertThat(body.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        assertHandComputed(body.get("statistics").get(0));
    }

    @Test
    void planetaryComputerSentinel2IsSignedTakesTheBaselineOffsetAndGivesTheWholeUploadsStatistics() throws Exception {
        files.requireSignature("sentinel2-l2/");
        startServer(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withSasEndpoint(java.net.URI.create(files.sasEndpoint())));
        HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":" + pcItem() + "}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/source/profile").asText()).isEqualTo("planetary-computer-sentinel-2-l2a");
        assertThat(body.at("/scene/source/offsetRule").asText()).isEqualTo("baseline");
        assertThat(body.at("/scene/offsetDn").asInt()).isEqualTo(-1000); // 05.09 >= 04.00
        assertThat(files.requests("token")).isEqualTo(1); // one container, one token
        assertThat(res.body()).doesNotContain("sig=");
        checkScene(body, PC_DIR + "R10m/T50RMN_20230601T023529_B04_10m.tif", PC_DIR + "R10m/T50RMN_20230601T023529_B08_10m.tif",
                PC_DIR + "R20m/T50RMN_20230601T023529_SCL_20m.tif");
        JsonNode whole = uploadWhole(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2023-06-01T02:35:29Z"}, {"name", PC_ID},
                {"processingBaseline", "05.09"}});
        assertHandComputed(whole);
        SameStatistics.assertSame(body.get("statistics").get(0), whole, 1e-4);
    }

    private void checkScene(JsonNode body, String red, String nir, String scl) throws Exception {
        JsonNode scene = body.get("scene");
        assertThat(scene.at("/source/window").asText()).isEqualTo("512,768,256,512");
        assertThat(scene.at("/bbox/0").asDouble()).isCloseTo(ULX + 512 * 10, within(1e-6));
        assertThat(scene.at("/bbox/3").asDouble()).isCloseTo(ULY - 768 * 10, within(1e-6));
        JsonNode stats = body.get("statistics").get(0);
        assertThat(stats.get("site").asText()).isEqualTo("slope");
        assertHandComputed(stats);
        // tiles (0, 0) and (0, 1) of the 10 m bands, tile (0, 0) of SCL
        Object[][] bands = {{red, cogs.resolve("B04.tif"), List.of(new int[] {0, 0}, new int[] {0, 1})},
                {nir, cogs.resolve("B08.tif"), List.of(new int[] {0, 0}, new int[] {0, 1})}, {scl, cogs.resolve("SCL.tif"), List.<int[]>of(new int[] {0, 0})}};
        for (Object[] b : bands) {
            String name = (String) b[0];
            @SuppressWarnings("unchecked")
            List<int[]> tiles = (List<int[]>) b[2];
            long needed = 0;
            for (int[] t : tiles) needed += Cogs.tileBytes((Path) b[1], t[0], t[1]);
            int blockRows = (int) tiles.stream().mapToInt(t -> t[1]).distinct().count();
            System.out.printf("%s: %d requests, %d bytes, touched tiles %d bytes in %d block rows, file %d bytes%n", name.replaceAll(".*/", ""),
                    files.requests(name), files.bytes(name), needed, blockRows, Files.size((Path) b[1]));
            assertThat(files.requests(name)).as(name + " requests").isLessThanOrEqualTo(blockRows + 2);
            assertThat(files.bytes(name)).as(name + " bytes").isLessThanOrEqualTo((long) (1.5 * needed));
        }
    }

    /** The hand-computed statistics of the class comment. */
    static void assertHandComputed(JsonNode s) {
        SameStatistics.assertValues(s, Map.ofEntries(
                Map.entry("validFraction", near(0.55, 1e-9)),
                Map.entry("clearFraction", near(0.65, 1e-9)),
                Map.entry("cloudFraction", near(0.2, 1e-9)),
                Map.entry("shadowFraction", near(0.1, 1e-9)),
                Map.entry("waterFraction", near(0.1, 1e-9)),
                Map.entry("nodataFraction", near(0.05, 1e-9)),
                Map.entry("mean", near(0.625, 1e-4)),
                Map.entry("std", near(0.125, 1e-4)),
                Map.entry("min", near(0.5, 1e-4)),
                Map.entry("max", near(0.75, 1e-4)),
                Map.entry("greenFraction", near(0.5, 1e-9)),
                Map.entry("classAreasM2/dense / validAreaM2", near(0.5, 1e-9)),
                Map.entry("classAreasM2/moderate / validAreaM2", near(0.5, 1e-9)),
                Map.entry("siteAreaM2", near(160_000, 160_000 * 2e-3))));
    }
}
