package greencover.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.domain.StoreException;
import greencover.store.ProcessWriteLock;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.Store;
import greencover.store.fs.CatalogStamp;
import greencover.store.fs.LocalSceneFileStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link Store} of one catalog database (H2 or PostgreSQL) with its scene files on the local disk: a
 * HikariCP connection pool, the data directory's {@link CatalogStamp stamp} checked against the catalog's id (another
 * catalog is refused before anything is migrated or deleted), the schema {@link Migrations migrated} to the current
 * version, the data directory {@link CatalogStamp claimed} for this catalog, the files {@link #recover recovered},
 * and the JDBC repositories over the pool.
 */
public final class JdbcStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    /** H2's error code 90121: the database was closed already (e.g. by its shutdown hook when the JVM exits). */
    private static final int H2_DATABASE_IS_CLOSED = 90121;

    /**
     * How old the catalog version may be when read ({@link greencover.store.CatalogVersion#current()}): this
     * process's own writes are seen at once, another server's after at most this long.
     */
    public static final Duration VERSION_MAX_AGE = Duration.ofMillis(100);

    /**
     * How old a leftover (an assembly, an unknown scene folder, an upload in {@code tmp/}) must be before start-up
     * deletes it when the catalog is {@link #isShared shared}: another server may be writing it right now.
     */
    public static final Duration SHARED_LEFTOVER_AGE = Duration.ofHours(1);

    private JdbcStore() {}

    /**
     * Whether the catalog at {@code url} may be served by several servers at once over one data directory
     * (PostgreSQL); the embedded H2 catalog ({@code url} null) and H2 URLs are one process's.
     */
    public static boolean isShared(String url) { return url != null && Dialect.of(url) == Dialect.POSTGRESQL; }

    /** Whether an H2 URL opens a database other processes may connect to as well (TCP/SSL server, automatic server). */
    private static boolean servesSeveral(String url) {
        String u = url.toUpperCase(java.util.Locale.ROOT);
        return u.startsWith("JDBC:H2:TCP:") || u.startsWith("JDBC:H2:SSL:") || u.contains(";AUTO_SERVER=TRUE");
    }

    /** The file name (without {@code .mv.db}) of the embedded H2 catalog in a data directory. */
    public static final String H2_FILE = "greencover";

    /**
     * The store of {@code url} with its files under {@code dataDir}; {@code url} null means the embedded H2 catalog
     * {@code dataDir/greencover.mv.db} (user {@code sa}, no password).
     *
     * @throws greencover.domain.StartupRefusedException if {@code dataDir} belongs to another catalog
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static Store open(String url, String user, String password, Path dataDir) {
        return open(url, user, password, dataDir, Sharing.DEFAULTS);
    }

    /**
     * How a {@link #isShared shared} catalog is followed and cleaned up (ignored for H2).
     *
     * @param pollInterval how often the stored catalog version is read when no change notification came (the fallback
     *                     for a lost one, and the delay of other servers' writes while the listener is down); positive
     * @param leftoverAge  how old an assembly, an unknown scene folder or an upload in {@code tmp/} must be before
     *                     start-up deletes it: no server can still be committing it; positive
     */
    public record Sharing(Duration pollInterval, Duration leftoverAge) {
        /** Poll every 10 s; delete leftovers an hour old ({@link #SHARED_LEFTOVER_AGE}). */
        public static final Sharing DEFAULTS = new Sharing(Duration.ofSeconds(10), SHARED_LEFTOVER_AGE);

        public Sharing {
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive but was " + pollInterval);
            }
            if (leftoverAge == null || leftoverAge.isNegative() || leftoverAge.isZero()) {
                throw new IllegalArgumentException("leftoverAge must be positive but was " + leftoverAge);
            }
        }
    }

    /**
     * As {@link #open(String, String, String, Path)}; a PostgreSQL catalog is shared: its version is followed by a
     * {@link CatalogListener} ({@code LISTEN}/{@code NOTIFY}, polled every {@code sharing.pollInterval()}), its
     * writers wait for each other on every server ({@link AdvisoryWriteLock}), and leftovers are deleted once
     * {@code sharing.leftoverAge()} old.
     */
    public static Store open(String url, String user, String password, Path dataDir, Sharing sharing) {
        return open(url, user, password, dataDir, sharing, null);
    }

    /**
     * As {@link #open(String, String, String, Path, Sharing)}, with the scene files in {@code files} (e.g. a bucket,
     * {@code store.s3}) instead of under {@code dataDir/scenes}; null for the local folder. The store then owns
     * {@code files} (closes it), also when opening fails.
     */
    public static Store open(String url, String user, String password, Path dataDir, Sharing sharing, SceneFileStore files) {
        try {
            return openWith(url, user, password, dataDir, sharing, files);
        } catch (RuntimeException e) {
            if (files != null) files.close();
            throw e;
        }
    }

    private static Store openWith(String url, String user, String password, Path dataDir, Sharing sharing, SceneFileStore given) {
        if (url == null) {
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_FILE) + ";DB_CLOSE_DELAY=-1";
            user = "sa";
            password = "";
        }
        Dialect dialect = Dialect.of(url);
        if (dialect == Dialect.H2 && servesSeveral(url)) {
            throw new greencover.domain.StartupRefusedException("the H2 catalog " + url + " is in server mode, which would let several "
                    + "GreenCover servers share it: H2 serves one process (use the embedded catalog, without --jdbc-url); for several "
                    + "servers use PostgreSQL (--jdbc-url jdbc:postgresql://host/db)");
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(dialect.configure(url));
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setPoolName("greencover-catalog");
        cfg.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        cfg.setMinimumIdle(1);
        if (dialect == Dialect.H2) cfg.setExceptionOverrideClassName(H2ClosedDatabaseEviction.class.getName());
        // a shared catalog that went away (restarted, the network cut) fails requests within 5 s with a 503, instead of
        // HikariCP's 30 s, and readiness says so as quickly; the pool reconnects by itself once it is back
        if (dialect == Dialect.POSTGRESQL) cfg.setConnectionTimeout(5000);
        HikariDataSource catalogPool;
        try {
            catalogPool = new HikariDataSource(cfg); // connects once: an unreachable database fails here, not on first use
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot connect to the catalog at " + url + ": " + cause.getMessage(), e);
        }
        CatalogListener listener = null;
        try {
            java.util.Optional<String> storedId = Migrations.storedCatalogId(catalogPool);
            CatalogStamp.check(dataDir, storedId); // another catalog is refused before it is migrated
            if (given != null) given.checkOwner(storedId); // and so is a bucket prefix or folder of another catalog
            List<Integer> applied = new Migrations(dialect).migrate(catalogPool);
            if (!applied.isEmpty()) LOG.info("catalog schema migrated through versions {}", applied);
            boolean shared = dialect == Dialect.POSTGRESQL;
            JdbcTransactions tx = new JdbcTransactions(catalogPool, VERSION_MAX_AGE, shared);
            Rows rows = new Rows();
            JdbcSceneRepository scenes = new JdbcSceneRepository(tx, rows);
            String catalogId = Migrations.catalogId(catalogPool);
            CatalogStamp.claim(dataDir, catalogId); // before recovery deletes what this catalog does not know
            if (given != null) given.claimOwner(catalogId);
            String instance = java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt());
            String jdbcUrl = url, jdbcUser = user, jdbcPassword = password;
            WriteLockAndListener coordination = shared
                    ? new WriteLockAndListener(new AdvisoryWriteLock(() -> connect(jdbcUrl, jdbcUser, jdbcPassword, "greencover-writer-" + instance)),
                            new CatalogListener(() -> connect(jdbcUrl, jdbcUser, jdbcPassword, CatalogListener.applicationName(instance)),
                                    tx, sharing.pollInterval(), instance))
                    : new WriteLockAndListener(new ProcessWriteLock(), null);
            listener = coordination.listener();
            if (coordination.lock() instanceof AdvisoryWriteLock advisory) tx.fencedBy(advisory);
            SceneFileStore files = given != null ? given : new LocalSceneFileStore(dataDir);
            recover(scenes, files, shared ? sharing.leftoverAge() : Duration.ZERO);
            if (shared) LOG.info("shared catalog: instance {} listens for changes on channel {} (poll every {} ms)", instance,
                    JdbcTransactions.CHANNEL, sharing.pollInterval().toMillis());
            CatalogListener l = listener;
            return new Store(new JdbcSiteRepository(tx, rows), scenes, new JdbcSummaryRepository(tx), tx, coordination.lock(),
                    tx, files, () -> {
                        if (l != null) l.close();
                        close(catalogPool, dialect == Dialect.H2 ? cfg : null);
                    }, new JdbcSiteOutlineRepository(tx, rows), new JdbcAlertRepository(tx, rows), new JdbcImportRepository(catalogPool));
        } catch (RuntimeException e) {
            if (listener != null) listener.close();
            close(catalogPool, dialect == Dialect.H2 ? cfg : null); // also shuts an embedded H2 down, releasing its file
            throw e;
        }
    }

    private record WriteLockAndListener(greencover.store.WriteLock lock, CatalogListener listener) {}

    /** A connection to the catalog outside the pool, named {@code applicationName} in {@code pg_stat_activity}. */
    private static Connection connect(String url, String user, String password, String applicationName) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url, p);
    }

    /**
     * Brings catalog and files back together after a crash, and logs what it did: deletions interrupted after
     * their tombstone was committed are finished (files, then row); scene folders and assemblies the catalog does
     * not know (an ingest interrupted before its commit) are removed once {@code leftoverAge} old (zero when this
     * process owns the data directory; {@link #SHARED_LEFTOVER_AGE} for a shared catalog); active scenes whose files are
     * missing, truncated or unreadable ({@link SceneFileStore#damageOf thorough check}) are marked damaged, keeping their
     * rows and whatever files they have (the operator deletes them or ingests their files again).
     */
    static void recover(SceneRepository scenes, SceneFileStore files, Duration leftoverAge) {
        List<String> deleting = scenes.deleting();
        for (String id : deleting) {
            files.delete(id);
            scenes.delete(id);
        }
        Set<String> known = new HashSet<>();
        int damaged = 0;
        for (Scene s : scenes.damaged()) known.add(s.id()); // kept as they are: the operator deletes or re-ingests them
        List<Scene> active = scenes.all();
        for (Scene s : active) known.add(s.id());
        var damages = files.damagedAmong(active, true);
        if (active.size() >= 2 && damages.isEmpty() && active.stream().noneMatch(s -> s.indices().stream().anyMatch(ix -> files.hasIndexRaster(s.id(), ix)))) {
            LOG.error("recovery: the data directory holds none of the {} scenes of its catalog: is it the right --data directory, "
                    + "and mounted? No scene is marked damaged for it", active.size());
        }
        for (var e : damages.entrySet()) {
            Scene s = e.getKey();
            if (scenes.markDamaged(s.id(), s.createdAt(), new SceneDamage(e.getValue(), Instant.now()))) {
                LOG.warn("scene {} is damaged: {}; its catalog row is kept, out of maps and series: delete it or ingest its files again",
                        s.id(), e.getValue());
                damaged++;
            }
        }
        int orphans = files.removeOrphans(known, leftoverAge);
        LOG.info("recovery: finished {} interrupted scene deletions, removed {} scene folders or assemblies the catalog does not know, "
                + "marked {} of {} scenes damaged ({} damaged in all)", deleting.size(), orphans, damaged, known.size(), scenes.damaged().size());
    }

    /**
     * Closes the pool; an H2 database ({@code h2} not null) is then shut down on a connection of its own (it stays
     * open after its last connection, {@code DB_CLOSE_DELAY=-1}), so its file is released for other processes.
     */
    private static void close(HikariDataSource pool, HikariConfig h2) {
        pool.close();
        if (h2 == null) return;
        try (Connection c = DriverManager.getConnection(h2.getJdbcUrl(), h2.getUsername(), h2.getPassword());
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (e.getErrorCode() != H2_DATABASE_IS_CLOSED) LOG.warn("H2 shutdown failed: {}", e.getMessage());
        }
    }
}
