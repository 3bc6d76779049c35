package greencover.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import greencover.core.raster.RasterGrid;
import greencover.domain.Scene;
import greencover.domain.SceneDamage;
import greencover.domain.SceneState;
import greencover.store.SceneRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Scenes in the {@code scenes} table; {@code sensor_settings} as a JSON object of strings. Reads see only rows
 * whose {@code state} is {@code active}; {@code damaged} rows carry {@code damage_reason} and {@code damaged_at} and are
 * read by {@link #damaged} only; {@code deleting} rows are tombstones (see {@link #markDeleting}).
 */
final class JdbcSceneRepository implements SceneRepository {
    private static final TypeReference<LinkedHashMap<String, String>> SETTINGS = new TypeReference<>() { };
    private static final String ORDER = " ORDER BY acquired_date, created_at, id";
    private static final String ACTIVE = "state = 'active'";
    private final JdbcTransactions tx;
    private final Rows rows;

    JdbcSceneRepository(JdbcTransactions tx, Rows rows) {
        this.tx = tx;
        this.rows = rows;
    }

    @Override
    public void insert(Scene s) {
        String settings = rows.toJson(s.sensorSettings());
        tx.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scenes (id, name, sensor, acquired_at, acquired_date, epsg, "
                    + "width, height, min_x, max_y, pixel_w, pixel_h, footprint_wkt, content_hash, sensor_settings, bands, indices, "
                    + "valid_fraction, cloud_fraction, created_at, crs_wkt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                p.setString(13, Rows.wkt(s.footprintWgs84()));
                p.setString(14, s.contentHash());
                p.setString(15, settings);
                p.setString(16, Rows.joined(s.bands()));
                p.setString(17, Rows.joined(s.indices()));
                p.setDouble(18, s.validFraction());
                p.setDouble(19, s.cloudFraction());
                p.setTimestamp(20, Timestamp.from(s.createdAt()));
                p.setString(21, s.crsWkt());
                int n = p.executeUpdate();
                if (!s.source().isEmpty()) { // schema step 9; uploads leave it null
                    try (PreparedStatement u = c.prepareStatement("UPDATE scenes SET source_json = ? WHERE id = ?")) {
                        u.setString(1, rows.toJson(s.source()));
                        u.setString(2, s.id());
                        u.executeUpdate();
                    }
                }
                return n;
            }
        });
    }

    @Override
    public List<Scene> between(LocalDate from, LocalDate to) {
        if (from == null && to == null) return tx.read(c -> Rows.list(c, "SELECT * FROM scenes WHERE " + ACTIVE + ORDER, p -> { }, this::scene));
        return tx.read(c -> Rows.list(c, "SELECT * FROM scenes WHERE " + ACTIVE + " AND acquired_date >= ? AND acquired_date <= ?" + ORDER, p -> {
            p.setObject(1, from == null ? LocalDate.of(1, 1, 1) : from);
            p.setObject(2, to == null ? LocalDate.of(9999, 12, 31) : to);
        }, this::scene));
    }

    @Override
    public Optional<Scene> byId(String id) {
        return one("SELECT * FROM scenes WHERE " + ACTIVE + " AND id = ?", id);
    }

    @Override
    public Optional<Scene> byContentHash(String hash) {
        return one("SELECT * FROM scenes WHERE " + ACTIVE + " AND content_hash = ?", hash);
    }

    @Override
    public List<Scene> byContentHashPrefix(String prefix) {
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return tx.read(c -> Rows.list(c, "SELECT * FROM scenes WHERE " + ACTIVE + " AND content_hash LIKE ? ESCAPE '\\'" + ORDER,
                p -> p.setString(1, pattern), this::scene));
    }

    @Override
    public boolean delete(String id) {
        return tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE scene_id = ?");
                 PreparedStatement s = c.prepareStatement("DELETE FROM scenes WHERE id = ?")) {
                d.setString(1, id);
                d.executeUpdate();
                s.setString(1, id);
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean markDeleting(String id) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scenes SET state = 'deleting' WHERE id = ? AND state IN ('active', 'damaged')");
                 PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE scene_id = ?")) {
                s.setString(1, id);
                if (s.executeUpdate() == 0) return false;
                d.setString(1, id);
                d.executeUpdate();
                return true;
            }
        });
    }

    @Override
    public boolean widenFootprint(String id, Instant createdAt, org.locationtech.jts.geom.Geometry footprintWgs84) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scenes SET footprint_wkt = ? WHERE id = ? AND " + ACTIVE + " AND created_at = ?")) {
                s.setString(1, Rows.wkt(footprintWgs84));
                s.setString(2, id);
                s.setTimestamp(3, Timestamp.from(createdAt));
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean markDamaged(String id, Instant createdAt, SceneDamage damage) {
        return tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scenes SET state = 'damaged', damage_reason = ?, damaged_at = ? "
                    + "WHERE id = ? AND " + ACTIVE + " AND created_at = ?")) {
                s.setString(1, damage.reason());
                s.setTimestamp(2, Timestamp.from(damage.at()));
                s.setString(3, id);
                s.setTimestamp(4, Timestamp.from(createdAt));
                return s.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Scene> damaged() {
        return tx.read(c -> Rows.list(c, "SELECT * FROM scenes WHERE state = 'damaged'" + ORDER, p -> { }, this::scene));
    }

    @Override
    public Optional<SceneState> stateOf(String id) {
        return tx.read(c -> Rows.list(c, "SELECT state FROM scenes WHERE id = ?", p -> p.setString(1, id),
                rs -> SceneState.of(rs.getString(1)))).stream().findFirst();
    }

    @Override
    public List<String> deleting() {
        return tx.read(c -> Rows.list(c, "SELECT id FROM scenes WHERE state = 'deleting' ORDER BY id", p -> { }, rs -> rs.getString(1)));
    }

    private Optional<Scene> one(String sql, String key) {
        return tx.read(c -> Rows.list(c, sql, p -> p.setString(1, key), this::scene)).stream().findFirst();
    }

    private Scene scene(ResultSet rs) throws SQLException {
        RasterGrid g = new RasterGrid(rs.getInt("width"), rs.getInt("height"), rs.getDouble("min_x"),
                rs.getDouble("max_y"), rs.getDouble("pixel_w"), rs.getDouble("pixel_h"));
        return new Scene(rs.getString("id"), rs.getString("name"), rs.getString("sensor"),
                rs.getTimestamp("acquired_at").toInstant(), rs.getObject("acquired_date", LocalDate.class),
                rs.getInt("epsg"), g, Rows.geometry(rs.getString("footprint_wkt")), rs.getString("content_hash"),
                rows.fromJson(rs.getString("sensor_settings"), SETTINGS), Rows.split(rs.getString("bands")),
                Rows.split(rs.getString("indices")), rs.getDouble("valid_fraction"), rs.getDouble("cloud_fraction"),
                rs.getTimestamp("created_at").toInstant(), damage(rs), rs.getString("crs_wkt"),
                rs.getString("source_json") == null ? null : rows.fromJson(rs.getString("source_json"), SETTINGS));
    }

    /** The damage of a {@code damaged} row, else null. */
    private static SceneDamage damage(ResultSet rs) throws SQLException {
        if (!"damaged".equals(rs.getString("state"))) return null;
        String reason = rs.getString("damage_reason");
        Timestamp at = rs.getTimestamp("damaged_at");
        return new SceneDamage(reason == null ? "unknown" : reason, at == null ? Instant.EPOCH : at.toInstant());
    }
}
