package greencover.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import greencover.domain.Scene;
import greencover.domain.StoreException;
import greencover.store.ProcessWriteLock;
import greencover.store.Store;
import greencover.store.fs.LocalSceneFileStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link Store} of one catalog database (H2 or PostgreSQL) with its scene files on the local disk: a
 * HikariCP connection pool, the schema {@link Migrations migrated} to the current version, scene folders the
 * catalog does not know removed, and the JDBC repositories over the pool.
 */
public final class JdbcStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private JdbcStore() {}

    /** The file name (without {@code .mv.db}) of the embedded H2 catalog in a data directory. */
    public static final String H2_FILE = "greencover";

    /**
     * The store of {@code url} with its files under {@code dataDir}; {@code url} null means the embedded H2 catalog
     * {@code dataDir/greencover.mv.db} (user {@code sa}, no password).
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static Store open(String url, String user, String password, Path dataDir) {
        if (url == null) {
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_FILE) + ";DB_CLOSE_DELAY=-1";
            user = "sa";
            password = "";
        }
        Dialect dialect = Dialect.of(url);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(dialect.configure(url));
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setPoolName("greencover-catalog");
        cfg.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        cfg.setMinimumIdle(1);
        cfg.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(cfg);
        try {
            List<Integer> applied = new Migrations(dialect).migrate(pool);
            if (!applied.isEmpty()) LOG.info("catalog schema migrated through versions {}", applied);
            JdbcTransactions tx = new JdbcTransactions(pool);
            Rows rows = new Rows();
            JdbcSceneRepository scenes = new JdbcSceneRepository(tx, rows);
            LocalSceneFileStore files = new LocalSceneFileStore(dataDir);
            Set<String> known = new HashSet<>();
            for (Scene s : scenes.all()) known.add(s.id());
            int orphans = files.removeOrphans(known);
            if (orphans > 0) LOG.info("removed {} scene folders the catalog does not know", orphans);
            return new Store(new JdbcSiteRepository(tx, rows), scenes, new JdbcSummaryRepository(tx), tx, new ProcessWriteLock(),
                    tx, files, () -> close(pool, dialect));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Closes the pool; an embedded H2 database is shut down too, so its file is released for other processes. */
    private static void close(HikariDataSource pool, Dialect dialect) {
        if (dialect == Dialect.H2) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("H2 shutdown failed: {}", e.getMessage());
            }
        }
        pool.close();
    }
}
