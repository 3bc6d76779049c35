package greencover.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.raster.RasterGrid;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/**
 * The catalog of sites, scenes and zonal summaries, over one JDBC URL ({@code jdbc:h2:file:...} or
 * {@code jdbc:postgresql://...}). The schema is dialect-neutral except for the binary column type; it
 * is created on first use. Writes that belong together (a scene and its summaries; a site and its
 * backfilled summaries) go through {@link #inTransaction}. Thread-safe: one connection per call.
 */
public final class Catalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url, user, password;
    private final boolean postgres;

    public Catalog(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.postgres = url.startsWith("jdbc:postgresql:");
        migrate();
    }

    /** An embedded H2 catalog in {@code dataDir/greencover.mv.db}. */
    public static Catalog h2(java.nio.file.Path dataDir) {
        String file = dataDir.toAbsolutePath().resolve("greencover").toString();
        return new Catalog("jdbc:h2:file:" + file + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** A unit of work on one connection, committed when it returns, rolled back when it throws. */
    public interface Work<T> { T run(Connection c) throws SQLException; }

    public <T> T inTransaction(Work<T> work) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog write failed: " + e.getMessage(), e);
        }
    }

    private <T> T read(Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new CatalogException("catalog read failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException { return DriverManager.getConnection(url, user, password); }

    private void migrate() {
        String blob = postgres ? "BYTEA" : "VARBINARY(16777216)";
        String text = postgres ? "TEXT" : "CHARACTER LARGE OBJECT";
        inTransaction(c -> {
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
            return null;
        });
    }

    // ---- sites -------------------------------------------------------------------------------------

    public void insertSite(Connection c, Site s) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sites VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            p.setString(1, s.id());
            p.setString(2, s.name());
            p.setString(3, new WKTWriter().write(s.wgs84()));
            p.setString(4, s.geometryAsGiven());
            p.setDouble(5, s.areaM2());
            p.setDouble(6, s.greenThreshold());
            p.setDouble(7, s.ndviSoil());
            p.setDouble(8, s.ndviVeg());
            p.setString(9, toJson(s.properties()));
            p.setTimestamp(10, Timestamp.from(s.createdAt()));
            p.executeUpdate();
        }
    }

    public List<Site> sites() {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM sites ORDER BY id")) {
                return sites(p.executeQuery());
            }
        });
    }

    public Optional<Site> site(String id) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM sites WHERE id = ?")) {
                p.setString(1, id);
                return sites(p.executeQuery()).stream().findFirst();
            }
        });
    }

    public boolean deleteSite(String id) {
        return inTransaction(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE site_id = ?");
                 PreparedStatement s = c.prepareStatement("DELETE FROM sites WHERE id = ?")) {
                d.setString(1, id);
                d.executeUpdate();
                s.setString(1, id);
                return s.executeUpdate() > 0;
            }
        });
    }

    private List<Site> sites(ResultSet rs) throws SQLException {
        List<Site> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new Site(rs.getString("id"), rs.getString("name"), wkt(rs.getString("wkt_wgs84")),
                    rs.getString("geometry_as_given"), rs.getDouble("area_m2"), rs.getDouble("green_threshold"),
                    rs.getDouble("ndvi_soil"), rs.getDouble("ndvi_veg"), fromJson(rs.getString("properties")),
                    rs.getTimestamp("created_at").toInstant()));
        }
        return out;
    }

    // ---- scenes ------------------------------------------------------------------------------------

    public void insertScene(Connection c, Scene s) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO scenes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            RasterGrid g = s.grid();
            p.setString(1, s.id());
            p.setString(2, s.name());
            p.setString(3, s.sensor());
            p.setTimestamp(4, Timestamp.from(s.acquiredAt()));
            p.setObject(5, s.date());
            p.setInt(6, s.epsg());
            p.setInt(7, g.width());
            p.setInt(8, g.height());
            p.setDouble(9, g.minX());
            p.setDouble(10, g.maxY());
            p.setDouble(11, g.pixelWidth());
            p.setDouble(12, g.pixelHeight());
            p.setString(13, new WKTWriter().write(s.footprintWgs84()));
            p.setString(14, s.contentHash());
            p.setString(15, s.processingBaseline());
            p.setString(16, s.baselineRule());
            p.setInt(17, s.offsetDn());
            p.setString(18, String.join(",", s.bands()));
            p.setString(19, String.join(",", s.indices()));
            p.setDouble(20, s.validFraction());
            p.setDouble(21, s.cloudFraction());
            p.setTimestamp(22, Timestamp.from(s.createdAt()));
            p.executeUpdate();
        }
    }

    /** Scenes ordered by date then id, optionally only those dated within [from, to] (nulls: open). */
    public List<Scene> scenes(LocalDate from, LocalDate to) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM scenes WHERE acquired_date >= ? AND acquired_date <= ? "
                    + "ORDER BY acquired_date, created_at, id")) {
                p.setObject(1, from == null ? LocalDate.of(1900, 1, 1) : from);
                p.setObject(2, to == null ? LocalDate.of(3000, 1, 1) : to);
                return scenes(p.executeQuery());
            }
        });
    }

    public Optional<Scene> scene(String id) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM scenes WHERE id = ?")) {
                p.setString(1, id);
                return scenes(p.executeQuery()).stream().findFirst();
            }
        });
    }

    public Optional<Scene> sceneByHash(String hash) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM scenes WHERE content_hash = ?")) {
                p.setString(1, hash);
                return scenes(p.executeQuery()).stream().findFirst();
            }
        });
    }

    /** Scenes whose content hash starts with {@code prefix} (the same files, whatever the settings). */
    public List<Scene> scenesByHashPrefix(String prefix) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM scenes WHERE content_hash LIKE ?")) {
                p.setString(1, prefix.replace("%", "").replace("_", "") + "%");
                return scenes(p.executeQuery());
            }
        });
    }

    public void deleteScene(Connection c, String id) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE scene_id = ?");
             PreparedStatement s = c.prepareStatement("DELETE FROM scenes WHERE id = ?")) {
            d.setString(1, id);
            d.executeUpdate();
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private List<Scene> scenes(ResultSet rs) throws SQLException {
        List<Scene> out = new ArrayList<>();
        while (rs.next()) {
            RasterGrid g = new RasterGrid(rs.getInt("width"), rs.getInt("height"), rs.getDouble("min_x"),
                    rs.getDouble("max_y"), rs.getDouble("pixel_w"), rs.getDouble("pixel_h"));
            out.add(new Scene(rs.getString("id"), rs.getString("name"), rs.getString("sensor"),
                    rs.getTimestamp("acquired_at").toInstant(), rs.getObject("acquired_date", LocalDate.class),
                    rs.getInt("epsg"), g, wkt(rs.getString("footprint_wkt")), rs.getString("content_hash"),
                    rs.getString("processing_baseline"), rs.getString("baseline_rule"), rs.getInt("offset_dn"),
                    split(rs.getString("bands")), split(rs.getString("indices")), rs.getDouble("valid_fraction"),
                    rs.getDouble("cloud_fraction"), rs.getTimestamp("created_at").toInstant()));
        }
        return out;
    }

    // ---- summaries ---------------------------------------------------------------------------------

    public void putSummary(Connection c, SummaryRow r) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE site_id = ? AND scene_id = ? AND index_key = ?");
             PreparedStatement p = c.prepareStatement("INSERT INTO summaries VALUES (?,?,?,?)")) {
            d.setString(1, r.siteId());
            d.setString(2, r.sceneId());
            d.setString(3, r.index());
            d.executeUpdate();
            p.setString(1, r.siteId());
            p.setString(2, r.sceneId());
            p.setString(3, r.index());
            p.setBytes(4, r.summary());
            p.executeUpdate();
        }
    }

    /** All summaries of {@code siteId} for {@code index}. */
    public List<SummaryRow> summaries(String siteId, String index) {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM summaries WHERE site_id = ? AND index_key = ?")) {
                p.setString(1, siteId);
                p.setString(2, index);
                List<SummaryRow> out = new ArrayList<>();
                ResultSet rs = p.executeQuery();
                while (rs.next()) out.add(new SummaryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
                return out;
            }
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static Geometry wkt(String s) {
        try {
            return new WKTReader().read(s);
        } catch (ParseException e) {
            throw new CatalogException("corrupt geometry in catalog: " + e.getMessage(), e);
        }
    }

    private static String toJson(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m == null ? Map.of() : m);
        } catch (Exception e) {
            throw new IllegalArgumentException("properties cannot be stored as JSON", e);
        }
    }

    private static Map<String, Object> fromJson(String s) {
        try {
            return JSON.readValue(s, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new CatalogException("corrupt properties in catalog", e);
        }
    }
}
