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
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assets that cannot be read in place, each refused through {@code POST /api/v1/scenes {"stacItem"}} with a 400 naming
 * the asset and nothing stored: a redirect loop (followed at most 5 times), a 403, a host that refuses connections
 * (retried twice, then refused), a TIFF in one strip (not cloud-optimised); and a striped TIFF, which is accepted.
 *
 * <p>The COGs: red 500 and NIR 3000 DN (constant) on 1024 x 1024 pixels of 10 m in EPSG:32650 from (500000, 2800000),
 * tiled 256, DEFLATE; the site the square x 504000..504600, y 2795000..2795600. The striped and one-strip fixtures in
 * {@code src/test/resources/cogs} (made with GDAL, see its README) hold the same values (the one-strip file with sparse
 * noise); NDVI = 2500 / 3500 = 0.714286.
 */
class RemoteSourceErrorsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private Path cogs;
    private RangeFileServer files;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeUniformRedNir(cogs, 1024);
        for (String f : new String[] {"striped-red.tif", "striped-nir.tif", "one-strip-red.tif"}) {
            Files.copy(Path.of("src/test/resources/cogs", f), cogs.resolve(f));
        }
        files = new RangeFileServer(cogs);
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(2, java.time.Duration.ofMillis(10))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        files.close();
    }

    /** A user-mapped item (no collection profile): red and nir assets, no mask. */
    private HttpResponse<String> postItem(String red, String nir) throws Exception {
        String item = "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"item-" + Math.abs((red + nir).hashCode()) + "\",\"collection\":\"mine\","
                + "\"properties\":{\"datetime\":\"2023-06-01T03:12:00Z\"},"
                + "\"assets\":{\"r\":{\"href\":\"" + red + "\"},\"n\":{\"href\":\"" + nir + "\"}}}";
        return server.postJson("/api/v1/scenes", "{\"stacItem\":" + item + ",\"collectionProfile\":{\"sensor\":\"sentinel2-l2a\","
                + "\"assets\":{\"red\":\"r\",\"nir\":\"n\"},\"fields\":{\"processingBaseline\":\"03.00\"}}}");
    }

    private void assertRefused(HttpResponse<String> res, String code, String... mentions) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).isEqualTo(code);
        for (String m : mentions) assertThat(e.get("detail").asText()).contains(m);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
        assertThat(JSON.readTree(server.get("/api/v1/sites/dump/timeseries").body()).get("points")).isEmpty();
    }

    @Test
    void theMappedItemIsReadWhenNothingIsWrong() throws Exception {
        HttpResponse<String> res = postItem(files.url("red.tif"), files.url("nir.tif"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JSON.readTree(res.body()).at("/statistics/0/mean").asDouble()).isCloseTo(2500.0 / 3500, within(1e-4));
    }

    @Test
    void aRedirectLoopIsFollowedFiveTimesThenRefusedNamingTheAsset() throws Exception {
        files.redirect("loop.tif", files.url("loop.tif"));
        assertRefused(postItem(files.url("loop.tif"), files.url("nir.tif")), "source_redirect_loop", "loop.tif", "redirects more than 5 times");
        assertThat(files.requests("loop.tif")).isEqualTo(6); // the first request and five redirects followed, no more
    }

    @Test
    void aForbiddenAssetIsRefusedNamingIt() throws Exception {
        files.answer("secret.tif", 403);
        assertRefused(postItem(files.url("red.tif"), files.url("secret.tif")), "source_forbidden", "secret.tif", "HTTP 403");
        assertThat(files.requests("secret.tif")).isEqualTo(1); // not retried: the answer will not change
    }

    @Test
    void aHostThatRefusesConnectionsIsRetriedTwiceThenRefusedNamingTheAsset() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/B04.tif";
        long t0 = System.nanoTime();
        assertRefused(postItem(url, files.url("nir.tif")), "source_unreachable", url, "after 3 attempts");
        assertThat(System.nanoTime() - t0).as("bounded: 3 attempts with 10 + 20 ms backoff").isLessThan(20_000_000_000L);
    }

    @Test
    void aStripedTiffIsReadInPlaceByItsStripsWithTheValuesOfItsPixels() throws Exception {
        HttpResponse<String> res = postItem(files.url("striped-red.tif"), files.url("striped-nir.tif"));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.at("/statistics/0/mean").asDouble()).isCloseTo(2500.0 / 3500, within(1e-4));
        assertThat(body.at("/statistics/0/validFraction").asDouble()).isCloseTo(1, within(1e-9));
        // the window: site +- 500 m = columns 350..510, rows 390..550 of 10 m, snapped to 16-row strips: rows 384..560
        assertThat(body.at("/scene/source/window").asText()).isEqualTo("256,384,256,176");
    }

    @Test
    void aTiffInOneHugeStripIsNotCloudOptimisedAndIsRefusedNamingIt() throws Exception {
        assertRefused(postItem(files.url("one-strip-red.tif"), files.url("nir.tif")), "source_not_cog", "one-strip-red.tif",
                "2100 x 2100", "not cloud-optimised");
        assertThat(files.requests("one-strip-red.tif")).isLessThanOrEqualTo(2); // the header, no pixel
    }
}
