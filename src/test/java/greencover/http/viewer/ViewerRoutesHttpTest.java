package greencover.http.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerRoutesHttpTest {
    private final Javalin app = Javalin.create(new ViewerRoutes()::register).start(0);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterAll
    void stop() { app.stop(); }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/, text/html, leaflet.js",
        "/viewer/, text/html, app.js",
        "/viewer/app.js, text/javascript, /api/v1/layers",
        "/viewer/style.css, text/css, #sidebar",
        "/viewer/lib/leaflet/leaflet.js, text/javascript, Leaflet",
        "/viewer/lib/leaflet/leaflet.css, text/css, leaflet-container",
        "/viewer/lib/chart.umd.js, text/javascript, Chart"})
    void servesTheViewerAndItsLibrariesFromTheClasspath(String path, String type, String contains) throws Exception {
        var r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(type);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(contains);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/viewer/lib/leaflet/images/marker-icon.png, 200", "/viewer/nope.js, 404",
        "/viewer/lib/leaflet/..%2F..%2F..%2Fpom.properties, 404", "/viewer/lib/leaflet/images, 404",
        "/viewer/lib/leaflet/leaflet-src.js.exe, 404"})
    void servesOnlyKnownFiles(String path, int status) throws Exception {
        assertThat(get(path).statusCode()).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void configuresNoBaseMapByDefault() throws Exception {
        var r = get("/viewer/config.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("GREENCOVER_BASEMAP =");
    }

    @org.junit.jupiter.api.Test
    void servesAConfiguredBaseMapAsAJavaScriptString() throws Exception {
        Javalin withMap = Javalin.create(new ViewerRoutes("https://tiles.example/{z}/{x}/{y}.png?a=\"b\"")::register).start(0);
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + withMap.port() + "/viewer/config.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("window.GREENCOVER_BASEMAP = \"https://tiles.example/{z}/{x}/{y}.png?a=\\\"b\\\"\";\n");
        } finally {
            withMap.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void rejectsABaseMapThatIsNotAnHttpUrl() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ViewerRoutes("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basemapUrl");
    }
}
