package greencover.store;

import greencover.domain.Alert;
import greencover.domain.AlertSettings;
import greencover.domain.WebhookDelivery;
import java.util.List;
import java.util.Optional;

/**
 * Alert settings per site, the alert episodes and the webhook delivery log; all go away with their site. Same
 * transaction and version rules as {@link SiteRepository}.
 */
public interface AlertRepository {

    Optional<AlertSettings> settings(String siteId);

    /** Stores {@code settings}, replacing the site's earlier settings. */
    void putSettings(AlertSettings settings);

    /** The alerts of {@code siteId} (null: of every site), newest opened first. */
    List<Alert> alerts(String siteId);

    /** Stores a new alert, or replaces the alert of the same id (to clear it). */
    void putAlert(Alert alert);

    void addDelivery(WebhookDelivery delivery);

    /** The delivery attempts of {@code siteId}'s webhook, newest first. */
    List<WebhookDelivery> deliveries(String siteId);
}
