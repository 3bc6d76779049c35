package greencover.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.domain.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Brings a catalog database to the schema this code reads, one numbered step at a time, recording each applied
 * step in {@code schema_version (version, description, applied_at)}. A database without that table is either
 * new or written by a release before versioned migrations (0.1, whose tables were created with {@code CREATE TABLE
 * IF NOT EXISTS}); step 1 is exactly that old schema, created only where missing, so both start from version 1.
 * Each step runs in its own transaction with its {@code schema_version} row (PostgreSQL: under an advisory lock,
 * so two servers starting together migrate once). A database newer than this code is refused.
 *
 * <p>Every step is idempotent: H2 commits each DDL statement on its own, so a crash between a step's DDL and its
 * {@code schema_version} row leaves the step half applied and runs it again at the next start. Each statement is
 * therefore guarded ({@code IF NOT EXISTS}, {@code IF EXISTS}, a row or column looked up first), and a step run
 * over its own partial or complete result finishes it without error and without changing what is there.
 */
final class Migrations {

    /** One schema step. */
    interface Step { void apply(Connection c, Dialect d) throws SQLException; }

    record Migration(int version, String description, Step step) {}

    private final Dialect dialect;
    private final List<Migration> steps;

    Migrations(Dialect dialect) {
        this.dialect = dialect;
        this.steps = List.of(
                new Migration(1, "sites, scenes and summaries as of release 0.1", Migrations::baseline),
                new Migration(2, "catalog_version counter bumped by every write", Migrations::catalogVersion),
                new Migration(3, "scenes.sensor_settings (JSON) instead of the Sentinel-2 columns", Migrations::sensorSettings),
                new Migration(4, "scenes.state: active, or deleting until its files are removed", Migrations::sceneState),
                new Migration(5, "catalog_identity: the catalog's id, stamped on its data directories", Migrations::catalogIdentity),
                new Migration(6, "scenes.damage_reason and damaged_at for scenes whose files are missing or unreadable", Migrations::sceneDamage),
                new Migration(7, "scenes.crs_wkt: the definition of a user-defined CRS (scenes without an EPSG code)", Migrations::crsWkt),
                new Migration(8, "same_date_remerge: dates of several scenes whose summaries the footprint rule stored", Migrations::sameDateRemerge),
                new Migration(9, "scenes.source_json: where a scene read in place came from (STAC item, asset hrefs, window)", Migrations::sceneSource),
                new Migration(10, "stac_imports: imports from STAC APIs, their progress and errors (resumed after a restart)", Migrations::stacImports),
                new Migration(11, "site_watches: sites' watches on STAC APIs (what to poll, how often, the last poll)", Migrations::siteWatches),
                new Migration(17, "sites.permanent_water_wkt and mask_buffer_m: a site's declared permanent water and cloud/shadow buffer", Migrations::siteMasks),
                new Migration(19, "sites.reference_site, target_metric, target_value: a site's reference site and target", Migrations::siteGoals),
                new Migration(21, "site_outlines: outline versions of a site, each valid from a date", Migrations::siteOutlines),
                new Migration(22, "alert_settings and alerts: alert rules, webhook and alert episodes per site", Migrations::alerts),
                new Migration(23, "webhook_deliveries: the log of webhook delivery attempts", Migrations::webhookDeliveries),
                new Migration(24, "stac_import_items: the items each STAC import is done with (a resumed import counts each once)", Migrations::stacImportItems),
                new Migration(27, "leases: which server runs an import or polls a watch, until when (servers sharing a catalog)", Migrations::leases));
    }

    /** The versions of the steps, ascending (numbers may skip one that another branch of the code base owns). */
    List<Integer> versions() { return steps.stream().map(Migration::version).toList(); }

    /** The version this code reads and writes. */
    int latest() { return steps.get(steps.size() - 1).version(); }

    /**
     * Applies the missing steps; returns the versions applied (empty when the schema was current).
     *
     * @throws StoreException if the database cannot be migrated or is newer than this code
     */
    List<Integer> migrate(DataSource pool) { return migrate(pool, latest()); }

    /** The step numbered {@code version} (for tests that apply one by hand, as a crash would leave it). */
    Step step(int version) {
        return steps.stream().filter(m -> m.version() == version).findFirst().orElseThrow().step();
    }

    /** {@link #migrate(DataSource) Applies} the missing steps up to {@code upTo} only. */
    List<Integer> migrate(DataSource pool, int upTo) {
        List<Integer> applied = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                lock(c);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                            + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
                }
                c.commit();
                for (Migration m : steps) {
                    lock(c);
                    int at = current(c);
                    if (at > latest()) {
                        throw new StoreException("the catalog has schema version " + at + " but this release reads at most "
                                + latest() + "; use a newer release", null);
                    }
                    if (m.version() <= at || m.version() > upTo) {
                        c.commit();
                        continue;
                    }
                    m.step().apply(c, dialect);
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                        p.setInt(1, m.version());
                        p.setString(2, m.description());
                        p.setTimestamp(3, Timestamp.from(Instant.now()));
                        p.executeUpdate();
                    }
                    c.commit();
                    applied.add(m.version());
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot migrate the catalog schema: " + e.getMessage(), e);
        }
        return applied;
    }

    /** The highest applied version, 0 when none. */
    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void lock(Connection c) throws SQLException {
        String sql = dialect.migrationLock();
        if (sql == null) return;
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Step 1: the tables of release 0.1, verbatim, so a 0.1 data directory passes through unchanged. */
    private static void baseline(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sites (id VARCHAR(100) PRIMARY KEY, name VARCHAR(500) NOT NULL, "
                    + "wkt_wgs84 " + d.text + " NOT NULL, geometry_as_given " + d.text + " NOT NULL, area_m2 DOUBLE PRECISION NOT NULL, "
                    + "green_threshold DOUBLE PRECISION NOT NULL, ndvi_soil DOUBLE PRECISION NOT NULL, "
                    + "ndvi_veg DOUBLE PRECISION NOT NULL, properties " + d.text + " NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS scenes (id VARCHAR(64) PRIMARY KEY, name VARCHAR(300) NOT NULL, "
                    + "sensor VARCHAR(40) NOT NULL, acquired_at TIMESTAMP NOT NULL, acquired_date DATE NOT NULL, "
                    + "epsg INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, min_x DOUBLE PRECISION NOT NULL, "
                    + "max_y DOUBLE PRECISION NOT NULL, pixel_w DOUBLE PRECISION NOT NULL, pixel_h DOUBLE PRECISION NOT NULL, "
                    + "footprint_wkt " + d.text + " NOT NULL, content_hash VARCHAR(100) NOT NULL UNIQUE, "
                    + "processing_baseline VARCHAR(10), baseline_rule VARCHAR(10), offset_dn INTEGER NOT NULL, "
                    + "bands VARCHAR(200) NOT NULL, indices VARCHAR(200) NOT NULL, valid_fraction DOUBLE PRECISION NOT NULL, "
                    + "cloud_fraction DOUBLE PRECISION NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS scenes_by_date ON scenes (acquired_date)");
            s.execute("CREATE TABLE IF NOT EXISTS summaries (site_id VARCHAR(100) NOT NULL, scene_id VARCHAR(64) NOT NULL, "
                    + "index_key VARCHAR(16) NOT NULL, summary " + d.blob + " NOT NULL, PRIMARY KEY (site_id, scene_id, index_key))");
            s.execute("CREATE INDEX IF NOT EXISTS summaries_by_scene ON summaries (scene_id)");
        }
    }

    /**
     * Step 2: the one-row version counter. It starts from the clock (milliseconds × 256), as the process-local
     * counter of 0.1 did, so versions, and the ETags built on them, do not repeat those of an earlier catalog.
     */
    private static void catalogVersion(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS catalog_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)");
        }
        if (hasRow(c, "catalog_version")) return;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO catalog_version (id, version) VALUES (1, ?)")) {
            p.setLong(1, System.currentTimeMillis() << 8);
            p.executeUpdate();
        }
    }

    /**
     * Step 3: one {@code sensor_settings} JSON object per scene instead of {@code processing_baseline},
     * {@code baseline_rule} and {@code offset_dn}. Existing rows keep their values under the keys
     * {@code processingBaseline} and {@code baselineRule} (when set) and {@code offsetDn} (always, as 0.1 did).
     * Run again after a crash, it fills only the rows still without settings, and only while the old columns are
     * there (they are dropped last, after every row is filled).
     */
    private static void sensorSettings(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS sensor_settings " + d.text);
        }
        if (hasColumn(c, "scenes", "processing_baseline")) fillSensorSettings(c); // the first of the three to be dropped
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ALTER COLUMN sensor_settings SET NOT NULL");
            s.execute("ALTER TABLE scenes DROP COLUMN IF EXISTS processing_baseline");
            s.execute("ALTER TABLE scenes DROP COLUMN IF EXISTS baseline_rule");
            s.execute("ALTER TABLE scenes DROP COLUMN IF EXISTS offset_dn");
        }
    }

    private static void fillSensorSettings(Connection c) throws SQLException {
        ObjectMapper json = new ObjectMapper();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, processing_baseline, baseline_rule, offset_dn FROM scenes WHERE sensor_settings IS NULL");
             PreparedStatement u = c.prepareStatement("UPDATE scenes SET sensor_settings = ? WHERE id = ?");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Map<String, String> m = new LinkedHashMap<>();
                if (rs.getString(2) != null) m.put("processingBaseline", rs.getString(2));
                if (rs.getString(3) != null) m.put("baselineRule", rs.getString(3));
                m.put("offsetDn", Integer.toString(rs.getInt(4)));
                try {
                    u.setString(1, json.writeValueAsString(m));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException("cannot encode sensor settings of scene " + rs.getString(1), e);
                }
                u.setString(2, rs.getString(1));
                u.executeUpdate();
            }
        }
    }

    /**
     * Step 4: {@code scenes.state}, {@code active} or {@code deleting}. A deletion commits {@code deleting} (a
     * durable tombstone, invisible to every read) before the scene's files are removed and the row deleted, so a
     * crash in between is finished at the next start instead of leaving a row without files. Existing rows are
     * active.
     */
    private static void sceneState(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS state VARCHAR(10) DEFAULT 'active' NOT NULL");
        }
    }

    /**
     * Step 5: {@code catalog_identity}, one row holding a random UUID that names this catalog. A data directory
     * records the id of the catalog that owns it ({@code catalog-id}); another catalog is refused there.
     */
    private static void catalogIdentity(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS catalog_identity (id INTEGER PRIMARY KEY, catalog_id VARCHAR(36) NOT NULL)");
        }
        if (hasRow(c, "catalog_identity")) return; // a first run's id is kept: a data directory may carry it already
        try (PreparedStatement p = c.prepareStatement("INSERT INTO catalog_identity (id, catalog_id) VALUES (1, ?)")) {
            p.setString(1, java.util.UUID.randomUUID().toString());
            p.executeUpdate();
        }
    }

    /**
     * Step 7: {@code scenes.crs_wkt}, the WKT of a scene's projected CRS when it has no EPSG code ({@code epsg} 0);
     * null for every scene with a code, so existing rows need nothing.
     */
    private static void crsWkt(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS crs_wkt " + d.text);
        }
    }

    /**
     * Step 17: {@code sites.permanent_water_wkt} (the site's declared permanent water in WGS84 WKT) and
     * {@code sites.mask_buffer_m} (its cloud/shadow buffer in metres); null for the sites stored before (no permanent
     * water, the sensors' default buffer), which keeps their stored summaries right.
     */
    private static void siteMasks(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sites ADD COLUMN IF NOT EXISTS permanent_water_wkt " + d.text);
            s.execute("ALTER TABLE sites ADD COLUMN IF NOT EXISTS mask_buffer_m DOUBLE PRECISION");
        }
    }

    /**
     * Step 8: {@code same_date_remerge (acquired_date)}, the dates with more than one active scene, whose summaries
     * were stored under the footprint rule (a scene counted the site minus the rectangles of the date's earlier
     * scenes); the server recomputes them with the same-date merge at its next start and removes each date as it
     * commits its new summaries. A catalog without such dates gets an empty table.
     */
    private static void sameDateRemerge(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS same_date_remerge (acquired_date DATE PRIMARY KEY)");
            s.executeUpdate("INSERT INTO same_date_remerge (acquired_date) SELECT acquired_date FROM scenes WHERE state = 'active' "
                    + "AND acquired_date NOT IN (SELECT acquired_date FROM same_date_remerge) GROUP BY acquired_date HAVING COUNT(*) > 1");
        }
    }

    /**
     * Step 9: {@code scenes.source_json}, a JSON object of strings saying where a scene read in place came from (its
     * STAC item and collection, the unsigned asset hrefs, the offset rule and the window read); null for uploads, so
     * existing rows need nothing. Self-contained: it only adds its own column.
     */
    /** Step 10: one row per STAC import, its whole state as a JSON document beside the columns it is found by. */
    private static void stacImports(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS stac_imports (id VARCHAR(64) PRIMARY KEY, status VARCHAR(20) NOT NULL, "
                    + "created_at TIMESTAMP NOT NULL, doc " + d.text + " NOT NULL)");
        }
    }

    /** Step 11: one row per watched site, the watch as a JSON document. */
    private static void siteWatches(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS site_watches (site_id VARCHAR(100) PRIMARY KEY, doc " + d.text + " NOT NULL)");
        }
    }

    private static void sceneSource(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS source_json " + d.text);
        }
    }

    /**
     * Step 21: {@code site_outlines (site_id, valid_from, wkt_wgs84, geometry_as_given, inner_buffer_m, created_at)}, the
     * outline versions of a site after its own outline, deleted with the site. A new table: existing rows need nothing.
     */
    private static void siteOutlines(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS site_outlines (site_id VARCHAR(100) NOT NULL REFERENCES sites (id) ON DELETE CASCADE, "
                    + "valid_from DATE NOT NULL, wkt_wgs84 " + d.text + " NOT NULL, geometry_as_given " + d.text + " NOT NULL, "
                    + "inner_buffer_m DOUBLE PRECISION NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (site_id, valid_from))");
        }
    }

    /**
     * Step 22: {@code alert_settings} (a site's rule parameters as JSON, its webhook URL and secret) and {@code alerts}
     * (one row per condition episode, {@code cleared_at} null while open), deleted with the site. New tables only.
     */
    private static void alerts(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS alert_settings (site_id VARCHAR(100) PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE, "
                    + "rules_json " + d.text + " NOT NULL, webhook_url VARCHAR(2000), webhook_secret VARCHAR(500), updated_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS alerts (id VARCHAR(64) PRIMARY KEY, site_id VARCHAR(100) NOT NULL REFERENCES sites (id) "
                    + "ON DELETE CASCADE, rule VARCHAR(40) NOT NULL, observed_on DATE, opened_at TIMESTAMP NOT NULL, cleared_at TIMESTAMP, "
                    + "detail " + d.text + " NOT NULL, alert_value DOUBLE PRECISION)");
            s.execute("CREATE INDEX IF NOT EXISTS alerts_by_site ON alerts (site_id)");
        }
    }

    /**
     * Step 24: {@code stac_import_items (import_id, seq, item_key, outcome, bytes_read)}, one row per item an import is
     * done with, in order. A new table only: an import stored before it has no rows and is counted from zero if resumed.
     */
    private static void stacImportItems(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS stac_import_items (import_id VARCHAR(64) NOT NULL, seq INTEGER NOT NULL, item_key " + d.text
                    + " NOT NULL, outcome VARCHAR(20) NOT NULL, bytes_read BIGINT NOT NULL, PRIMARY KEY (import_id, seq))");
        }
    }

    /**
     * Step 27: {@code leases (name, owner, expires_ms)}, one row per import run or watch poll a server holds
     * ({@code ImportRepository#takeLease}); the expiry in epoch milliseconds, so servers in other time zones agree.
     * A new table only.
     */
    private static void leases(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS leases (name VARCHAR(200) PRIMARY KEY, owner VARCHAR(200) NOT NULL, expires_ms BIGINT NOT NULL)");
        }
    }

    /** Step 23: {@code webhook_deliveries}, one row per delivery attempt, deleted with the site. A new table only. */
    private static void webhookDeliveries(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS webhook_deliveries (id VARCHAR(64) NOT NULL, site_id VARCHAR(100) NOT NULL REFERENCES sites (id) "
                    + "ON DELETE CASCADE, alert_id VARCHAR(64) NOT NULL, event VARCHAR(20) NOT NULL, attempt INTEGER NOT NULL, "
                    + "url VARCHAR(2000) NOT NULL, status INTEGER NOT NULL, error " + d.text + ", delivered BOOLEAN NOT NULL, "
                    + "attempted_at TIMESTAMP NOT NULL, PRIMARY KEY (id, attempt))");
        }
    }

    /**
     * Step 19: a site's reference site ({@code reference_site}, a site id) and target ({@code target_metric}
     * greenFraction or mean, {@code target_value}); existing sites have neither.
     */
    private static void siteGoals(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sites ADD COLUMN IF NOT EXISTS reference_site VARCHAR(100)");
            s.execute("ALTER TABLE sites ADD COLUMN IF NOT EXISTS target_metric VARCHAR(32)");
            s.execute("ALTER TABLE sites ADD COLUMN IF NOT EXISTS target_value DOUBLE PRECISION");
        }
    }

    /**
     * Step 6: {@code scenes.damage_reason} and {@code scenes.damaged_at}, set with {@code state = 'damaged'} when a
     * scene's files are found missing or unreadable (the state column already holds up to 10 characters). Existing
     * rows have neither.
     */
    private static void sceneDamage(Connection c, Dialect d) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS damage_reason VARCHAR(" + greencover.domain.SceneDamage.MAX_REASON + ")");
            s.execute("ALTER TABLE scenes ADD COLUMN IF NOT EXISTS damaged_at TIMESTAMP");
        }
    }

    /**
     * The catalog's id as stored now, before any migration: empty when the catalog has no identity yet (new, or
     * older than step 5). Reads only.
     */
    static java.util.Optional<String> storedCatalogId(DataSource pool) {
        try (Connection c = pool.getConnection()) {
            if (!hasTable(c, "catalog_identity")) return java.util.Optional.empty();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT catalog_id FROM catalog_identity WHERE id = 1")) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the catalog identity: " + e.getMessage(), e);
        }
    }

    /** The catalog's id (step 5). */
    static String catalogId(DataSource pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT catalog_id FROM catalog_identity WHERE id = 1")) {
            if (!rs.next()) throw new StoreException("the catalog has no identity row", null);
            return rs.getString(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the catalog identity: " + e.getMessage(), e);
        }
    }

    /** Whether {@code table} holds the row {@code id = 1}. */
    private static boolean hasRow(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE id = 1")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    /** Whether {@code table} has the column {@code column} (names as written unquoted: H2 folds them up, PostgreSQL down). */
    static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        var md = c.getMetaData();
        for (String[] names : new String[][] {{table.toUpperCase(java.util.Locale.ROOT), column.toUpperCase(java.util.Locale.ROOT)},
                {table.toLowerCase(java.util.Locale.ROOT), column.toLowerCase(java.util.Locale.ROOT)}}) {
            try (ResultSet rs = md.getColumns(null, null, names[0], names[1])) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    /** Whether the table {@code table} exists (name as written unquoted). */
    static boolean hasTable(Connection c, String table) throws SQLException {
        var md = c.getMetaData();
        for (String name : new String[] {table.toUpperCase(java.util.Locale.ROOT), table.toLowerCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
                if (rs.next()) return true;
            }
        }
        return false;
    }
}
