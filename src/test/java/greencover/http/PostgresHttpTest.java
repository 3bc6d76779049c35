package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.PostgresServer;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end on PostgreSQL 15: two real servers over one database and one data directory. A site and a scene
 * written through the first are seen by the second's REST answers and, within {@code JdbcStore.VERSION_MAX_AGE},
 * by its map data (which re-reads when the database's catalog version moves, not on a local counter). The numbers are those of {@link RestApiHttpTest}: the
 * half-pixel-offset site covers 600 m², 450 m² at NDVI 0.8 and 150 m² at 0.1, so mean 0.625, green fraction 0.75.
 */
@ExtendWith(PostgresServer.class)
class PostgresHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"half-offset","properties":{"name":"Half-pixel offset","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;

    private AppConfig config(PostgresServer.Database db) {
        return AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().jdbc(db.url(), db.user(), db.password()).build();
    }

    private Path band(String name, int... cols) throws Exception {
        return TestTiffs.grid4x4(dir.resolve(name + ".tif"), cols);
    }

    /** The count {@code field} of {@code path} once it changes from the value first read, or after 2 s. */
    private static int eventually(TestServer server, String path, String field) throws Exception {
        int first = JSON.readTree(server.get(path).body()).get(field).asInt();
        long deadline = System.nanoTime() + 2_000_000_000L;
        int now = first;
        while (now == first && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = JSON.readTree(server.get(path).body()).get(field).asInt();
        }
        return now;
    }

    @Test
    void aSceneIngestedThroughOneServerIsInTheOthersTimeSeriesAndMapData(PostgresServer.Database db) throws Exception {
        try (TestServer a = new TestServer(config(db)); TestServer b = new TestServer(config(db))) {
            assertThat(JSON.readTree(b.get("/health").body()).get("scenes").asInt()).isZero();
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> ingest = a.postMultipart("/api/v1/scenes",
                    new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}, {"name", "pg"}},
                    new Object[][] {{"red", band("r", 500, 500, 1800, 1800)}, {"nir", band("n", 4500, 4500, 2200, 2200)}},
                    TestServer.TOKEN);
            assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(201);
            String id = JSON.readTree(ingest.body()).at("/scene/id").asText();

            JsonNode ts = JSON.readTree(b.get("/api/v1/sites/half-offset/timeseries").body());
            assertThat(ts.get("points")).hasSize(1);
            assertThat(ts.at("/points/0/mean").asDouble()).isCloseTo(0.625, within(1e-4));
            assertThat(ts.at("/points/0/greenFraction").asDouble()).isCloseTo(0.75, within(1e-6));
            assertThat(eventually(b, "/health", "scenes")).isEqualTo(1);
            JsonNode sites = JSON.readTree(b.get("/api/v1/sites").body());
            assertThat(sites.at("/features/0/properties/latest/date").asText()).isEqualTo("2020-06-01");

            assertThat(a.delete("/api/v1/scenes/" + id).statusCode()).isEqualTo(204);
            assertThat(b.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);
            assertThat(eventually(b, "/health", "scenes")).isZero();
        }
    }
}
