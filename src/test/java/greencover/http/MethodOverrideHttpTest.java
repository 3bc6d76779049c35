package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method-override headers are ignored: a GET with the token and an override to DELETE is a GET and deletes nothing. */
class MethodOverrideHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN)); }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void aGetWithAnOverrideToDeleteAnswersLikeAGetAndDeletesNothing() throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        HttpResponse<String> created = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).at("/scene/id").asText();
        String plain = server.get("/api/v1/scenes/" + id).body();
        long files;
        try (var s = Files.walk(server.dataDir.resolve("scenes"))) { files = s.filter(Files::isRegularFile).count(); }
        assertThat(files).isPositive();
        for (String header : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"}) {
            HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes/" + id)))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header(header, "DELETE").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header).isEqualTo(200);
            assertThat(r.body()).as(header).isEqualTo(plain);
            HttpResponse<String> post = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes/" + id)))
                    .header("Authorization", "Bearer " + TestServer.TOKEN).header(header, "DELETE")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(header + " on a POST").isEqualTo(405);
        }
        assertThat(server.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(1);
        try (var s = Files.walk(server.dataDir.resolve("scenes"))) {
            assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(files);
        }
    }
}
