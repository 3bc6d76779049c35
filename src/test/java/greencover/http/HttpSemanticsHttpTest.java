package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CORS on every path, HEAD as GET without the body, ETag/304 and Range/206 through a real server, and GDAL's
 * {@code /vsicurl/} (what QGIS's "Add Raster Layer → HTTP" uses) opening {@code index.tif} and the CSV by URL
 * where GDAL is installed.
 *
 * <p>The scene is the 4 x 4 grid of 10 m pixels of {@link TestTiffs#grid4x4} dated 2020-06-01; the site is the
 * grid's left half (20 m x 40 m).
 */
class HttpSemanticsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"left-half","properties":{"name":"Left half"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500020,2799960],[500020,2800000],[500000,2800000],[500000,2799960]]]}}""";
    private static final String ORIGIN = "https://maps.example.org";

    @TempDir Path dir;
    TestServer server;

    private void start(AppConfig cfg) { server = new TestServer(cfg); }

    private void start() { start(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN)); }

    @AfterEach
    void stop() { if (server != null) server.close(); }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) { return r.headers().firstValue(name).orElse(null); }

    private String ingest() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        var up = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                new Object[][] {{"red", TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800)},
                    {"nir", TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200)}}, TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        return JSON.readTree(up.body()).at("/scene/id").asText();
    }

    @Test
    void everyReadIsOpenToAnyOriginByDefault() throws Exception {
        start();
        for (String path : List.of("/api/v1/sites", "/api/v1/scenes", "/api/v1/openapi.json", "/health",
                "/api/v1/sites/nope/timeseries?format=csv", "/wms?SERVICE=WMS&REQUEST=GetCapabilities", "/tiles/ndvi/3/6/4.png")) {
            var r = send("GET", path, "Origin", ORIGIN);
            assertThat(header(r, "Access-Control-Allow-Origin")).as(path).isEqualTo("*");
            assertThat(header(r, "Access-Control-Expose-Headers")).as(path).contains("ETag").contains("Content-Range");
            // also without Origin, so that a shared cache never stores a copy without the header
            assertThat(header(send("GET", path), "Access-Control-Allow-Origin")).as(path).isEqualTo("*");
        }
    }

    @Test
    void theStatisticsPreflightIsAReadAndAnswered204() throws Exception {
        start();
        var r = send("OPTIONS", "/api/v1/statistics", "Origin", ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Access-Control-Allow-Methods")).contains("POST");
        assertThat(header(r, "Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(header(r, "Access-Control-Max-Age")).isEqualTo("86400");
    }

    @Test
    void aWritePreflightNeedsAnAllowedWriteOrigin() throws Exception {
        start();
        var refused = send("OPTIONS", "/api/v1/sites", "Origin", ORIGIN, "Access-Control-Request-Method", "POST");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(header(refused, "Access-Control-Allow-Origin")).isNull();
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("\"origin_not_allowed\"");
        server.close();
        start(AppConfig.forTests(dir.resolve("data2"), TestServer.TOKEN).toBuilder().corsWriteOrigins(List.of(ORIGIN)).build());
        var ok = send("OPTIONS", "/api/v1/sites", "Origin", ORIGIN, "Access-Control-Request-Method", "DELETE",
                "Access-Control-Request-Headers", "authorization");
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(header(ok, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(header(ok, "Access-Control-Allow-Methods")).contains("DELETE");
        assertThat(header(ok, "Access-Control-Allow-Headers")).isEqualTo("authorization");
        assertThat(ok.headers().allValues("Vary")).contains("Origin");
        var other = send("OPTIONS", "/api/v1/sites", "Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE");
        assertThat(other.statusCode()).isEqualTo(403);
    }

    @Test
    void aConfiguredReadOriginListEchoesOnlyItsOrigins() throws Exception {
        start(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().corsOrigins(List.of(ORIGIN)).build());
        var allowed = send("GET", "/api/v1/sites", "Origin", ORIGIN);
        assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(allowed.headers().allValues("Vary")).contains("Origin");
        assertThat(header(send("GET", "/api/v1/sites", "Origin", "https://other.example"), "Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void headIsGetWithoutTheBody() throws Exception {
        start();
        ingest();
        for (String path : List.of("/api/v1/sites/nope", "/api/v1/sites", "/api/v1/sites/left-half/timeseries?format=csv",
                "/wms?SERVICE=WMS&REQUEST=GetCapabilities", "/api/v1/scenes/nope/index.tif")) {
            var get = send("GET", path);
            var head = send("HEAD", path);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.body()).as(path).isEmpty();
            assertThat(header(head, "Content-Type")).as(path).isEqualTo(header(get, "Content-Type"));
            assertThat(header(head, "ETag")).as(path).isEqualTo(header(get, "ETag"));
            assertThat(header(head, "Content-Length")).as(path).isEqualTo(Integer.toString(get.body().length));
        }
        assertThat(send("HEAD", "/api/v1/sites/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void jsonReadsCarryAnEtagAnd304WhenTheClientHasIt() throws Exception {
        start();
        ingest();
        var first = send("GET", "/api/v1/sites/left-half");
        String etag = header(first, "ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(header(first, "Cache-Control")).isEqualTo("no-cache");
        var again = send("GET", "/api/v1/sites/left-half", "If-None-Match", "W/\"other\", " + etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(send("GET", "/api/v1/sites/left-half", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(server.delete("/api/v1/sites/left-half").statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/sites", "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void theIndexRasterIsServedInRanges() throws Exception {
        start();
        String id = ingest();
        String path = "/api/v1/scenes/" + id + "/index.tif";
        var whole = send("GET", path);
        assertThat(whole.statusCode()).isEqualTo(200);
        byte[] all = whole.body();
        assertThat(Arrays.copyOf(all, 4)).containsExactly('I', 'I', 42, 0); // little-endian TIFF
        assertThat(header(whole, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(whole, "Content-Length")).isEqualTo(Integer.toString(all.length));

        var part = send("GET", path, "Range", "bytes=2-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(header(part, "Content-Range")).isEqualTo("bytes 2-9/" + all.length);
        assertThat(part.body()).containsExactly(Arrays.copyOfRange(all, 2, 10));

        var tail = send("GET", path, "Range", "bytes=-5");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).containsExactly(Arrays.copyOfRange(all, all.length - 5, all.length));

        var past = send("GET", path, "Range", "bytes=" + all.length + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(header(past, "Content-Range")).isEqualTo("bytes */" + all.length);

        var stale = send("GET", path, "Range", "bytes=0-3", "If-Range", "\"not-it\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(all.length);

        var head = send("HEAD", path);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(all.length));
        assertThat(header(head, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(send("GET", path, "If-None-Match", header(whole, "ETag")).statusCode()).isEqualTo(304);
    }

    @Test
    void theCsvIsServedInRanges() throws Exception {
        start();
        ingest();
        String path = "/api/v1/sites/left-half/timeseries?format=csv";
        byte[] all = send("GET", path).body();
        var part = send("GET", path, "Range", "bytes=0-4", "Origin", ORIGIN);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(header(part, "Content-Range")).isEqualTo("bytes 0-4/" + all.length);
        assertThat(part.body()).containsExactly(Arrays.copyOf(all, 5));
        assertThat(header(part, "Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void gdalOpensTheIndexRasterAndTheCsvByUrl() throws Exception {
        assumeTrue(runs("gdalinfo", "--version"), "GDAL is not installed (apt-get install gdal-bin)");
        start();
        String id = ingest();
        String info = run("gdalinfo", "/vsicurl/" + server.url("/api/v1/scenes/" + id + "/index.tif"));
        assertThat(info).contains("Size is 4, 4").contains("UTM zone 50N").contains("Origin = (500000.000000000000000,2800000.000000000000000)");
        String csv = run("ogrinfo", "-ro", "-al", "-so",
                "CSV:/vsicurl/" + server.url("/api/v1/sites/left-half/timeseries?format=csv"));
        assertThat(csv).contains("Feature Count: 1");
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private String run(String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "gdal", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
