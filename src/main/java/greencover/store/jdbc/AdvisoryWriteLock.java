package greencover.store.jdbc;

import greencover.domain.StoreException;
import greencover.store.WriteLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriteLock} of a PostgreSQL catalog shared by several servers: PostgreSQL session advisory locks, so
 * writers on every server of the catalog wait for each other. Keys are pairs of 32-bit integers in a space of
 * their own ({@link #SPACE}, apart from the migration lock): a date writer takes the catalog key
 * ({@code (SPACE, 0)}) <em>shared</em> and its date's key ({@code (SPACE + 1, epoch day)}) exclusive; a
 * whole-catalog writer takes the catalog key exclusive. So writers of one date run one at a time across all servers
 * (the same-date rule: "the scenes of the same date stored before it" is then well defined), writers of different
 * dates run together, and a site addition waits for all of them.
 *
 * <p>Each acquisition holds a connection of its own, opened outside the pool (a waiting writer never takes a pool
 * connection that the holder needs), and closes it when the work is done: PostgreSQL releases a session's advisory
 * locks when the session ends, so a server killed while holding one frees it as soon as its connection drops.
 * Reentrant per thread: a nested acquisition reuses the thread's connection (PostgreSQL stacks a session's locks).
 */
final class AdvisoryWriteLock implements WriteLock {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryWriteLock.class);
    /** The first 32-bit half of every key ("GC" and 0x0001); the date keys use {@code SPACE + 1}. */
    static final int SPACE = 0x47430001;
    private final Connections connections;
    private final ThreadLocal<Connection> held = new ThreadLocal<>();

    /** Opens a connection to the catalog database, outside the pool. */
    interface Connections { Connection open() throws SQLException; }

    AdvisoryWriteLock(Connections connections) { this.connections = connections; }

    /**
     * The session holding the current thread's locks, or null when it holds none. Units of work of the thread run on
     * it ({@link JdbcTransactions#fencedBy}): a lock lost with its session (terminated, a network cut, the database
     * restarted) takes the write's transaction with it, so the write fails instead of committing while another
     * server's writer of the same date holds the lock.
     */
    Connection heldConnection() { return held.get(); }

    @Override
    public <T> T holding(Supplier<T> work) {
        return locked(work, "SELECT pg_advisory_lock(?, 0)", null);
    }

    @Override
    public <T> T holding(LocalDate date, Supplier<T> work) {
        return locked(work, "SELECT pg_advisory_lock_shared(?, 0)", date);
    }

    private <T> T locked(Supplier<T> work, String catalogLock, LocalDate date) {
        Connection outer = held.get();
        Connection c = outer;
        try {
            if (c == null) {
                c = connections.open();
                c.setAutoCommit(true);
                held.set(c);
            }
            execute(c, catalogLock, SPACE, 0);
            if (date != null) execute(c, "SELECT pg_advisory_lock(?, ?)", SPACE + 1, Math.toIntExact(date.toEpochDay()));
            try {
                return work.get();
            } finally {
                if (outer != null) { // nested: give back only what this call took
                    if (date != null) execute(c, "SELECT pg_advisory_unlock(?, ?)", SPACE + 1, Math.toIntExact(date.toEpochDay()));
                    execute(c, date != null ? "SELECT pg_advisory_unlock_shared(?, 0)" : "SELECT pg_advisory_unlock(?, 0)", SPACE, 0);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("the catalog's write lock failed: " + e.getMessage(), e);
        } finally {
            if (outer == null && c != null) {
                held.remove();
                try {
                    c.close(); // ends the session: every lock it took is released
                } catch (SQLException e) {
                    LOG.warn("closing the write lock's connection failed (its locks are released when the session ends): {}", e.getMessage());
                }
            }
        }
    }

    private static void execute(Connection c, String sql, int a, int b) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setInt(1, a);
            if (sql.contains("?, ?")) p.setInt(2, b);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
            }
        }
    }
}
