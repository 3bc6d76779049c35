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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes read in place by HTTP range requests from a real range server on loopback, through
 * {@code POST /api/v1/scenes {"stacItem": ...}}, against the same files uploaded whole.
 *
 * <p>The scene: red and NIR 1024 x 1024 pixels of 10 m in EPSG:32650 from (500000, 2800000), SCL 512 x 512 of 20 m,
 * all tiled 256 x 256 with DEFLATE; DNs are seeded noise (so tiles barely compress). The site is the square
 * x 504000..504600, y 2795000..2795600. With the 500 m margin the window spans x 503500..505100 (columns 350..510)
 * and y 2794500..2796100 (rows 390..550), snapped to 256-pixel blocks: columns 256..512 and rows 256..768, i.e. red
 * tiles (1, 1) and (1, 2): two block rows, so at most 2 + 2 requests and 1.5 x those two tiles' bytes.
 */
class RemoteCogHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private Path cogs;
    private RangeFileServer files;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        cogs = Files.createDirectories(dir.resolve("cogs"));
        Random rnd = new Random(7);
        int[][] red = new int[1024][1024], nir = new int[1024][1024], scl = new int[512][512];
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                red[y][x] = 300 + rnd.nextInt(1200);
                nir[y][x] = 1800 + rnd.nextInt(2500);
            }
        }
        for (int y = 0; y < 512; y++) for (int x = 0; x < 512; x++) scl[y][x] = (x / 7 + y / 5) % 9 == 0 ? 8 : 4;
        Cogs.write(cogs.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 500000, 2800000, 10, nir, 256);
        Cogs.write(cogs.resolve("scl.tif"), 32650, 500000, 2800000, 20, scl, 256);
        Files.write(cogs.resolve("plain.txt"), "not a tiff at all, just some text that is long enough".repeat(20).getBytes());
        files = new RangeFileServer(cogs);
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(2, java.time.Duration.ofMillis(10))).build());
        HttpResponse<String> site = server.postJson("/api/v1/sites", SITE);
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        files.close();
    }

    /** An Earth Search v1 sentinel-2-l2a item (offset applied by Element84, raster:bands still saying -0.1). */
    private String earthSearchItem(String red, String nir, String scl) {
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2B_50RMN_20230601_0_L2A\",\"collection\":\"sentinel-2-l2a\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"2023-06-01T03:12:00Z\",\"platform\":\"sentinel-2b\","
                + "\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + red + "\",\"type\":\"image/tiff; application=geotiff; profile=cloud-optimized\"" + rb + "},"
                + "\"nir\":{\"href\":\"" + nir + "\"" + rb + "},\"scl\":{\"href\":\"" + scl + "\"}}}";
    }

    private HttpResponse<String> postItem(String itemJson) throws Exception {
        return server.postJson("/api/v1/scenes", "{\"stacItem\":" + itemJson + "}");
    }

    @Test
    void aWindowedSceneHasTheStatisticsOfTheWholeFileUploadAndReadsOnlyTheSitesBlocks() throws Exception {
        HttpResponse<String> res = postItem(earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        JsonNode scene = body.get("scene");
        // the window: columns 256..512, rows 256..768 of the red file
        assertThat(scene.get("width").asInt()).isEqualTo(256);
        assertThat(scene.get("height").asInt()).isEqualTo(512);
        assertThat(scene.at("/bbox/0").asDouble()).isCloseTo(502560, within(1e-6));
        assertThat(scene.at("/bbox/3").asDouble()).isCloseTo(2797440, within(1e-6));
        assertThat(scene.at("/source/window").asText()).isEqualTo("256,256,256,512");
        assertThat(scene.at("/source/itemId").asText()).isEqualTo("S2B_50RMN_20230601_0_L2A");
        assertThat(scene.at("/source/collection").asText()).isEqualTo("sentinel-2-l2a");
        assertThat(scene.at("/source/href.red").asText()).isEqualTo(files.url("red.tif"));
        assertThat(scene.at("/source/offsetRule").asText()).isEqualTo("earthsearch:boa_offset_applied");
        assertThat(scene.get("offsetDn").asInt()).isEqualTo(0);

        long needed = Cogs.tileBytes(cogs.resolve("red.tif"), 1, 1) + Cogs.tileBytes(cogs.resolve("red.tif"), 1, 2);
        assertThat(files.requests("red.tif")).isLessThanOrEqualTo(2 + 2);
        assertThat(files.bytes("red.tif")).isLessThanOrEqualTo((long) (1.5 * needed));
        assertThat(files.bytes("red.tif")).isLessThan(Files.size(cogs.resolve("red.tif")) / 4);

        // the same files uploaded whole, with the same declarations, into a second server
        try (TestServer whole = new TestServer(dir.resolve("whole"))) {
            assertThat(whole.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> up = whole.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                    {"acquired", "2023-06-01T03:12:00Z"}, {"processingBaseline", "05.09"}, {"offsetApplied", "true"}},
                    new Object[][] {{"red", cogs.resolve("red.tif")}, {"nir", cogs.resolve("nir.tif")}, {"mask", cogs.resolve("scl.tif")}},
                    TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            JsonNode a = body.get("statistics").get(0), b = JSON.readTree(up.body()).get("statistics").get(0);
            assertThat(a.get("site").asText()).isEqualTo("dump");
            for (String k : new String[] {"mean", "median", "std", "p10", "p90", "min", "max", "validFraction", "cloudFraction",
                    "nodataFraction", "fvc", "greenFraction", "siteAreaM2"}) {
                assertThat(a.get(k).asDouble()).as(k).isCloseTo(b.get(k).asDouble(), within(1e-4));
            }
            assertThat(a.get("cloudFraction").asDouble()).isGreaterThan(0); // the SCL pattern (cloud 8) is read through the window too
        }

        // the same item again: a duplicate, recognised without a fetch
        long before = files.requests("red.tif");
        HttpResponse<String> again = postItem(earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif")));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(files.requests("red.tif")).isEqualTo(before);
        // the provenance as the catalog stores it (schema step 9)
        JsonNode stored = JSON.readTree(server.get("/api/v1/scenes/" + scene.get("id").asText()).body());
        assertThat(stored.at("/source/itemId").asText()).isEqualTo("S2B_50RMN_20230601_0_L2A");
        assertThat(stored.at("/source/href.mask").asText()).isEqualTo(files.url("scl.tif"));
        assertThat(stored.at("/source/window").asText()).isEqualTo("256,256,256,512");
        assertThat(stored.at("/source/offsetReason").asText()).contains("boa_offset_applied is true");
    }

    @Test
    void planetaryComputerHrefsAreSignedWithOneCachedTokenPerContainerAndStoredUnsigned() throws Exception {
        Path container = Files.createDirectories(cogs.resolve("sentinel2-l2"));
        for (String f : new String[] {"red.tif", "nir.tif", "scl.tif"}) Files.copy(cogs.resolve(f), container.resolve(f));
        files.requireSignature("sentinel2-l2/");
        server.close();
        server = new TestServer(AppConfig.forTests(dir.resolve("pc"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withSasEndpoint(java.net.URI.create(files.sasEndpoint()))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        String pc = "{\"type\":\"Feature\",\"id\":\"S2B_MSIL2A_20190629T212529_R043_T50RMN_20201006T080531\",\"collection\":\"sentinel-2-l2a\","
                + "\"properties\":{\"datetime\":\"2019-06-29T21:25:29Z\",\"s2:processing_baseline\":\"02.12\",\"proj:epsg\":32650},\"assets\":{"
                + "\"B04\":{\"href\":\"" + files.url("sentinel2-l2/red.tif") + "\"},\"B08\":{\"href\":\"" + files.url("sentinel2-l2/nir.tif")
                + "\"},\"SCL\":{\"href\":\"" + files.url("sentinel2-l2/scl.tif") + "\"}}}";
        HttpResponse<String> res = postItem(pc);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode scene = JSON.readTree(res.body()).get("scene");
        assertThat(scene.at("/source/profile").asText()).isEqualTo("planetary-computer-sentinel-2-l2a");
        assertThat(scene.at("/source/offsetRule").asText()).isEqualTo("baseline"); // 02.12 < 04.00: no offset
        assertThat(scene.get("offsetDn").asInt()).isEqualTo(0);
        assertThat(scene.at("/source/href.red").asText()).isEqualTo(files.url("sentinel2-l2/red.tif")); // no signature stored
        assertThat(res.body()).doesNotContain("sig=");
        assertThat(files.requests("token")).isEqualTo(1); // three assets, one container, one token

        // the same hrefs read without signing (a user mapping, no Planetary Computer profile) are refused by the blob store
        HttpResponse<String> unsigned = server.postJson("/api/v1/scenes", "{\"stacItem\":" + pc.replace("T50RMN_2020", "T50RMN_2021")
                + ",\"collectionProfile\":{\"sensor\":\"sentinel2-l2a\",\"assets\":{\"red\":\"B04\",\"nir\":\"B08\"},"
                + "\"fields\":{\"processingBaseline\":\"02.12\"}}}");
        assertThat(unsigned.statusCode()).as(unsigned.body()).isEqualTo(400);
        assertThat(JSON.readTree(unsigned.body()).get("error").asText()).isEqualTo("source_forbidden");
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(1);
    }

    @Test
    void aRefusedTokenIsReplacedOnceAndSharedByTheOtherAssets() throws Exception {
        Path container = Files.createDirectories(cogs.resolve("sentinel2-l2"));
        for (String f : new String[] {"red.tif", "nir.tif", "scl.tif"}) Files.copy(cogs.resolve(f), container.resolve(f));
        files.requireSignature("sentinel2-l2/");
        files.refuseFirstTokens(1); // the cached token has expired at the blob store
        server.close();
        server = new TestServer(AppConfig.forTests(dir.resolve("pc"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withSasEndpoint(java.net.URI.create(files.sasEndpoint()))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        String pc = "{\"type\":\"Feature\",\"id\":\"S2B_MSIL2A_20230629T212529_N0509_R043_T50RMN_20230629T230000\",\"collection\":\"sentinel-2-l2a\","
                + "\"properties\":{\"datetime\":\"2023-06-29T21:25:29Z\",\"s2:processing_baseline\":\"05.09\"},\"assets\":{"
                + "\"B04\":{\"href\":\"" + files.url("sentinel2-l2/red.tif") + "\"},\"B08\":{\"href\":\"" + files.url("sentinel2-l2/nir.tif")
                + "\"},\"SCL\":{\"href\":\"" + files.url("sentinel2-l2/scl.tif") + "\"}}}";
        HttpResponse<String> res = postItem(pc);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JSON.readTree(res.body()).at("/scene/offsetDn").asInt()).isEqualTo(-1000); // 05.09 >= 04.00
        assertThat(files.requests("token")).isEqualTo(2); // the first token, then one new token for all three assets
    }

    private void assertRefusedAndNothingStored(HttpResponse<String> res, int status, String code, String mention) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).isEqualTo(code);
        assertThat(e.get("detail").asText()).contains(mention);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }

    @Test
    void aMissingAssetIsA400NamingItAndStoresNothing() throws Exception {
        assertRefusedAndNothingStored(postItem(earthSearchItem(files.url("gone.tif"), files.url("nir.tif"), files.url("scl.tif"))),
                400, "source_not_found", "gone.tif");
    }

    @Test
    void anAssetThatIsNotATiffIsA400NamingItAndStoresNothing() throws Exception {
        assertRefusedAndNothingStored(postItem(earthSearchItem(files.url("red.tif"), files.url("plain.txt"), files.url("scl.tif"))),
                400, "source_not_tiff", "plain.txt");
    }

    @Test
    void anItemWithoutARedAssetOrWithoutJsonIsA400() throws Exception {
        String noRed = earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif")).replace("\"red\":{", "\"rouge\":{");
        assertRefusedAndNothingStored(postItem(noRed), 400, "missing_band", "red");
        assertRefusedAndNothingStored(server.postJson("/api/v1/scenes", "{\"collectionProfile\":\"earth-search-sentinel-2-l2a\"}"),
                400, "missing_field", "stacItem");
        assertRefusedAndNothingStored(postItem("{\"type\":\"Feature\",\"id\":\"x\",\"collection\":\"mine\",\"assets\":{\"a\":{\"href\":\"x\"}}}"),
                400, "unknown_collection", "mine");
        assertThat(files.requests("red.tif")).isZero();
    }

    @Test
    void aSceneWithoutSitesIsA400AfterItsHeaderOnly() throws Exception {
        assertThat(server.delete("/api/v1/sites/dump").statusCode()).isEqualTo(204);
        assertRefusedAndNothingStored(postItem(earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif"))),
                400, "no_site_in_scene", "add the site first");
        assertThat(files.requests("red.tif")).isEqualTo(1); // the header: no tile was read
    }

    @Test
    void anItemWhoseCrsDisagreesWithItsFileIsReadInTheFilesCrsWithAWarning() throws Exception {
        String item = earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif")).replace("\"proj:epsg\":32650", "\"proj:epsg\":32651");
        HttpResponse<String> res = postItem(item);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/scene/crs").asText()).isEqualTo("EPSG:32650");
        assertThat(body.get("warnings").toString()).contains("item-crs-mismatch").contains("EPSG:32651");
    }

    @Test
    void aTruncatedRemoteFileIsRefusedByTheUploadChecksOnItsHeader() throws Exception {
        byte[] all = Files.readAllBytes(cogs.resolve("red.tif"));
        Files.write(cogs.resolve("cut.tif"), java.util.Arrays.copyOf(all, all.length / 2));
        assertRefusedAndNothingStored(postItem(earthSearchItem(files.url("cut.tif"), files.url("nir.tif"), files.url("scl.tif"))),
                400, "invalid_raster", "truncated");
        assertThat(files.requests("cut.tif")).isLessThanOrEqualTo(2); // the header (and at most one miss), no tile
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() throws Exception {
        files.failNext("red.tif", 2); // two 503s, then the answer: within the 2 retries
        HttpResponse<String> res = postItem(earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    }

    @Test
    void aLoopbackAssetIsRefusedWhereThePolicyForbidsPrivateAddresses() throws Exception {
        server.close();
        server = new TestServer(AppConfig.forTests(dir.resolve("strict"), TestServer.TOKEN)); // the default policy
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        assertRefusedAndNothingStored(postItem(earthSearchItem(files.url("red.tif"), files.url("nir.tif"), files.url("scl.tif"))),
                400, "source_refused", "127.0.0.1");
        assertThat(files.requests("red.tif")).isZero();
        assertRefusedAndNothingStored(server.postJson("/api/v1/scenes", "{\"stacItem\":\"http://10.0.0.7/item.json\"}"),
                400, "source_refused", "10.0.0.7");
        assertRefusedAndNothingStored(server.postJson("/api/v1/scenes", "{\"stacItem\":\"file:///etc/passwd\"}"),
                400, "source_refused", "file:");
    }
}
