package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.domain.Site;
import greencover.store.Store;
import greencover.store.StoreContractTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The store contract on an embedded H2 file database, plus what only a persistent catalog can show. */
class H2StoreContractTest extends StoreContractTest {
    @Override
    protected Store open(Path dir) { return JdbcStore.open(null, null, null, dir); }

    @Test
    void rowsAndTheVersionSurviveClosingAndReopening() {
        store.sites().insert(site("a"));
        long v = store.version().current();
        store.close();
        store = open(dir);
        assertThat(store.sites().all()).extracting(Site::id).containsExactly("a");
        assertThat(store.version().current()).isEqualTo(v);
    }

    @Test
    void commitsAreWrittenWithoutDelay() throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(JdbcStore.H2_FILE) + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("0"); // H2's default is 500 ms: acknowledged commits lost on a crash
        }
    }
}
