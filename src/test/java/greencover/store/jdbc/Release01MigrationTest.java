package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.store.Store;
import greencover.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory written by release 0.1 (no schema_version, Sentinel-2 columns) starts with this release: its
 * schema is upgraded at start-up to the current version and every row survives, the sensor columns folded into
 * {@code sensor_settings}; the server then serves the old scenes with the same JSON as before.
 */
class Release01MigrationTest {
    @TempDir Path dir;

    @Test
    void aRelease01CatalogIsUpgradedAtStartAndKeepsEveryRow() throws Exception {
        Path data = dir.resolve("data");
        Release01DataDirectory.writeH2(data);
        try (Store store = JdbcStore.open(null, null, null, data)) {
            Site site = store.sites().byId(Release01DataDirectory.SITE).orElseThrow();
            assertThat(site.name()).isEqualTo("Old site");
            assertThat(site.areaM2()).isEqualTo(600);
            assertThat(site.properties()).isEqualTo(Map.of("owner", "mine"));
            assertThat(site.permanentWaterWgs84()).isNull(); // step 17: no permanent water, the sensors' default buffer
            assertThat(site.maskBufferM()).isNull();
            Scene s2 = store.scenes().byId(Release01DataDirectory.S2).orElseThrow();
            assertThat(s2.sensorSettings()).containsExactly(Map.entry("processingBaseline", "05.09"),
                    Map.entry("baselineRule", "name"), Map.entry("offsetDn", "-1000"));
            assertThat(s2.grid()).isEqualTo(Release01DataDirectory.GRID);
            assertThat(store.scenes().byId(Release01DataDirectory.LANDSAT).orElseThrow().sensorSettings())
                    .containsExactly(Map.entry("offsetDn", "0"));
            assertThat(store.summaries().of(Release01DataDirectory.SITE, "ndvi")).singleElement()
                    .satisfies(r -> assertThat(r.summary()).isEqualTo(Release01DataDirectory.SUMMARY));
            assertThat(store.files().hasIndexRaster(Release01DataDirectory.S2, "ndvi")).isTrue(); // not taken for an orphan
            long v = store.version().current();
            store.sites().delete(Release01DataDirectory.SITE);
            assertThat(store.version().current()).isEqualTo(v + 1);
        }
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "")) {
            assertThat(versions(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 17, 19, 21, 22, 23, 24, 27);
            assertThat(columns(c, "SCENES")).contains("SENSOR_SETTINGS")
                    .doesNotContain("PROCESSING_BASELINE", "BASELINE_RULE", "OFFSET_DN");
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        try (Store again = JdbcStore.open(null, null, null, data)) { // a second start applies nothing
            assertThat(again.scenes().all()).hasSize(2);
        }
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "")) {
            assertThat(versions(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 17, 19, 21, 22, 23, 24, 27);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void theServerStartsOnARelease01DataDirectoryAndServesItsScenesAsBefore() throws Exception {
        Path data = dir.resolve("data");
        Release01DataDirectory.writeH2(data);
        ObjectMapper json = new ObjectMapper();
        try (TestServer server = new TestServer(data)) {
            JsonNode s2 = json.readTree(server.get("/api/v1/scenes/" + Release01DataDirectory.S2).body());
            assertThat(s2.get("processingBaseline").asText()).isEqualTo("05.09");
            assertThat(s2.get("baselineRule").asText()).isEqualTo("name");
            assertThat(s2.get("offsetDn").isInt()).isTrue();
            assertThat(s2.get("offsetDn").asInt()).isEqualTo(-1000);
            JsonNode landsat = json.readTree(server.get("/api/v1/scenes/" + Release01DataDirectory.LANDSAT).body());
            assertThat(landsat.has("processingBaseline")).isFalse();
            assertThat(landsat.has("baselineRule")).isFalse();
            assertThat(landsat.get("offsetDn").asInt()).isEqualTo(0);
            JsonNode ts = json.readTree(server.get("/api/v1/sites/" + Release01DataDirectory.SITE + "/timeseries").body());
            assertThat(ts.at("/points/0/date").asText()).isEqualTo("2023-06-01");
            assertThat(ts.at("/points/0/sceneIds/0").asText()).isEqualTo(Release01DataDirectory.S2);
            JsonNode sites = json.readTree(server.get("/api/v1/sites").body());
            assertThat(sites.at("/features/0/properties/owner").asText()).isEqualTo("mine");
        }
    }

    static List<Integer> versions(Connection c) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) out.add(rs.getInt(1));
        }
        return out;
    }

    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) out.add(rs.getString("COLUMN_NAME").toUpperCase(java.util.Locale.ROOT));
        }
        return out;
    }
}
