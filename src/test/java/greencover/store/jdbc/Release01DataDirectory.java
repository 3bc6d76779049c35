package greencover.store.jdbc;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexTiffWriter;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.ZonalSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A catalog as release 0.1 wrote it: its DDL verbatim (CREATE TABLE IF NOT EXISTS, no schema_version, the three
 * Sentinel-2 columns) and its positional inserts, with one site, two scenes (a Sentinel-2 scene of baseline 05.09
 * decided from the product name, offset -1000; a Landsat scene without baseline, offset 0) and one summary. The
 * scene folders hold real index rasters (4 x 3 cells of no data) so a server can open them.
 */
final class Release01DataDirectory {
    static final String SITE = "old-site";
    static final String S2 = "s0123456789abcd";
    static final String LANDSAT = "s1111111111abcd";
    static final RasterGrid GRID = new RasterGrid(4, 3, 500000, 2800000, 10, 10);
    static final String SITE_WKT = "POLYGON ((117.00001 25.3, 117.0003 25.3, 117.0003 25.2999, 117.00001 25.2999, 117.00001 25.3))";
    static final String FOOTPRINT_WKT = "POLYGON ((117 25.3, 117.0004 25.3, 117.0004 25.2997, 117 25.2997, 117 25.3))";
    /** An empty summary of a 600 m² site: no valid area. */
    static final byte[] SUMMARY = new ZonalSummary(600).toBytes();

    private Release01DataDirectory() {}

    /** The JDBC URL 0.1 used for the embedded catalog of {@code dataDir}. */
    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("greencover") + ";DB_CLOSE_DELAY=-1";
    }

    /** Writes the 0.1 H2 catalog and scene folders into {@code dataDir}, then shuts the database down. */
    static void writeH2(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        try (Connection c = java.sql.DriverManager.getConnection(h2Url(dataDir), "sa", "")) {
            write(c, false);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        writeSceneFolders(dataDir);
    }

    /** Writes the two scenes' folders (an index raster each) into {@code dataDir/scenes}. */
    static void writeSceneFolders(Path dataDir) throws Exception {
        for (String scene : new String[] {S2, LANDSAT}) {
            Path dir = Files.createDirectories(dataDir.resolve("scenes").resolve(scene));
            try (IndexTiffWriter w = IndexTiffWriter.create(dir.resolve("ndvi.tif"), GRID, 32650)) {
                short[] rows = new short[GRID.width() * GRID.height()];
                Arrays.fill(rows, IndexCodes.NODATA);
                w.writeRows(0, GRID.height(), rows);
                w.finish();
            }
        }
    }

    /** Creates the 0.1 tables on {@code c} (PostgreSQL types when {@code postgres}) and inserts the rows. */
    static void write(Connection c, boolean postgres) throws SQLException {
        String blob = postgres ? "BYTEA" : "VARBINARY(16777216)";
        String text = postgres ? "TEXT" : "CHARACTER LARGE OBJECT";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sites (id VARCHAR(100) PRIMARY KEY, name VARCHAR(500) NOT NULL, "
                    + "wkt_wgs84 " + text + " NOT NULL, geometry_as_given " + text + " NOT NULL, area_m2 DOUBLE PRECISION NOT NULL, "
                    + "green_threshold DOUBLE PRECISION NOT NULL, ndvi_soil DOUBLE PRECISION NOT NULL, "
                    + "ndvi_veg DOUBLE PRECISION NOT NULL, properties " + text + " NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS scenes (id VARCHAR(64) PRIMARY KEY, name VARCHAR(300) NOT NULL, "
                    + "sensor VARCHAR(40) NOT NULL, acquired_at TIMESTAMP NOT NULL, acquired_date DATE NOT NULL, "
                    + "epsg INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, min_x DOUBLE PRECISION NOT NULL, "
                    + "max_y DOUBLE PRECISION NOT NULL, pixel_w DOUBLE PRECISION NOT NULL, pixel_h DOUBLE PRECISION NOT NULL, "
                    + "footprint_wkt " + text + " NOT NULL, content_hash VARCHAR(100) NOT NULL UNIQUE, "
                    + "processing_baseline VARCHAR(10), baseline_rule VARCHAR(10), offset_dn INTEGER NOT NULL, "
                    + "bands VARCHAR(200) NOT NULL, indices VARCHAR(200) NOT NULL, valid_fraction DOUBLE PRECISION NOT NULL, "
                    + "cloud_fraction DOUBLE PRECISION NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS scenes_by_date ON scenes (acquired_date)");
            s.execute("CREATE TABLE IF NOT EXISTS summaries (site_id VARCHAR(100) NOT NULL, scene_id VARCHAR(64) NOT NULL, "
                    + "index_key VARCHAR(16) NOT NULL, summary " + blob + " NOT NULL, PRIMARY KEY (site_id, scene_id, index_key))");
            s.execute("CREATE INDEX IF NOT EXISTS summaries_by_scene ON summaries (scene_id)");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sites VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, SITE);
            p.setString(2, "Old site");
            p.setString(3, SITE_WKT);
            p.setString(4, "{\"type\":\"Polygon\"}");
            p.setDouble(5, 600);
            p.setDouble(6, 0.3);
            p.setDouble(7, 0.05);
            p.setDouble(8, 0.85);
            p.setString(9, "{\"owner\":\"mine\"}");
            p.setTimestamp(10, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z")));
            p.executeUpdate();
        }
        scene(c, S2, "sentinel2-l2a", "2023-06-01", "aa/11", "05.09", "name", -1000);
        scene(c, LANDSAT, "landsat-c2l2", "2023-07-01", "bb/22", null, null, 0);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO summaries VALUES (?,?,?,?)")) {
            p.setString(1, SITE);
            p.setString(2, S2);
            p.setString(3, "ndvi");
            p.setBytes(4, SUMMARY);
            p.executeUpdate();
        }
    }

    private static void scene(Connection c, String id, String sensor, String date, String hash, String baseline, String rule,
                              int offset) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO scenes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, id);
            p.setString(2, "old " + sensor);
            p.setString(3, sensor);
            p.setTimestamp(4, Timestamp.from(Instant.parse(date + "T03:00:00Z")));
            p.setObject(5, LocalDate.parse(date));
            p.setInt(6, 32650);
            p.setInt(7, GRID.width());
            p.setInt(8, GRID.height());
            p.setDouble(9, GRID.minX());
            p.setDouble(10, GRID.maxY());
            p.setDouble(11, GRID.pixelWidth());
            p.setDouble(12, GRID.pixelHeight());
            p.setString(13, FOOTPRINT_WKT);
            p.setString(14, hash);
            p.setString(15, baseline);
            p.setString(16, rule);
            p.setInt(17, offset);
            p.setString(18, "red,nir");
            p.setString(19, "ndvi");
            p.setDouble(20, 1.0);
            p.setDouble(21, 0.0);
            p.setTimestamp(22, Timestamp.from(Instant.parse(date + "T04:00:00Z")));
            p.executeUpdate();
        }
    }
}
