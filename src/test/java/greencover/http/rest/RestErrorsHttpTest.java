package greencover.http.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.error.RasterTooLargeException;
import greencover.testing.TestServer;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request per row of the REST error table: each kind of failure gets its status, its stable code and the
 * field at fault in {@code {"error","detail","field"}}; a defect (an unexpected exception) is a 500 body.
 */
class RestErrorsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"%s","properties":{"greenThreshold":%s},
             "geometry":{"type":"Polygon","coordinates":[[[116.40,25.20],[116.41,25.20],[116.41,25.21],[116.40,25.21],[116.40,25.20]]]}}""";

    @TempDir Path dir;

    private static JsonNode body(HttpResponse<String> r) throws Exception { return JSON.readTree(r.body()); }

    private static void assertError(HttpResponse<String> r, int status, String code, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = body(r);
        assertThat(e.path("error").asText()).isEqualTo(code);
        assertThat(e.path("detail").asText()).isNotBlank();
        if (field == null) assertThat(e.has("field")).isFalse();
        else assertThat(e.path("field").asText()).isEqualTo(field);
    }

    @Test
    void invalidInputIs400WithTheFieldAtFault() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertError(server.postJson("/api/v1/sites", SITE.formatted("steep", "5")), 400, "invalid_field", "properties.greenThreshold");
        }
    }

    @Test
    void aWriteWithoutTokenIs401WithABearerChallenge() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/sites/any"))).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(r, 401, "missing_token", "Authorization");
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        }
    }

    @Test
    void anUnknownSiteIs404NamingTheKind() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertError(server.get("/api/v1/sites/nowhere"), 404, "not_found", "site");
            assertError(server.delete("/api/v1/scenes/s000"), 404, "not_found", "scene");
        }
    }

    @Test
    void aSiteIdTakenIs409() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertThat(server.postJson("/api/v1/sites", SITE.formatted("twice", "0.3")).statusCode()).isEqualTo(201);
            assertError(server.postJson("/api/v1/sites", SITE.formatted("twice", "0.3")), 409, "conflict", "id");
        }
    }

    @Test
    void aChunkedMultipartUploadOverTheByteLimitIs413() throws Exception {
        try (TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .maxUploadBytes(1L << 20).build())) {
            String boundary = "gc" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"red\"; filename=\"red.tif\"\r\n"
                    + "Content-Type: image/tiff\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[2 << 20]); // 2 MiB against a 1 MiB limit, sent without Content-Length
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = out.toByteArray();
            HttpResponse<String> r;
            try {
                r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes")))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", "Bearer " + TestServer.TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                r = null; // the server may close the connection before the client has sent everything
            }
            if (r != null) assertError(r, 413, "payload_too_large", "file");
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBodyOfAnotherMediaTypeIs415() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes")))
                    .header("Content-Type", "text/plain").header("Authorization", "Bearer " + TestServer.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("red,nir")).build(), HttpResponse.BodyHandlers.ofString());
            assertError(r, 415, "unsupported_media_type", "Content-Type");
        }
    }

    @Test
    void aLostDatabaseIs503WithRetryAfter() throws Exception {
        String url = "jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .jdbc(url, "sa", "").build())) {
            assertThat(server.get("/api/v1/sites").statusCode()).isEqualTo(200);
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("SHUTDOWN"); // the in-memory database is gone; a new connection finds no tables
            }
            HttpResponse<String> r = server.get("/api/v1/sites");
            assertError(r, 503, "storage_unavailable", null);
            assertThat(r.headers().firstValue("Retry-After")).contains(Integer.toString(RestErrors.RETRY_AFTER_S));
        }
    }

    @Test
    void endmembersOutsideMinusOneToOneAre400NotADefect() throws Exception {
        // the core Fvc contract rejects them with IllegalArgumentException; the service must check them first
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            String body = """
                    {"geometry":{"type":"Polygon","coordinates":[[[116.40,25.20],[116.41,25.20],[116.41,25.21],[116.40,25.21],[116.40,25.20]]]},
                     "ndviSoil":-5,"ndviVeg":0.8}""";
            assertError(server.postJson("/api/v1/statistics", body), 400, "invalid_field", "ndviSoil");
        }
    }

    @Test
    void anAdHocPolygonBreakingTheAreaRulesIs400() throws Exception {
        // the same rules as a site's outline: a bow tie is not a valid polygon, 7 degrees is more than one UTM zone
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            assertError(server.postJson("/api/v1/statistics", """
                    {"geometry":{"type":"Polygon","coordinates":[[[116.40,25.20],[116.41,25.21],[116.41,25.20],[116.40,25.21],[116.40,25.20]]]}}"""),
                    400, "invalid_geometry", "geometry");
            assertError(server.postJson("/api/v1/statistics", """
                    {"geometry":{"type":"Polygon","coordinates":[[[110,20],[117,20],[117,21],[110,21],[110,20]]]}}"""),
                    400, "geometry_too_large", "geometry");
        }
    }

    @Test
    void anUnexpectedIllegalArgumentExceptionIsALogged500NotA400() throws Exception {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            RestErrors.register(cfg);
            cfg.routes.get("/defect", ctx -> { throw new IllegalArgumentException("n must be non-negative but was -1"); });
        }).start(0);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/defect")).build(), HttpResponse.BodyHandlers.ofString());
            assertError(r, 500, "internal_error", null);
            assertThat(r.body()).doesNotContain("non-negative"); // a defect's message is for the log, not the client
        } finally {
            app.stop();
        }
    }

    @Test
    void aJsonBodyOverTheRequestLimitIs413() throws Exception {
        try (TestServer server = new TestServer(dir.resolve("data"))) {
            String big = "{\"pad\":\"" + "x".repeat(17 << 20) + "\"}";
            HttpResponse<String> r = server.postJson("/api/v1/sites", big);
            assertError(r, 413, "payload_too_large", "body");
        }
    }

    @Test
    void aKindIsLookedUpAlongItsSuperclasses() {
        assertThat(RestErrors.statusOf(new RasterTooLargeException("red", "too many pixels"))).isEqualTo(413);
    }
}
