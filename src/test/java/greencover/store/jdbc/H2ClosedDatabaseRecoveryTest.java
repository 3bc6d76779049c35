package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.domain.Site;
import greencover.domain.StoreException;
import greencover.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;

/**
 * The embedded H2 database closes itself when a write to its file fails (a full disk); the store then reads and
 * writes again by itself, with what was committed before, instead of answering "the database has been closed"
 * until a restart. Here the database is closed underneath the pool as H2 does it: {@code SHUTDOWN IMMEDIATELY}
 * on a connection of its own.
 */
class H2ClosedDatabaseRecoveryTest {
    @TempDir Path dir;

    private static Site site(String id) throws Exception {
        return new Site(id, "Site " + id, new WKTReader().read("POLYGON ((118.1 24.1, 118.2 24.1, 118.2 24.2, 118.1 24.2, 118.1 24.1))"),
                "{\"type\":\"Polygon\"}", 1234.5, 0.3, 0.05, 0.85, Map.of(), Instant.parse("2024-01-02T03:04:05Z"));
    }

    /** The first success of {@code op} within {@code attempts} tries: a failing try may only evict its connection. */
    private static <T> T within(int attempts, Supplier<T> op) {
        StoreException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return op.get();
            } catch (StoreException e) {
                last = e;
            }
        }
        throw last;
    }

    @Test
    void readsAndWritesResumeAfterTheDatabaseClosedItself() throws Exception {
        // each pooled connection may fail once before it is dropped: at most the pool size, plus one
        int attempts = Math.max(4, Runtime.getRuntime().availableProcessors() * 2) + 1;
        try (Store store = JdbcStore.open(null, null, null, dir)) {
            store.sites().insert(site("before"));
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("greencover");
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN IMMEDIATELY");
            }
            Optional<Site> kept = within(attempts, () -> store.sites().byId("before"));
            assertThat(kept).as("the committed site, read after the database reopened").isPresent();
            within(attempts, () -> {
                store.sites().insert(uncheckedSite("after"));
                return null;
            });
            assertThat(store.sites().all()).extracting(Site::id).containsExactlyInAnyOrder("before", "after");
        }
    }

    private static Site uncheckedSite(String id) {
        try {
            return site(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
