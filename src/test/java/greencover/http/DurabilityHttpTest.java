package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestTiffs;
import greencover.domain.StartupRefusedException;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of a real server on one data directory: a second server on it is refused while the first runs (and
 * upload leftovers in {@code tmp/} are removed by the one that starts, never by one refused for another catalog); a deleted scene stays deleted with its
 * folder gone; a scene whose folder was removed by hand does not stop the start and {@code /health} answers 200.
 */
class DurabilityHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path data;
    @TempDir Path uploads;

    private String upload(TestServer server) throws Exception {
        Path red = TestTiffs.grid4x4(uploads.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(uploads.resolve("n.tif"), 4500, 4500, 2200, 2200);
        HttpResponse<String> up = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}, {"name", "restarted"}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        return JSON.readTree(up.body()).at("/scene/id").asText();
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedAndUploadLeftoversAreRemoved() throws Exception {
        Path leftover = Files.createDirectories(data.resolve("tmp/MultiPart123"));
        Files.write(leftover.resolve("part"), new byte[1000]);
        try (TestServer first = new TestServer(data)) {
            assertThat(leftover).doesNotExist();
            assertThatThrownBy(() -> new TestServer(data)).isInstanceOf(StartupRefusedException.class)
                    .hasMessage("the data directory " + data.toAbsolutePath() + " is in use by another GreenCover process (pid "
                            + ProcessHandle.current().pid() + "): stop it, or upload through POST /api/v1/scenes");
            assertThat(first.get("/health").statusCode()).isEqualTo(200);
        }
        try (TestServer again = new TestServer(data)) {
            assertThat(again.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aServerRefusedForAnotherCatalogLeavesTheUploadLeftoversOfTheDirectory(@TempDir Path elsewhere) throws Exception {
        try (TestServer first = new TestServer(data)) { // stamps the directory with its embedded catalog
            assertThat(first.get("/health").statusCode()).isEqualTo(200);
        }
        Path leftover = Files.createDirectories(data.resolve("tmp/MultiPart456"));
        Files.write(leftover.resolve("part"), new byte[1000]);
        var other = greencover.app.AppConfig.forTests(data, TestServer.TOKEN).toBuilder()
                .jdbcOverrides("jdbc:h2:file:" + elsewhere.toAbsolutePath().resolve("other"), "sa", "").build();
        assertThatThrownBy(() -> new TestServer(other)).isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("belongs to catalog");
        assertThat(leftover.resolve("part")).exists().hasSize(1000); // not its directory: nothing of it is deleted
    }

    @Test
    void aDeletedSceneStaysDeletedAfterARestart() throws Exception {
        String id;
        try (TestServer server = new TestServer(data)) {
            id = upload(server);
            assertThat(server.delete("/api/v1/scenes/" + id).statusCode()).isEqualTo(204);
        }
        try (TestServer server = new TestServer(data)) {
            assertThat(server.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);
            assertThat(data.resolve("scenes").resolve(id)).doesNotExist();
        }
    }

    @Test
    void aSceneWhoseFolderWasRemovedByHandDoesNotStopTheStart() throws Exception {
        String id;
        try (TestServer server = new TestServer(data)) {
            id = upload(server);
        }
        try (Stream<Path> s = Files.walk(data.resolve("scenes").resolve(id))) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
        try (TestServer server = new TestServer(data)) {
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
            HttpResponse<String> scene = server.get("/api/v1/scenes/" + id);
            assertThat(scene.statusCode()).isEqualTo(200); // the row is kept, marked damaged: the operator decides
            assertThat(JSON.readTree(scene.body()).get("state").asText()).isEqualTo("damaged");
        }
    }
}
