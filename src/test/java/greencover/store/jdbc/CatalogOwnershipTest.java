package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.domain.StartupRefusedException;
import greencover.store.Store;
import greencover.store.fs.CatalogStamp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory is stamped with the identity of the catalog that first opened it, and another catalog is
 * refused before its start-up clean-up could delete scene folders it does not know (the first catalog's).
 */
class CatalogOwnershipTest {
    @TempDir Path dir;
    @TempDir Path elsewhere;

    @Test
    void anotherCatalogIsRefusedAndDeletesNothing() throws Exception {
        try (Store own = JdbcStore.open(null, null, null, dir)) {
            Path a = own.files().newAssembly();
            Files.write(a.resolve("ndvi.tif"), new byte[] {1});
            own.files().publish(a, "s1"); // a folder its own catalog would know after the commit
        }
        String stamp = Files.readString(dir.resolve(CatalogStamp.FILE)).trim();
        assertThat(stamp).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        String other = "jdbc:h2:file:" + elsewhere.toAbsolutePath().resolve("other") + ";DB_CLOSE_DELAY=-1";
        assertThatThrownBy(() -> JdbcStore.open(other, "sa", "", dir)).isInstanceOf(StartupRefusedException.class)
                .hasMessageStartingWith("the data directory " + dir.toAbsolutePath() + " belongs to catalog " + stamp + ", not to");
        assertThat(dir.resolve("scenes/s1/ndvi.tif")).exists();

        try (Store again = JdbcStore.open(null, null, null, dir)) { // its own catalog: accepted, stamp unchanged
            assertThat(Files.readString(dir.resolve(CatalogStamp.FILE)).trim()).isEqualTo(stamp);
        }
    }

    @Test
    void anotherCatalogIsRefusedBeforeItIsMigrated() throws Exception {
        try (Store own = JdbcStore.open(null, null, null, dir)) {
            assertThat(own.scenes().all()).isEmpty();
        }
        String other = "jdbc:h2:file:" + elsewhere.toAbsolutePath().resolve("other") + ";DB_CLOSE_DELAY=-1";
        assertThatThrownBy(() -> JdbcStore.open(other, "sa", "", dir)).isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("a catalog without an id");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(other, "sa", "")) { // untouched: no schema at all
            assertThat(Migrations.hasTable(c, "schema_version")).isFalse();
            assertThat(Migrations.hasTable(c, "scenes")).isFalse();
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
