package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.domain.Scene;
import greencover.store.Store;
import greencover.store.StoreContractTest;
import greencover.testing.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store contract on a real PostgreSQL 15 (a fresh database per test), plus two servers on one database: a
 * write through one is seen by the other's reads at once and by its catalog version (what multi-server caches key
 * on) within {@link JdbcStore#VERSION_MAX_AGE}.
 */
@ExtendWith(PostgresServer.class)
class PostgresStoreContractTest extends StoreContractTest {
    private final PostgresServer.Database db;

    PostgresStoreContractTest(PostgresServer.Database db) { this.db = db; }

    @Override
    protected Store open(Path dir) { return JdbcStore.open(db.url(), db.user(), db.password(), dir); }

    @Test
    void aWriteThroughOneStoreIsSeenByAnotherOnTheSameDatabase() throws Exception {
        try (Store other = JdbcStore.open(db.url(), db.user(), db.password(), dir.resolve("other"))) {
            long v = other.version().current();
            store.scenes().insert(scene("s1", "2024-05-01", "2024-05-02T00:00:00Z", "h/1"));
            assertThat(other.scenes().all()).extracting(Scene::id).containsExactly("s1");
            long deadline = System.nanoTime() + 20 * JdbcStore.VERSION_MAX_AGE.toNanos();
            while (other.version().current() == v && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(other.version().current()).isEqualTo(v + 1);
        }
    }
}
