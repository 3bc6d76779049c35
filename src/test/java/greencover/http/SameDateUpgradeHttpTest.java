package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.zonal.ZonalSummary;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog written before the same-date merge (schema step 8) is upgraded in place: its dates of several scenes are
 * recomputed at the next start. The construction is {@link SameDateMergeHttpTest}'s split tile: two half products of
 * one 12 × 12 tile of 10 m, NDVI 0.8 in the west half and 0.1 in the east half, each no data in the other half, over a
 * site that is the tile. The footprint rule of the earlier release gave the second product nothing (its rectangle is
 * the first's), which is put back here by hand as that release left it: the east product's row empty. Served as
 * stored (step 8 applied), the date is half valid (mean 0.8); with step 8 not yet applied, the next start recomputes
 * it: fully valid, mean 0.45.
 */
class SameDateUpgradeHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"tile","properties":{"name":"Split tile"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799880],[500120,2799880],[500120,2800000],[500000,2800000],[500000,2799880]]]}}""";

    @TempDir Path dir;

    private Path half(String name, int c0, int c1, int red, int nir) throws Exception {
        int[][] r = new int[12][12], n = new int[12][12];
        for (int y = 0; y < 12; y++) {
            for (int x = c0; x < c1; x++) {
                r[y][x] = red;
                n[y][x] = nir;
            }
        }
        return TestTiffs.write(dir.resolve(name), 32650, 500000, 2800000, 10, new int[][][] {r, n});
    }

    private static String ingest(TestServer server, Path file) throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-05-01"}, {"bands", "red,nir"}},
                new Object[][] {{"file", file}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).at("/scene/id").asText();
    }

    private static JsonNode onlyPoint(TestServer server) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/tile/timeseries");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).get("points");
        assertThat(points).hasSize(1);
        return points.get(0);
    }

    @Test
    void datesStoredUnderTheFootprintRuleAreMergedAgainAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("greencover");
        String east;
        double siteArea;
        try (TestServer server = new TestServer(data)) {
            assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            ingest(server, half("w.tif", 0, 6, 500, 4500));
            east = ingest(server, half("e.tif", 6, 12, 1800, 2200));
            siteArea = onlyPoint(server).get("siteAreaM2").asDouble();
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            // the row the earlier release stored: the east product shadowed by the west's rectangle
            try (PreparedStatement p = c.prepareStatement("UPDATE summaries SET summary = ? WHERE scene_id = ? AND index_key = 'ndvi'")) {
                p.setBytes(1, new ZonalSummary(siteArea).toBytes());
                p.setString(2, east);
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
            s.execute("SHUTDOWN");
        }
        try (TestServer server = new TestServer(data)) { // step 8 already applied: the row is served as stored
            JsonNode p = onlyPoint(server);
            assertThat(p.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(p.get("mean").asDouble()).isCloseTo(0.8, within(1e-4));
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            // and the schema as the earlier release left it: steps 1 to 7 (step 9 only adds a column, again if missing)
            s.executeUpdate("DELETE FROM schema_version WHERE version >= 8");
            s.execute("DROP TABLE same_date_remerge");
            s.execute("SHUTDOWN");
        }
        try (TestServer server = new TestServer(data)) {
            JsonNode p = onlyPoint(server);
            assertThat(p.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
            assertThat(p.get("mean").asDouble()).isCloseTo(0.45, within(1e-4));
            assertThat(p.get("sceneIds")).hasSize(2);
        }
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM same_date_remerge")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the date was taken off the list with its new rows").isZero();
            s.execute("SHUTDOWN");
        }
    }
}
