package greencover.store.memory;

import greencover.domain.Alert;
import greencover.domain.AlertSettings;
import greencover.domain.WebhookDelivery;
import greencover.store.AlertRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Alerts of a {@link MemoryCatalog}. */
final class MemoryAlertRepository implements AlertRepository {
    private final MemoryCatalog catalog;

    MemoryAlertRepository(MemoryCatalog catalog) { this.catalog = catalog; }

    @Override
    public Optional<AlertSettings> settings(String siteId) { return Optional.ofNullable(catalog.read().alertSettings.get(siteId)); }

    @Override
    public void putSettings(AlertSettings settings) { catalog.write(s -> s.alertSettings.put(settings.siteId(), settings)); }

    @Override
    public List<Alert> alerts(String siteId) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : catalog.read().alerts.values()) if (siteId == null || a.siteId().equals(siteId)) out.add(a);
        out.sort(Comparator.comparing(Alert::openedAt).reversed().thenComparing(Alert::id));
        return out;
    }

    @Override
    public void putAlert(Alert alert) { catalog.write(s -> s.alerts.put(alert.id(), alert)); }

    @Override
    public void addDelivery(WebhookDelivery delivery) { catalog.write(s -> s.deliveries.add(delivery)); }

    @Override
    public List<WebhookDelivery> deliveries(String siteId) {
        List<WebhookDelivery> out = new ArrayList<>();
        for (WebhookDelivery d : catalog.read().deliveries) if (d.siteId().equals(siteId)) out.add(d);
        out.sort(Comparator.comparing(WebhookDelivery::at).reversed().thenComparing(WebhookDelivery::attempt, Comparator.reverseOrder()));
        return out;
    }
}
