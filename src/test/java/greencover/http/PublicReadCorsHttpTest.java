package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS on the public map reads through Javalin's plugin: preflights, cross-origin reads, cache-safe plain reads. */
class PublicReadCorsHttpTest {
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> r, String name) { return r.headers().firstValue(name).orElse(null); }

    @Test
    void aTilePreflightIs204ForAnyOriginAndCachedForADay() throws Exception {
        var r = send("OPTIONS", "/tiles/ndvi/3/6/4.png", "Origin", "https://maps.example.org",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "If-None-Match");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Access-Control-Allow-Methods")).contains("GET");
        assertThat(header(r, "Access-Control-Allow-Headers")).containsIgnoringCase("If-None-Match");
        assertThat(header(r, "Access-Control-Max-Age")).isEqualTo("86400");
    }

    @Test
    void aCrossOriginReadExposesTheCachingHeaders() throws Exception {
        var r = send("GET", "/api/v1/layers", "Origin", "https://maps.example.org");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Access-Control-Expose-Headers")).contains("ETag").contains("Last-Modified");
    }

    @Test
    void aReadWithoutOriginAlsoCarriesTheHeaderSoASharedCacheCanServeItToBrowsers() throws Exception {
        var r = send("GET", "/wmts/1.0.0/WMTSCapabilities.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void theRestApiIsNotOpenedToOtherOrigins() throws Exception {
        var r = send("GET", "/api/v1/sites", "Origin", "https://maps.example.org");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Access-Control-Allow-Origin")).isNull();
    }
}
