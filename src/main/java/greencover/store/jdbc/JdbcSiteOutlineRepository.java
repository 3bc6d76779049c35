package greencover.store.jdbc;

import greencover.domain.OutlineVersion;
import greencover.store.SiteOutlineRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Outline versions in the {@code site_outlines} table (step 21), deleted with their site by the foreign key. */
final class JdbcSiteOutlineRepository implements SiteOutlineRepository {
    private final JdbcTransactions tx;

    JdbcSiteOutlineRepository(JdbcTransactions tx, Rows rows) { this.tx = tx; }

    @Override
    public void insert(OutlineVersion v) {
        tx.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO site_outlines (site_id, valid_from, wkt_wgs84, geometry_as_given, "
                    + "inner_buffer_m, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, v.siteId());
                p.setDate(2, java.sql.Date.valueOf(v.validFrom()));
                p.setString(3, Rows.wkt(v.wgs84()));
                p.setString(4, v.geometryAsGiven());
                p.setDouble(5, v.innerBufferM());
                p.setTimestamp(6, Timestamp.from(v.createdAt()));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<OutlineVersion> of(String siteId) {
        return tx.read(c -> Rows.list(c, "SELECT * FROM site_outlines WHERE site_id = ? ORDER BY valid_from", p -> p.setString(1, siteId),
                JdbcSiteOutlineRepository::version));
    }

    @Override
    public Map<String, List<OutlineVersion>> all() {
        Map<String, List<OutlineVersion>> out = new LinkedHashMap<>();
        for (OutlineVersion v : tx.read(c -> Rows.list(c, "SELECT * FROM site_outlines ORDER BY site_id, valid_from", p -> { },
                JdbcSiteOutlineRepository::version))) {
            out.computeIfAbsent(v.siteId(), k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static OutlineVersion version(ResultSet rs) throws SQLException {
        return new OutlineVersion(rs.getString("site_id"), rs.getDate("valid_from").toLocalDate(), Rows.geometry(rs.getString("wkt_wgs84")),
                rs.getString("geometry_as_given"), rs.getDouble("inner_buffer_m"), rs.getTimestamp("created_at").toInstant());
    }
}
