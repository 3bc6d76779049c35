package greencover.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import greencover.domain.Site;
import greencover.store.SiteRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sites in the {@code sites} table; {@code properties} as a JSON object, the permanent water as WGS84 WKT
 * ({@code permanent_water_wkt}) and the mask buffer ({@code mask_buffer_m}), both null when not declared.
 */
final class JdbcSiteRepository implements SiteRepository {
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() { };
    private final JdbcTransactions tx;
    private final Rows rows;

    JdbcSiteRepository(JdbcTransactions tx, Rows rows) {
        this.tx = tx;
        this.rows = rows;
    }

    @Override
    public void insert(Site s) {
        String properties = rows.toJson(s.properties() == null ? Map.of() : s.properties());
        tx.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO sites (id, name, wkt_wgs84, geometry_as_given, area_m2, "
                    + "green_threshold, ndvi_soil, ndvi_veg, properties, created_at, permanent_water_wkt, mask_buffer_m, "
                    + "reference_site, target_metric, target_value) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, s.id());
                p.setString(2, s.name());
                p.setString(3, Rows.wkt(s.wgs84()));
                p.setString(4, s.geometryAsGiven());
                p.setDouble(5, s.areaM2());
                p.setDouble(6, s.greenThreshold());
                p.setDouble(7, s.ndviSoil());
                p.setDouble(8, s.ndviVeg());
                p.setString(9, properties);
                p.setTimestamp(10, Timestamp.from(s.createdAt()));
                if (s.permanentWaterWgs84() == null) p.setNull(11, Types.VARCHAR);
                else p.setString(11, Rows.wkt(s.permanentWaterWgs84()));
                if (s.maskBufferM() == null) p.setNull(12, Types.DOUBLE);
                else p.setDouble(12, s.maskBufferM());
                p.setString(13, s.goals().referenceSite());
                p.setString(14, s.goals().targetMetric());
                if (s.goals().targetValue() == null) p.setNull(15, java.sql.Types.DOUBLE);
                else p.setDouble(15, s.goals().targetValue());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<Site> all() {
        return tx.read(c -> Rows.list(c, "SELECT * FROM sites ORDER BY id", p -> { }, this::site));
    }

    @Override
    public Optional<Site> byId(String id) {
        return tx.read(c -> Rows.list(c, "SELECT * FROM sites WHERE id = ?", p -> p.setString(1, id), this::site))
                .stream().findFirst();
    }

    @Override
    public boolean updateGoals(String id, greencover.domain.SiteGoals goals) {
        return tx.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE sites SET reference_site = ?, target_metric = ?, target_value = ? WHERE id = ?")) {
                p.setString(1, goals.referenceSite());
                p.setString(2, goals.targetMetric());
                if (goals.targetValue() == null) p.setNull(3, java.sql.Types.DOUBLE);
                else p.setDouble(3, goals.targetValue());
                p.setString(4, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE site_id = ?");
                 PreparedStatement s = c.prepareStatement("DELETE FROM sites WHERE id = ?")) {
                d.setString(1, id);
                d.executeUpdate();
                s.setString(1, id);
                return s.executeUpdate() > 0;
            }
        });
    }

    private Site site(ResultSet rs) throws SQLException {
        String water = rs.getString("permanent_water_wkt");
        Number buffer = (Number) rs.getObject("mask_buffer_m");
        return new Site(rs.getString("id"), rs.getString("name"), Rows.geometry(rs.getString("wkt_wgs84")),
                rs.getString("geometry_as_given"), rs.getDouble("area_m2"), rs.getDouble("green_threshold"),
                rs.getDouble("ndvi_soil"), rs.getDouble("ndvi_veg"), rows.fromJson(rs.getString("properties"), PROPERTIES),
                rs.getTimestamp("created_at").toInstant(), water == null ? null : Rows.geometry(water),
                buffer == null ? null : buffer.doubleValue(), goals(rs));
    }

    private static greencover.domain.SiteGoals goals(ResultSet rs) throws SQLException {
        String metric = rs.getString("target_metric");
        double value = rs.getDouble("target_value");
        Double target = metric == null || rs.wasNull() ? null : value;
        return new greencover.domain.SiteGoals(rs.getString("reference_site"), target == null ? null : metric, target);
    }
}
