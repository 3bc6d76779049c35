package greencover.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's HikariCP pool, replaceable as a whole. An embedded H2 closes itself when a write finds the disk
 * full, and from then on refuses every statement on the connections it had; new connections open the file afresh,
 * but only once the closed database's last session has ended (else H2 forgets the new database when the old one
 * finishes closing, and the file stays locked by a database nobody can reach). So {@link #replace} closes the whole
 * pool first, then opens a new one: the next request, a read even on a full disk, or a write once space is freed,
 * works without a restart.
 */
final class CatalogPool {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogPool.class);
    private final HikariConfig config;
    private volatile HikariDataSource current;

    /** Opens the first pool (connecting once: an unreachable database fails here). */
    CatalogPool(HikariConfig config) {
        this.config = config;
        this.current = new HikariDataSource(config);
    }

    /** The pool now (for migrations and start-up reads). */
    HikariDataSource dataSource() { return current; }

    Connection getConnection() throws SQLException { return current.getConnection(); }

    /**
     * Closes the pool that {@code failed} came from, if it is still the current one, and opens a new one. Callers
     * must have returned their own connection first.
     */
    synchronized void replace(HikariDataSource failed) {
        if (failed != current) return; // replaced already by another thread
        LOG.warn("the catalog database closed itself (a write found the disk full?): reopening its connections");
        failed.close();
        try {
            current = new HikariDataSource(config);
        } catch (RuntimeException e) { // stays the closed pool: the next failure tries again
            LOG.warn("cannot reopen the catalog yet: {}", e.getMessage());
        }
    }

    void close() { current.close(); }
}
