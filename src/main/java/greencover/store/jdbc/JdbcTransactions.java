package greencover.store.jdbc;

import greencover.domain.DuplicateKeyException;
import greencover.domain.StoreException;
import greencover.store.CatalogVersion;
import greencover.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Units of work over a connection pool. The connection of the current thread's unit of work is held in an
 * instance-scoped {@link ThreadLocal}, so that the repositories of the same store join it without taking a
 * connection argument; outside a unit of work each repository call borrows its own connection, and a write then
 * runs in its own transaction. A unit of work that wrote bumps the {@code catalog_version} row just before
 * commit, in the same transaction, which makes this class the store's {@link CatalogVersion} too.
 *
 * <p>{@link #current()} is called several times per map request, so it answers from memory: the version this
 * process last committed (known at once) or last read from the database, re-read when that read is older than
 * {@code maxAge}. A write by this process is therefore seen by its next request; a write by another process
 * sharing the database within {@code maxAge}. On PostgreSQL the bump is also announced with
 * {@code pg_notify('greencover_catalog', version)} (delivered at commit), and a {@link CatalogListener} that
 * {@linkplain #followedBy follows} the announcements keeps the version in memory up to date instead, so reads
 * never go to the database for it.
 */
final class JdbcTransactions implements Transactions, CatalogVersion {
    /** SQLSTATE of a unique or primary-key violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** H2's error code for a database that has been closed (e.g. after a write found the disk full). */
    private static final int H2_DATABASE_CLOSED = 90098;
    private final DataSource pool;
    private final long maxAgeNanos;
    private final ThreadLocal<Unit> current = new ThreadLocal<>();
    /** The highest version read or committed by this process; versions only increase. */
    private final AtomicLong known = new AtomicLong(Long.MIN_VALUE);
    /** {@link System#nanoTime()} of the last read of {@link #known} from the database. */
    private volatile long readAt;
    /** Whether each bump is announced with {@code pg_notify} (PostgreSQL). */
    private final boolean announce;
    /** The listener keeping {@link #known} up to date, null when reads re-read it after {@code maxAge}. */
    private volatile CatalogListener listener;
    /**
     * The connection that holds the current thread's write lock ({@link AdvisoryWriteLock#heldConnection}), or
     * null: a unit of work started while the lock is held runs on that very session, so it can only commit while the
     * lock is still held (fencing); null when writers are serialised in the process.
     */
    private volatile Supplier<Connection> lockSession = () -> null;

    /** The channel of the version announcements. */
    static final String CHANNEL = "greencover_catalog";

    /** A piece of SQL work on a connection. */
    interface Sql<T> { T run(Connection c) throws SQLException; }

    private static final class Unit {
        final Connection connection;
        boolean wrote;

        Unit(Connection connection) { this.connection = connection; }
    }

    /**
     * @param pool where connections come from; an H2 database that closed itself (it does on a write that finds the
     *             disk full) has its connections dropped by {@link H2ClosedDatabaseEviction} as they fail, and a read
     *             that met one is tried once more on a fresh connection
     */
    JdbcTransactions(DataSource pool, Duration maxAge) { this(pool, maxAge, false); }

    /** As {@link #JdbcTransactions(DataSource, Duration)}; {@code announce}: each bump is {@code pg_notify}'d. */
    JdbcTransactions(DataSource pool, Duration maxAge, boolean announce) {
        this.pool = pool;
        this.maxAgeNanos = maxAge.toNanos();
        this.announce = announce;
    }

    /**
     * From now on a unit of work started while {@code lock} is held by its thread runs on the lock's own session:
     * if that session is lost (terminated, the network cut, the database restarted), the advisory lock is gone and
     * so is the transaction, which then fails instead of committing unserialised beside the writer that took the lock
     * next.
     */
    void fencedBy(AdvisoryWriteLock lock) { this.lockSession = lock::heldConnection; }

    /** From now on {@link #current()} answers what {@code l} keeps up to date ({@link #advanceTo}, {@link #refresh}). */
    void followedBy(CatalogListener l) { this.listener = l; }

    /** Raises the version in memory to {@code v} (announced by another process); versions only increase. */
    void advanceTo(long v) { known.accumulateAndGet(v, Math::max); }

    /** Reads the stored version and raises the version in memory to it; returns the stored value. */
    long refresh() {
        long stored = read(JdbcTransactions::version);
        readAt = System.nanoTime();
        known.accumulateAndGet(stored, Math::max);
        return stored;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) return work.get();
        Connection session = lockSession.get();
        if (session != null) return inTransaction(session, work, true);
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, work, false);
        } catch (SQLException e) {
            throw failure("catalog unavailable", e);
        }
    }

    /** The unit of work on {@code c}; {@code fenced}: {@code c} is the write lock's session (kept open after). */
    private <T> T inTransaction(Connection c, Supplier<T> work, boolean fenced) {
        try {
            c.setAutoCommit(false);
            Unit unit = new Unit(c);
            current.set(unit);
            try {
                T t = work.get();
                long committed = unit.wrote ? bump(c, announce) : Long.MIN_VALUE;
                c.commit();
                known.accumulateAndGet(committed, Math::max);
                return t;
            } catch (RuntimeException | Error e) {
                rollback(c, e);
                throw e;
            } catch (SQLException e) {
                rollback(c, e);
                throw fenced ? lockLost(c, e) : failure("catalog write failed", e);
            } finally {
                current.remove();
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the outcome above stands: a committed unit must not be reported as failed (the pool resets
                    // auto-commit, or discards the connection, when it is returned)
                }
            }
        } catch (SQLException e) {
            throw fenced ? lockLost(c, e) : failure("catalog unavailable", e);
        }
    }

    /**
     * The failure of a unit of work on the write lock's session: when the session is gone, the write lock went with
     * it, and the write was rolled back rather than committed unserialised.
     */
    private static StoreException lockLost(Connection c, SQLException e) {
        boolean gone;
        try {
            gone = c.isClosed() || !c.isValid(2);
        } catch (SQLException unknown) {
            gone = true;
        }
        if (!gone) return failure("catalog write failed", e);
        return new StoreException("the catalog's write lock was lost during this write (its database session ended: " + e.getMessage()
                + "); the write was rolled back and nothing was stored: retry", e);
    }

    /**
     * Runs read-only SQL on the current unit's connection, or on a borrowed one; outside a unit of work a database
     * that {@linkplain #closedItself closed itself} is reconnected and the read tried once more.
     */
    <T> T read(Sql<T> sql) {
        Unit unit = current.get();
        try {
            if (unit != null) return sql.run(unit.connection);
            try {
                return readOnce(sql);
            } catch (SQLException e) {
                if (!closedItself(e)) throw e;
                return readOnce(sql);
            }
        } catch (SQLException e) {
            throw failure("catalog read failed", e);
        }
    }

    private <T> T readOnce(Sql<T> sql) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return sql.run(c);
        }
    }

    /**
     * Whether {@code t} says the embedded database closed itself: H2 does when a write fails for a full disk
     * ("No space left on device"), and from then on answers "This store is closed" or "The database has been
     * closed" (error 90098) on every connection it had. PostgreSQL never does (a lost connection is replaced by the
     * pool itself).
     */
    static boolean closedItself(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException s && s.getErrorCode() == H2_DATABASE_CLOSED) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("This store is closed") || m.contains("The database has been closed")
                    || m.contains("No space left on device"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs writing SQL in the current unit of work, or in a new one; the version is bumped at commit. */
    <T> T write(Sql<T> sql) {
        return inTransaction(() -> {
            Unit unit = current.get();
            unit.wrote = true;
            try {
                return sql.run(unit.connection);
            } catch (SQLException e) {
                throw failure("catalog write failed", e);
            }
        });
    }

    /** The committed version, at most {@code maxAge} old for other processes' writes; inside a unit of work, its own. */
    @Override
    public long current() {
        if (current.get() != null) return read(JdbcTransactions::version);
        long now = System.nanoTime();
        long v = known.get();
        if (v != Long.MIN_VALUE && (listener != null || now - readAt < maxAgeNanos)) return v;
        long stored = read(JdbcTransactions::version);
        readAt = now;
        return known.accumulateAndGet(stored, Math::max);
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM catalog_version WHERE id = 1");
             ResultSet rs = p.executeQuery()) {
            if (!rs.next()) throw new SQLException("catalog_version has no row");
            return rs.getLong(1);
        }
    }

    /**
     * Bumps the version in the transaction of {@code c} and, when {@code announce}, queues its announcement (sent by
     * PostgreSQL at commit, never for a rollback); returns the new value. The row update also orders concurrent
     * writers' commits, so announced versions follow commit order.
     */
    private static long bump(Connection c, boolean announce) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE catalog_version SET version = version + 1 WHERE id = 1")) {
            if (p.executeUpdate() != 1) throw new SQLException("catalog_version has no row");
        }
        long v = version(c);
        if (announce) {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
                p.setString(1, Long.toString(v));
                p.executeQuery().close();
            }
        }
        return v;
    }

    @Override
    public greencover.domain.CatalogHealth health() {
        CatalogListener l = listener;
        String listening = l == null ? greencover.domain.CatalogHealth.LISTENER_NOT_NEEDED
                : l.listening() ? greencover.domain.CatalogHealth.LISTENER_UP : greencover.domain.CatalogHealth.LISTENER_DOWN;
        try {
            refresh();
        } catch (RuntimeException e) {
            return new greencover.domain.CatalogHealth(false, listening, e.getMessage());
        }
        String detail = l != null && !l.listening() ? "not receiving the catalog's change notifications (" + l.problem()
                + "); other servers' writes are seen within the poll interval" : null;
        return new greencover.domain.CatalogHealth(true, listening, detail);
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static StoreException failure(String what, SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) return new DuplicateKeyException(what + ": already stored (" + x.getMessage() + ")", e);
        }
        return new StoreException(what + ": " + e.getMessage(), e);
    }
}
