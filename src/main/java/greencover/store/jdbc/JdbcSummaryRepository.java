package greencover.store.jdbc;

import greencover.domain.SummaryRow;
import greencover.store.SummaryRepository;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Summaries in the {@code summaries} table, keyed by (site, scene, index); the summary bytes as a binary column. */
final class JdbcSummaryRepository implements SummaryRepository {
    private final JdbcTransactions tx;

    JdbcSummaryRepository(JdbcTransactions tx) { this.tx = tx; }

    @Override
    public void put(SummaryRow row) { putAll(List.of(row)); }

    /** Replaces the rows in two batches (delete, insert) on one connection. */
    @Override
    public void putAll(Collection<SummaryRow> rows) {
        if (rows.isEmpty()) return;
        tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE site_id = ? AND scene_id = ? AND index_key = ?");
                 PreparedStatement p = c.prepareStatement("INSERT INTO summaries (site_id, scene_id, index_key, summary) VALUES (?, ?, ?, ?)")) {
                for (SummaryRow r : rows) {
                    d.setString(1, r.siteId());
                    d.setString(2, r.sceneId());
                    d.setString(3, r.index());
                    d.addBatch();
                    p.setString(1, r.siteId());
                    p.setString(2, r.sceneId());
                    p.setString(3, r.index());
                    p.setBytes(4, r.summary());
                    p.addBatch();
                }
                d.executeBatch();
                p.executeBatch();
                return null;
            }
        });
    }

    @Override
    public void deleteOf(String siteId, Collection<String> sceneIds) {
        if (sceneIds.isEmpty()) return;
        tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM summaries WHERE site_id = ? AND scene_id = ?")) {
                for (String id : sceneIds) {
                    d.setString(1, siteId);
                    d.setString(2, id);
                    d.addBatch();
                }
                d.executeBatch();
                return null;
            }
        });
    }

    @Override
    public List<SummaryRow> of(String siteId, String index) {
        return query("SELECT site_id, scene_id, index_key, summary FROM summaries WHERE site_id = ? AND index_key = ?", siteId, index);
    }

    @Override
    public List<SummaryRow> ofScene(String sceneId, String index) {
        return query("SELECT site_id, scene_id, index_key, summary FROM summaries WHERE scene_id = ? AND index_key = ?", sceneId, index);
    }

    @Override
    public List<java.time.LocalDate> datesToRemerge() {
        return tx.read(c -> Rows.list(c, "SELECT acquired_date FROM same_date_remerge ORDER BY acquired_date", p -> { },
                rs -> rs.getDate(1).toLocalDate()));
    }

    @Override
    public void remerged(java.time.LocalDate date) {
        tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM same_date_remerge WHERE acquired_date = ?")) {
                d.setDate(1, java.sql.Date.valueOf(date));
                d.executeUpdate();
                return null;
            }
        });
    }

    private List<SummaryRow> query(String sql, String a, String b) {
        return tx.read(c -> Rows.list(c, sql, p -> {
            p.setString(1, a);
            p.setString(2, b);
        }, rs -> new SummaryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4))));
    }
}
