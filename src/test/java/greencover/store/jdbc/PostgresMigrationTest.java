package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.Store;
import greencover.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A PostgreSQL catalog written by release 0.1 is upgraded at start-up and keeps its rows. */
@ExtendWith(PostgresServer.class)
class PostgresMigrationTest {
    @TempDir Path dir;

    @Test
    void aRelease01CatalogIsUpgradedAtStartAndKeepsEveryRow(PostgresServer.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            Release01DataDirectory.write(c, true);
        }
        Release01DataDirectory.writeSceneFolders(dir);
        try (Store store = JdbcStore.open(db.url(), db.user(), db.password(), dir)) {
            assertThat(store.sites().byId(Release01DataDirectory.SITE).orElseThrow().properties()).isEqualTo(Map.of("owner", "mine"));
            assertThat(store.scenes().byId(Release01DataDirectory.S2).orElseThrow().sensorSettings())
                    .containsExactly(Map.entry("processingBaseline", "05.09"), Map.entry("baselineRule", "name"),
                            Map.entry("offsetDn", "-1000"));
            assertThat(store.scenes().byId(Release01DataDirectory.LANDSAT).orElseThrow().sensorSettings())
                    .containsExactly(Map.entry("offsetDn", "0"));
            assertThat(store.summaries().ofScene(Release01DataDirectory.S2, "ndvi")).singleElement()
                    .satisfies(r -> assertThat(r.summary()).isEqualTo(Release01DataDirectory.SUMMARY));
        }
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(Release01MigrationTest.versions(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 17, 19, 21, 22, 23, 24, 27);
            assertThat(Release01MigrationTest.columns(c, "scenes")).contains("SENSOR_SETTINGS").doesNotContain("OFFSET_DN");
        }
    }

    static java.util.stream.IntStream steps() { return HalfAppliedMigrationTest.steps(); }

    /** As {@link HalfAppliedMigrationTest} on PostgreSQL: a step whose statements committed without its row runs again cleanly. */
    @ParameterizedTest(name = "step {0} applied without its schema_version row")
    @MethodSource("steps")
    void aStepAppliedWithoutItsVersionRowIsRunAgainCleanly(int step, PostgresServer.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            Release01DataDirectory.write(c, true);
        }
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        Migrations m = new Migrations(Dialect.POSTGRESQL);
        m.migrate(ds, step - 1);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            m.step(step).apply(c, Dialect.POSTGRESQL);
        }
        Release01DataDirectory.writeSceneFolders(dir);
        try (Store store = JdbcStore.open(db.url(), db.user(), db.password(), dir)) {
            assertThat(store.scenes().byId(Release01DataDirectory.S2).orElseThrow().sensorSettings())
                    .containsEntry("offsetDn", "-1000");
            assertThat(store.scenes().all()).hasSize(2);
        }
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(Release01MigrationTest.versions(c)).isEqualTo(m.versions());
        }
    }
}
