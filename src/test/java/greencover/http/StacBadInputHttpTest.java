package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.StacApiServer;
import greencover.testing.TestServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs not covered elsewhere (see {@code RemoteCogHttpTest}, {@code RemoteSourceErrorsHttpTest},
 * {@code StacImportHttpTest}), through {@code POST /api/v1/scenes {"stacItem"}}, {@code POST /api/v1/imports} and
 * {@code PUT /api/v1/sites/{id}/watch}: each a 4xx {@code {"error", "detail", "field"}}, with the scene list, the
 * import list and the site's watch as they were. An item URL nothing listens on, an item URL that redirects in a
 * loop or is missing, a PNG asset; a hostname that resolves to 127.0.0.1; a redirect from an allowed host to a
 * loopback address (the item, an asset, the catalog's search); a catalog whose search redirects in a loop; a limit
 * above 1000 or beyond an int; datetimes that are not RFC 3339; and, inside an import, a PNG asset and an item
 * without a red band, which fail as items and store nothing.
 *
 * <p>The COGs: red and NIR 512 x 512 pixels of 10 m in EPSG:32650 from (500000, 2800000), tiled 256; the site the
 * square x 504000..504600, y 2795000..2795600 inside them.
 */
class StacBadInputHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private Path cogs;
    private RangeFileServer files;
    private StacApiServer stac;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeUniformRedNir(cogs, 512);
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        javax.imageio.ImageIO.write(png, "png", cogs.resolve("red.png").toFile());
        files = new RangeFileServer(cogs);
        stac = new StacApiServer();
    }

    /** A server whose policy is {@code policy}, with the site. */
    private void open(SourcePolicy policy) throws Exception {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(policy.withRetries(0, Duration.ofMillis(10))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        stac.close();
        files.close();
    }

    /** An Earth Search v1 item of 2023-06-{day} whose red and nir assets are {@code red} and {@code nir}. */
    private static String item(String day, String red, String nir) {
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2B_50RMN_202306" + day + "_0_L2A\",\"collection\":\"sentinel-2-l2a\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"2023-06-" + day + "T03:12:00Z\",\"platform\":\"sentinel-2b\","
                + "\"created\":\"2023-07-01T00:00:00Z\",\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"s2:mgrs_tile\":\"50RMN\","
                + "\"eo:cloud_cover\":10,\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + red + "\"" + rb + "},\"nir\":{\"href\":\"" + nir + "\"" + rb + "}}}";
    }

    private String importBody(String stacApi, String extra) {
        return "{\"stacApi\":\"" + stacApi + "\",\"collections\":[\"sentinel-2-l2a\"],\"sites\":[\"dump\"],"
                + "\"datetime\":\"2023-01-01/2023-12-31\",\"maxCloud\":50" + extra + "}";
    }

    private String localhost(String url) { return url.replace("127.0.0.1", "localhost"); }

    /** The scene list, the import list and the site's watch status, as the API answers them. */
    private String store() throws Exception {
        return server.get("/api/v1/scenes").body() + "\n" + server.get("/api/v1/imports").body() + "\n"
                + server.get("/api/v1/sites/dump/watch").statusCode();
    }

    /** {@code res} is a 4xx {@code code} naming {@code field}, with a detail mentioning {@code mentions}, and the store is {@code before}. */
    private void refused(String before, HttpResponse<String> res, String code, String field, String... mentions) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isBetween(400, 499);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).as(res.body()).isEqualTo(code);
        assertThat(e.get("field").asText()).as(res.body()).isEqualTo(field);
        assertThat(e.get("detail").asText()).as(res.body()).isNotBlank();
        for (String m : mentions) assertThat(e.get("detail").asText()).as(res.body()).contains(m);
        assertThat(store()).isEqualTo(before);
    }

    @Test
    void anItemUrlNothingListensOnThatLoopsOrIsMissingAndAPngAssetAreRefusedForScenes() throws Exception {
        open(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        String before = store();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":\"http://127.0.0.1:" + port + "/item.json\"}"),
                "source_unreachable", "stacItem", "127.0.0.1:" + port);
        files.redirect("loop.json", files.url("loop.json"));
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + files.url("loop.json") + "\"}"),
                "source_redirect_loop", "stacItem", "loop.json");
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + files.url("gone.json") + "\"}"),
                "source_not_found", "stacItem", "gone.json");
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":" + item("01", files.url("red.png"), files.url("nir.tif")) + "}"),
                "source_not_tiff", "red", "red.png");
        assertThat(files.requests("red.png")).isEqualTo(1); // its header only
    }

    @Test
    void aHostnameResolvingToLoopbackAndRedirectsFromAnAllowedHostToLoopbackAreRefused() throws Exception {
        // 127.0.0.1 is allowed by name; localhost, the same address under another name, is not (as a redirect's target)
        open(SourcePolicy.DEFAULTS.withPrivateHosts(List.of("127.0.0.1")));
        String before = store();
        Files.writeString(cogs.resolve("item.json"), item("01", files.url("red.tif"), files.url("nir.tif")));

        // a hostname that resolves to 127.0.0.1
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + localhost(files.url("item.json")) + "\"}"),
                "source_refused", "stacItem", "localhost", "127.0.0.1");
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":" + item("01", localhost(files.url("red.tif")), files.url("nir.tif")) + "}"),
                "source_refused", "red", "localhost");
        refused(before, server.postJson("/api/v1/imports", importBody(localhost(stac.url()), "")), "source_refused", "stacApi", "localhost");

        // a redirect from the allowed host to a loopback address: the item, an asset, the catalog's search
        files.redirect("hop.json", localhost(files.url("item.json")));
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + files.url("hop.json") + "\"}"),
                "source_refused", "stacItem", "localhost");
        files.redirect("hop.tif", localhost(files.url("red.tif")));
        refused(before, server.postJson("/api/v1/scenes", "{\"stacItem\":" + item("01", files.url("hop.tif"), files.url("nir.tif")) + "}"),
                "source_refused", "red", "localhost");
        files.redirect("hop/search", localhost(stac.url()) + "/search");
        refused(before, server.postJson("/api/v1/imports", importBody(files.url("hop"), "")), "source_refused", "stacApi", "localhost");
        refused(before, server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + files.url("hop") + "\",\"collections\":"
                + "[\"sentinel-2-l2a\"],\"every\":\"PT6H\"}"), "source_refused", "stacApi", "localhost");
        assertThat(stac.requests()).isEmpty(); // the catalog behind the redirect was never asked

        // the same item by its allowed name is read
        HttpResponse<String> ok = server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + files.url("item.json") + "\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void aCatalogThatLoopsOrCannotBeReachedAndBadLimitsAndDatetimesAreRefusedForImportsAndWatches() throws Exception {
        open(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        stac.add(item("01", files.url("red.tif"), files.url("nir.tif")));
        String before = store();
        files.redirect("loop/search", files.url("loop/search"));
        refused(before, server.postJson("/api/v1/imports", importBody(files.url("loop"), "")), "source_redirect_loop", "stacApi");
        refused(before, server.postJson("/api/v1/imports", importBody(stac.url(), ",\"limit\":1001")), "invalid_field", "limit", "1000");
        refused(before, server.postJson("/api/v1/imports", importBody(stac.url(), ",\"limit\":1000000000000")), "invalid_field", "limit");
        refused(before, server.postJson("/api/v1/imports", importBody(stac.url(), ",\"limit\":-5")), "invalid_field", "limit");
        for (String bad : new String[] {"yesterday", "2023-02-30/2023-12-31", "2023-06-01T25:00:00Z", "../..", "2023-01-01/2023-06-01/2023-12-31"}) {
            refused(before, server.postJson("/api/v1/imports", importBody(stac.url(), "").replace("2023-01-01/2023-12-31", bad)),
                    "invalid_datetime", "datetime");
        }
        // a watch checks its catalog as an import does, and is not stored
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        refused(before, server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"http://127.0.0.1:" + port + "/stac\",\"collections\":"
                + "[\"sentinel-2-l2a\"],\"every\":\"PT6H\"}"), "catalog_unreachable", "stacApi");
        refused(before, server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + stac.url() + "\",\"collections\":"
                + "[\"sentinel-2-l2a\"],\"every\":\"PT6H\",\"from\":\"last week\"}"), "invalid_datetime", "from");
        assertThat(stac.requests()).isEmpty();
    }

    @Test
    void insideAnImportAPngAssetAndAnItemWithoutARedBandFailAsItemsAndStoreNoScene() throws Exception {
        open(SourcePolicy.DEFAULTS.allowingPrivateAddresses());
        stac.add(item("01", files.url("red.png"), files.url("nir.tif")));
        stac.add(item("02", files.url("red.tif"), files.url("nir.tif")).replace("\"red\":{", "\"rouge\":{"));
        HttpResponse<String> res = server.postJson("/api/v1/imports", importBody(stac.url(), ""));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        String id = JSON.readTree(res.body()).get("id").asText();
        JsonNode s = null;
        for (int i = 0; i < 900; i++) {
            s = JSON.readTree(server.get("/api/v1/imports/" + id).body());
            if (s.get("status").asText().equals("done")) break;
            Thread.sleep(100);
        }
        assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
        assertThat(s.at("/items/found").asInt()).isEqualTo(2);
        assertThat(s.at("/items/failed").asInt()).isEqualTo(2);
        assertThat(s.at("/items/ingested").asInt()).isZero();
        assertThat(s.get("errors").toString()).contains("red.png").contains("red");
        assertThat(s.get("bytesRead").asLong()).isEqualTo(files.bytes("red.png") + files.bytes("nir.tif") + files.bytes("red.tif"));
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }
}
