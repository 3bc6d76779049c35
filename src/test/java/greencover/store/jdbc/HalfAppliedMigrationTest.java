package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.IntStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A schema step whose DDL ran but whose {@code schema_version} row was never written (H2 commits DDL on its own;
 * a crash in between leaves exactly this) is run again at the next start and finishes without error: the store
 * opens, every version is recorded once, and the 0.1 rows keep their values.
 */
class HalfAppliedMigrationTest {
    @TempDir Path dir;

    static IntStream steps() { return new Migrations(Dialect.H2).versions().stream().mapToInt(Integer::intValue).filter(v -> v >= 2); }

    @ParameterizedTest(name = "step {0} applied without its schema_version row")
    @MethodSource("steps")
    void aStepAppliedWithoutItsVersionRowIsRunAgainCleanly(int step) throws Exception {
        Path data = dir.resolve("data");
        Release01DataDirectory.writeH2(data);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Release01DataDirectory.h2Url(data));
        ds.setUser("sa");
        Migrations m = new Migrations(Dialect.H2);
        assertThat(m.migrate(ds, step - 1)).isEqualTo(m.versions().stream().filter(v -> v < step).toList());
        try (Connection c = ds.getConnection()) { // the crash: the step's statements committed, its row not
            c.setAutoCommit(true);
            m.step(step).apply(c, Dialect.H2);
        }
        String identity = identityIfAny(data);
        shutdown(data);

        try (Store store = JdbcStore.open(null, null, null, data)) {
            assertThat(store.scenes().byId(Release01DataDirectory.S2).orElseThrow().sensorSettings())
                    .containsExactly(Map.entry("processingBaseline", "05.09"), Map.entry("baselineRule", "name"),
                            Map.entry("offsetDn", "-1000"));
            assertThat(store.scenes().all()).hasSize(2);
            assertThat(store.sites().byId(Release01DataDirectory.SITE)).isPresent();
        }
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "")) {
            assertThat(Release01MigrationTest.versions(c)).isEqualTo(m.versions());
            assertThat(count(c, "catalog_version")).isEqualTo(1);
            assertThat(count(c, "catalog_identity")).isEqualTo(1);
            if (identity != null) assertThat(Migrations.storedCatalogId(ds)).contains(identity); // the first run's id kept
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Test
    void aSensorSettingsStepStoppedAfterItsFirstStatementIsFinished() throws Exception {
        Path data = dir.resolve("data");
        Release01DataDirectory.writeH2(data);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Release01DataDirectory.h2Url(data));
        ds.setUser("sa");
        new Migrations(Dialect.H2).migrate(ds, 2);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) { // step 3's first DDL, then the crash
            s.execute("ALTER TABLE scenes ADD COLUMN sensor_settings CHARACTER LARGE OBJECT");
            s.execute("SHUTDOWN");
        }
        try (Store store = JdbcStore.open(null, null, null, data)) {
            assertThat(store.scenes().byId(Release01DataDirectory.LANDSAT).orElseThrow().sensorSettings())
                    .containsExactly(Map.entry("offsetDn", "0"));
        }
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "")) {
            assertThat(Release01MigrationTest.columns(c, "SCENES")).doesNotContain("PROCESSING_BASELINE", "BASELINE_RULE", "OFFSET_DN");
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    private static String identityIfAny(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "")) {
            if (!Migrations.hasTable(c, "catalog_identity")) return null;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT catalog_id FROM catalog_identity")) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int count(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void shutdown(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection(Release01DataDirectory.h2Url(data), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
