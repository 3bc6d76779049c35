package greencover.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import greencover.domain.Alert;
import greencover.domain.AlertSettings;
import greencover.domain.WebhookDelivery;
import greencover.store.AlertRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alert settings ({@code alert_settings}, rules as a JSON object), alerts ({@code alerts}) and webhook deliveries
 * ({@code webhook_deliveries}), steps 22 and 23; deleted with their site by the foreign keys.
 */
final class JdbcAlertRepository implements AlertRepository {
    private static final TypeReference<Map<String, Map<String, Double>>> RULES = new TypeReference<>() { };
    private final JdbcTransactions tx;
    private final Rows rows;

    JdbcAlertRepository(JdbcTransactions tx, Rows rows) {
        this.tx = tx;
        this.rows = rows;
    }

    @Override
    public Optional<AlertSettings> settings(String siteId) {
        return tx.read(c -> Rows.list(c, "SELECT * FROM alert_settings WHERE site_id = ?", p -> p.setString(1, siteId), rs ->
                new AlertSettings(rs.getString("site_id"), rows.fromJson(rs.getString("rules_json"), RULES), rs.getString("webhook_url"),
                        rs.getString("webhook_secret"), rs.getTimestamp("updated_at").toInstant()))).stream().findFirst();
    }

    @Override
    public void putSettings(AlertSettings s) {
        String rules = rows.toJson(s.rules());
        tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alert_settings WHERE site_id = ?");
                 PreparedStatement p = c.prepareStatement("INSERT INTO alert_settings (site_id, rules_json, webhook_url, webhook_secret, "
                         + "updated_at) VALUES (?, ?, ?, ?, ?)")) {
                d.setString(1, s.siteId());
                d.executeUpdate();
                p.setString(1, s.siteId());
                p.setString(2, rules);
                p.setString(3, s.webhookUrl());
                p.setString(4, s.webhookSecret());
                p.setTimestamp(5, Timestamp.from(s.updatedAt()));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<Alert> alerts(String siteId) {
        String sql = "SELECT * FROM alerts" + (siteId == null ? "" : " WHERE site_id = ?") + " ORDER BY opened_at DESC, id";
        return tx.read(c -> Rows.list(c, sql, p -> { if (siteId != null) p.setString(1, siteId); }, JdbcAlertRepository::alert));
    }

    @Override
    public void putAlert(Alert a) {
        tx.write(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM alerts WHERE id = ?");
                 PreparedStatement p = c.prepareStatement("INSERT INTO alerts (id, site_id, rule, observed_on, opened_at, cleared_at, "
                         + "detail, alert_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                d.setString(1, a.id());
                d.executeUpdate();
                p.setString(1, a.id());
                p.setString(2, a.siteId());
                p.setString(3, a.rule());
                if (a.observedOn() == null) p.setNull(4, Types.DATE);
                else p.setDate(4, java.sql.Date.valueOf(a.observedOn()));
                p.setTimestamp(5, Timestamp.from(a.openedAt()));
                if (a.clearedAt() == null) p.setNull(6, Types.TIMESTAMP);
                else p.setTimestamp(6, Timestamp.from(a.clearedAt()));
                p.setString(7, a.detail());
                if (Double.isNaN(a.value())) p.setNull(8, Types.DOUBLE);
                else p.setDouble(8, a.value());
                return p.executeUpdate();
            }
        });
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        java.sql.Date on = rs.getDate("observed_on");
        Timestamp cleared = rs.getTimestamp("cleared_at");
        double v = rs.getDouble("alert_value");
        if (rs.wasNull()) v = Double.NaN;
        return new Alert(rs.getString("id"), rs.getString("site_id"), rs.getString("rule"), on == null ? null : on.toLocalDate(),
                rs.getTimestamp("opened_at").toInstant(), cleared == null ? null : cleared.toInstant(), rs.getString("detail"), v);
    }

    @Override
    public void addDelivery(WebhookDelivery w) {
        tx.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_deliveries (id, site_id, alert_id, event, attempt, url, "
                    + "status, error, delivered, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, w.id());
                p.setString(2, w.siteId());
                p.setString(3, w.alertId());
                p.setString(4, w.event());
                p.setInt(5, w.attempt());
                p.setString(6, w.url());
                p.setInt(7, w.status());
                p.setString(8, w.error());
                p.setBoolean(9, w.delivered());
                p.setTimestamp(10, Timestamp.from(w.at()));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<WebhookDelivery> deliveries(String siteId) {
        return tx.read(c -> Rows.list(c, "SELECT * FROM webhook_deliveries WHERE site_id = ? ORDER BY attempted_at DESC, attempt DESC",
                p -> p.setString(1, siteId), rs -> new WebhookDelivery(rs.getString("id"), rs.getString("site_id"), rs.getString("alert_id"),
                        rs.getString("event"), rs.getInt("attempt"), rs.getString("url"), rs.getInt("status"), rs.getString("error"),
                        rs.getBoolean("delivered"), rs.getTimestamp("attempted_at").toInstant())));
    }
}
