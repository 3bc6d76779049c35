package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java {@link Error} thrown while a request is handled is answered with the error body of its surface (JSON for
 * REST and tiles, an exception report for WMS and WMTS), 500 or, for an {@link OutOfMemoryError}, 503 with
 * Retry-After, and is logged with its stack trace. No real route can be made to throw an Error on demand, so the
 * test adds routes through {@link GreenCoverServer#create(AppConfig, greencover.app.Services, java.util.function.Consumer)}.
 */
class JavaErrorHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN), routes -> {
            routes.get("/api/v1/test/oom", ctx -> { throw new OutOfMemoryError("Java heap space (test)"); });
            routes.get("/api/v1/test/internal", ctx -> { throw new InternalError("a fault occurred in an unsafe memory access (test)"); });
            routes.get("/tiles/test", ctx -> { throw new NoClassDefFoundError("greencover/Missing (test)"); });
            routes.get("/wms/test", ctx -> { throw new InternalError("wms (test)"); });
            routes.get("/wmts/test", ctx -> { throw new OutOfMemoryError("wmts (test)"); });
        });
    }

    @AfterEach
    void stop() { server.close(); }

    /** Sends GET {@code path} while capturing the log (slf4j-simple writes to System.err at each line). */
    private String[] getLogged(String path) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HttpResponse<String> r;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            r = server.get(path);
        } finally {
            System.setErr(old);
        }
        return new String[] {Integer.toString(r.statusCode()), r.body(), r.headers().firstValue("Retry-After").orElse(""),
                r.headers().firstValue("Content-Type").orElse(""), log.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void anOutOfMemoryErrorOnARestRouteIsA503JsonBodyWithRetryAfterAndALoggedStackTrace() throws Exception {
        String[] r = getLogged("/api/v1/test/oom");
        assertThat(r[0]).isEqualTo("503");
        JsonNode e = JSON.readTree(r[1]);
        assertThat(e.get("error").asText()).isEqualTo("server_overloaded");
        assertThat(e.get("status").asInt()).isEqualTo(503);
        assertThat(r[2]).isEqualTo("5");
        assertThat(r[4]).contains("java.lang.OutOfMemoryError: Java heap space (test)").contains("\tat greencover.http.JavaErrorHttpTest");
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void anInternalErrorOnARestRouteIsA500JsonBody() throws Exception {
        String[] r = getLogged("/api/v1/test/internal");
        assertThat(r[0]).isEqualTo("500");
        assertThat(JSON.readTree(r[1]).get("error").asText()).isEqualTo("internal_error");
        assertThat(r[3]).startsWith("application/json");
        assertThat(r[4]).contains("java.lang.InternalError: a fault occurred").contains("\tat ");
    }

    @Test
    void aNoClassDefFoundErrorOnATileRouteIsA500JsonBody() throws Exception {
        String[] r = getLogged("/tiles/test");
        assertThat(r[0]).isEqualTo("500");
        assertThat(JSON.readTree(r[1]).get("error").asText()).isEqualTo("internal_error");
        assertThat(r[4]).contains("java.lang.NoClassDefFoundError: greencover/Missing (test)");
    }

    @Test
    void anErrorOnAWmsRouteIsAServiceExceptionReport() throws Exception {
        String[] r = getLogged("/wms/test?VERSION=1.3.0");
        assertThat(r[0]).isEqualTo("500");
        assertThat(r[1]).contains("<ServiceExceptionReport").contains("code=\"NoApplicableCode\"");
        assertThat(r[3]).contains("xml");
        assertThat(r[4]).contains("java.lang.InternalError: wms (test)");
    }

    @Test
    void anOutOfMemoryErrorOnAWmtsRouteIsA503ExceptionReportWithRetryAfter() throws Exception {
        String[] r = getLogged("/wmts/test");
        assertThat(r[0]).isEqualTo("503");
        assertThat(r[1]).contains("ExceptionReport").contains("NoApplicableCode");
        assertThat(r[2]).isEqualTo("5");
    }
}
