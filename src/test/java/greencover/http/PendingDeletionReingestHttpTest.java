package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deletion that stopped after its tombstone (its files and row were never removed: the removal failed, or the
 * process died and this is another one sharing the catalog) does not block the same files from being ingested
 * again while the server runs: the ingest finishes the pending deletion first and stores the scene afresh (201),
 * instead of a 409 on the old row's id and hash.
 */
class PendingDeletionReingestHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @Test
    void theSameFilesAreIngestedAgainOverALeftoverTombstone() throws Exception {
        String url = "jdbc:h2:mem:gc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Path red = TestTiffs.grid4x4(dir.resolve("r.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("n.tif"), 4500, 4500, 2200, 2200);
        String[][] fields = {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}, {"name", "again"}};
        Object[][] parts = {{"red", red}, {"nir", nir}};
        try (TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .jdbc(url, "sa", "").build())) {
            HttpResponse<String> first = server.postMultipart("/api/v1/scenes", fields, parts, TestServer.TOKEN);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            String id = JSON.readTree(first.body()).at("/scene/id").asText();
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                // what markDeleting commits, and nothing after it
                s.executeUpdate("UPDATE scenes SET state = 'deleting' WHERE id = '" + id + "'");
                s.executeUpdate("DELETE FROM summaries WHERE scene_id = '" + id + "'");
                s.executeUpdate("UPDATE catalog_version SET version = version + 1");
            }
            assertThat(server.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);

            HttpResponse<String> again = server.postMultipart("/api/v1/scenes", fields, parts, TestServer.TOKEN);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            assertThat(JSON.readTree(again.body()).at("/scene/id").asText()).isEqualTo(id);
            assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isFalse();
            assertThat(server.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(200);
            assertThat(dir.resolve("data/scenes").resolve(id).resolve("ndvi.tif")).exists();
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT state FROM scenes WHERE id = '" + id + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("active");
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
