package greencover.store.jdbc;

import greencover.domain.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a shared catalog's version in memory up to date: one thread with a dedicated PostgreSQL connection that
 * {@code LISTEN}s on {@link JdbcTransactions#CHANNEL} and waits in {@link PGConnection#getNotifications(int)} (a
 * blocking socket read with a timeout, not a busy loop). Each announcement raises the version at once; after each
 * {@code pollInterval} without one the stored version is read anyway (the fallback for a lost notification).
 *
 * <p>When the connection is lost (the database restarted, the session was terminated) the listener is
 * {@linkplain #listening() down}: it reads the stored version at once, then tries to connect again every
 * {@link #RETRY} while still polling at {@code pollInterval}; once connected again it {@code LISTEN}s first and then
 * reads the version, so no write committed in between is missed. The connection's {@code application_name} is
 * {@code greencover-listener-<instance>}, so an operator can find it in {@code pg_stat_activity}.
 */
final class CatalogListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogListener.class);
    /** How often a lost connection is tried again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** The longest single wait for notifications, so {@link #close} is answered within it. */
    private static final int MAX_WAIT_MILLIS = 500;
    private final AdvisoryWriteLock.Connections connections;
    private final JdbcTransactions tx;
    private final long pollNanos;
    private final String instance;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile String problem = "not started";
    private Connection connection; // the listener thread's only

    /**
     * Connects and {@code LISTEN}s (so the listener is up when this returns), reads the stored version, makes
     * {@code tx} follow it and starts the thread.
     *
     * @param connections opens a connection with {@code application_name} {@link #applicationName}
     * @throws StoreException if the first connection or {@code LISTEN} fails
     */
    CatalogListener(AdvisoryWriteLock.Connections connections, JdbcTransactions tx, Duration pollInterval, String instance) {
        this.connections = connections;
        this.tx = tx;
        this.pollNanos = pollInterval.toNanos();
        this.instance = instance;
        try {
            connect();
        } catch (SQLException e) {
            throw new StoreException("cannot listen for the catalog's changes: " + e.getMessage(), e);
        }
        tx.refresh();
        tx.followedBy(this);
        thread = new Thread(this::loop, "greencover-catalog-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** The {@code application_name} of the listening connection of {@code instance}. */
    static String applicationName(String instance) { return "greencover-listener-" + instance; }

    /** This server's instance id (in the listening connection's {@code application_name}). */
    String instance() { return instance; }

    /** Whether the announcements are being received now. */
    boolean listening() { return listening; }

    /** Why the listener is down (the last error), or a note when it is up. */
    String problem() { return problem; }

    private void connect() throws SQLException {
        Connection c = connections.open();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + JdbcTransactions.CHANNEL);
            }
            c.unwrap(PGConnection.class); // fails here, not in the loop, for a connection that is not PostgreSQL's
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        connection = c;
        listening = true;
        problem = "listening";
    }

    private void loop() {
        long lastRead = System.nanoTime();
        long lastAttempt = 0;
        while (running) {
            try {
                if (connection == null) {
                    if (System.nanoTime() - lastAttempt < RETRY.toNanos()) {
                        Thread.sleep(Math.max(1, Math.min(MAX_WAIT_MILLIS, RETRY.toMillis())));
                        if (System.nanoTime() - lastRead >= pollNanos) {
                            lastRead = System.nanoTime();
                            tx.refresh();
                        }
                        continue;
                    }
                    lastAttempt = System.nanoTime();
                    connect();
                    LOG.info("catalog listener: listening again for the catalog's changes");
                    lastRead = System.nanoTime();
                    tx.refresh(); // after LISTEN: whatever was committed while disconnected is read here
                    continue;
                }
                long left = pollNanos - (System.nanoTime() - lastRead);
                int wait = (int) Math.max(1, Math.min(MAX_WAIT_MILLIS, left / 1_000_000));
                PGNotification[] notes = connection.unwrap(PGConnection.class).getNotifications(wait);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        if (!JdbcTransactions.CHANNEL.equals(n.getName())) continue;
                        try {
                            tx.advanceTo(Long.parseLong(n.getParameter().trim()));
                        } catch (NumberFormatException ignored) {
                            lastRead = Long.MIN_VALUE / 2; // not a version: read the stored one now
                        }
                    }
                }
                if (System.nanoTime() - lastRead >= pollNanos) {
                    lastRead = System.nanoTime();
                    tx.refresh();
                }
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (SQLException | RuntimeException e) {
                if (!running) break;
                if (connection != null) {
                    LOG.warn("catalog listener: lost the listening connection ({}); polling every {} ms until it is back",
                            e.getMessage(), pollNanos / 1_000_000);
                    closeQuietly(connection);
                    connection = null;
                    lastAttempt = System.nanoTime();
                } else {
                    LOG.debug("catalog listener: still not connected: {}", e.getMessage());
                }
                listening = false;
                problem = e.getMessage();
                try {
                    lastRead = System.nanoTime();
                    tx.refresh();
                } catch (RuntimeException unreachable) {
                    problem = unreachable.getMessage();
                }
            }
        }
        if (connection != null) closeQuietly(connection);
        connection = null;
        listening = false;
    }

    /** Stops the thread (within about {@code MAX_WAIT_MILLIS}) and closes its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2L * MAX_WAIT_MILLIS + RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
