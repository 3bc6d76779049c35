package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What the tests of several servers on one PostgreSQL catalog ({@link MultiInstanceHttpTest} over a shared folder,
 * {@link S3MultiInstanceHttpTest} over a bucket) share: the site, uploads of 4 × 4 scenes, reading scene lists, series
 * and tile ETags, and the polling loop whose bound is a deadline, not a measurement.
 */
final class SharedCatalogServers {
    static final ObjectMapper JSON = new ObjectMapper();
    /** {@link PostgresHttpTest}'s half-pixel-offset rectangle: 20 m × 30 m = 600 m² of the 4 × 4 grid of 10 m pixels. */
    static final String SITE = """
            {"type":"Feature","id":"half-offset","properties":{"name":"Half-pixel offset","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500025,2799965],[500025,2799995],[500005,2799995],[500005,2799965]]]}}""";
    /** With a poll interval of a minute, a server that sees another's write within this bound was told by {@code NOTIFY}. */
    static final long NOTIFY_BOUND_MS = 2000;
    static final String TILE = "/tiles/ndvi/0/0/0.png";

    private SharedCatalogServers() {}

    /** The red and NIR bands of a uniform 4 × 4 scene, written under {@code dir}. */
    static Object[][] bands(Path dir, String name, int red, int nir) throws Exception {
        Path r = TestTiffs.grid4x4(dir.resolve(name + "-r.tif"), red, red, red, red);
        Path n = TestTiffs.grid4x4(dir.resolve(name + "-n.tif"), nir, nir, nir, nir);
        return new Object[][] {{"red", r}, {"nir", n}};
    }

    static String[][] fields(String date, String name) {
        return new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}, {"name", name}};
    }

    /** Uploads a uniform 4 × 4 scene of {@code date} to {@code s}. */
    static HttpResponse<String> ingest(TestServer s, Path dir, String date, String name, int red, int nir) throws Exception {
        return s.postMultipart("/api/v1/scenes", fields(date, name), bands(dir, name, red, nir), TestServer.TOKEN);
    }

    static String sceneId(HttpResponse<String> ingest) throws Exception {
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(201);
        return JSON.readTree(ingest.body()).at("/scene/id").asText();
    }

    static List<String> sceneIds(TestServer s) throws Exception {
        List<String> ids = new ArrayList<>();
        JsonNode list = JSON.readTree(s.get("/api/v1/scenes").body());
        for (JsonNode n : list.has("scenes") ? list.get("scenes") : list.has("features") ? list.get("features") : list) {
            ids.add(n.has("id") ? n.get("id").asText() : n.at("/properties/id").asText());
        }
        return ids;
    }

    static JsonNode points(TestServer s) throws Exception {
        return JSON.readTree(s.get("/api/v1/sites/half-offset/timeseries").body()).get("points");
    }

    static String etag(TestServer s) throws Exception {
        return s.getBytes(TILE).headers().firstValue("ETag").orElse("");
    }

    /** Polls {@code check} every 20 ms until it holds or {@code boundMs} passed; returns whether it held. */
    static boolean eventually(long boundMs, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + boundMs * 1_000_000;
        while (true) {
            if (check.call()) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
    }
}
