package greencover.service.alert;

import greencover.domain.Alert;
import greencover.domain.AlertSettings;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.WebhookDelivery;
import greencover.service.SiteOutlines;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.series.SeriesPoint;
import greencover.service.series.SeriesQuery;
import greencover.service.series.SeriesService;
import greencover.service.source.WebhookTargets;
import greencover.store.AlertRepository;
import greencover.store.SiteRepository;
import greencover.store.WriteLock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules per site ({@link AlertRules}), their evaluation and the alert episodes. An evaluation computes each
 * enabled rule over the site's default series (NDVI, clear fraction 0.6, exact coverage) and compares it with the
 * rule's open alert: a rule that holds without an open alert opens one; a rule that holds with one keeps it open (the
 * same id and opening time, no new event) with its observation and detail brought up to the latest evaluation;
 * an open alert whose rule no longer holds (or was disabled) is cleared. So one condition episode is one alert,
 * however often it is evaluated. Evaluations run after every ingest and delete of a scene (for the sites it meets),
 * after the settings change, and for every site periodically in {@code serve} ({@link #evaluateAll}); the open/clear step holds the catalog write lock, so concurrent evaluations do not open the
 * same episode twice. Opened and cleared alerts are posted to the site's webhook ({@link Webhooks}).
 */
public final class AlertService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);
    /** Shortest webhook secret. */
    public static final int MIN_SECRET = 16;
    private final SiteRepository sites;
    private final AlertRepository repo;
    private final SeriesService series;
    private final SiteOutlines outlines;
    private final WriteLock writeLock;
    private final Webhooks webhooks;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong evaluationsOfAll = new java.util.concurrent.atomic.AtomicLong();

    public AlertService(SiteRepository sites, AlertRepository repo, SeriesService series, SiteOutlines outlines, WriteLock writeLock,
                        Webhooks webhooks, Clock clock) {
        this.sites = sites;
        this.repo = repo;
        this.series = series;
        this.outlines = outlines;
        this.writeLock = writeLock;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** A site's alert settings as published: the rules in effect, the webhook URL (null: none) and whether it has a secret. */
    public record Settings(String siteId, Map<String, Map<String, Double>> rules, String webhookUrl, boolean secretSet) {}

    public Settings settings(String siteId) {
        site(siteId);
        Optional<AlertSettings> s = repo.settings(siteId);
        return new Settings(siteId, AlertRules.effective(s.map(AlertSettings::rules).orElse(Map.of())),
                s.map(AlertSettings::webhookUrl).orElse(null), s.map(x -> x.webhookSecret() != null).orElse(false));
    }

    /**
     * Replaces the rule parameters of site {@code siteId} with {@code rules} (rules left out take their defaults) and,
     * when {@code setWebhook}, its webhook ({@code url} null: none; else {@code secret} of at least {@value #MIN_SECRET}
     * characters); then evaluates the site. Nothing is stored when any part is refused.
     *
     * @throws InvalidInputException unknown rule or parameter, a value out of range, a webhook URL that is not http(s)
     *         or whose host is on a non-public address ({@code webhook_refused}), a missing or short secret
     */
    public Settings putSettings(String siteId, Map<String, Map<String, Object>> rules, boolean setWebhook, String url, String secret) {
        site(siteId);
        Map<String, Map<String, Double>> checked = AlertRules.check(rules);
        Optional<AlertSettings> had = repo.settings(siteId);
        String hookUrl = had.map(AlertSettings::webhookUrl).orElse(null), hookSecret = had.map(AlertSettings::webhookSecret).orElse(null);
        if (setWebhook) {
            hookUrl = url;
            hookSecret = url == null ? null : secret;
            if (url != null) {
                WebhookTargets.check(url, webhooks.allowsPrivate(), "webhook.url");
                if (secret == null || secret.length() < MIN_SECRET || secret.length() > 500) {
                    throw new InvalidInputException(secret == null ? "missing_field" : "invalid_field", "webhook.secret",
                            "webhook.secret is required with a webhook URL: " + MIN_SECRET + " to 500 characters, shared with the receiver, "
                                    + "who checks each body's HMAC-SHA256 with it");
                }
            }
        }
        AlertSettings s = new AlertSettings(siteId, checked, hookUrl, hookSecret, Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        writeLock.run(() -> {
            site(siteId);
            repo.putSettings(s);
        });
        evaluate(siteId);
        return settings(siteId);
    }

    /** The alerts of {@code siteId} (null: every site) in {@code state} ({@code open}, {@code cleared}; null: both), newest first. */
    public List<Alert> alerts(String siteId, String state) {
        if (siteId != null) site(siteId);
        if (state != null && !state.equals("open") && !state.equals("cleared")) {
            throw InvalidInputException.invalid("state", "state must be open or cleared but was '" + state + "'");
        }
        List<Alert> out = new ArrayList<>();
        for (Alert a : repo.alerts(siteId)) {
            if (state == null || state.equals("open") == a.isOpen()) out.add(a);
        }
        return out;
    }

    /** The webhook delivery attempts of site {@code siteId}, newest first. */
    public List<WebhookDelivery> deliveries(String siteId) {
        site(siteId);
        return repo.deliveries(siteId);
    }

    /**
     * Evaluates, once each, every site one of {@code scenes} meets (an import's new scenes); a failure is logged, never
     * thrown (the scenes stand).
     */
    public void afterIngest(java.util.Collection<Scene> scenes) {
        if (scenes.isEmpty()) return;
        SiteOutlines.View view = outlines.view();
        for (Site s : sites.all()) {
            try {
                boolean met = false;
                for (Scene scene : scenes) {
                    if (view.on(s, scene.date()).wgs84().intersects(scene.footprintWgs84())) {
                        met = true;
                        break;
                    }
                }
                if (met) evaluate(s.id());
            } catch (RuntimeException e) {
                LOG.warn("alerts of site {} after {} new scene(s): not evaluated: {}", s.id(), scenes.size(), e.toString());
            }
        }
    }

    /** Evaluates every site {@code scene} meets (on its date's outline); a failure is logged, never thrown (the ingest stands). */
    public void afterIngest(Scene scene) { afterIngest(List.of(scene)); }

    /**
     * Evaluates every site's rules (what the periodic evaluation does, so that a rule such as "no clear observation for
     * D days" opens while no data arrives); a site that fails is logged and the others go on. Returns the alerts
     * opened or cleared.
     */
    public List<Alert> evaluateAll() {
        evaluationsOfAll.incrementAndGet();
        List<Alert> changed = new ArrayList<>();
        for (Site s : sites.all()) {
            try {
                changed.addAll(evaluate(s.id()));
            } catch (NoSuchResourceException deletedMeanwhile) {
                // nothing to evaluate
            } catch (RuntimeException e) {
                LOG.warn("alerts of site {}: not evaluated: {}", s.id(), e.toString());
            }
        }
        return changed;
    }

    /** How many times {@link #evaluateAll} ran. */
    public long evaluationsOfAll() { return evaluationsOfAll.get(); }

    /** After a scene was deleted: evaluates every site it met, as after its ingest (an alert it caused may clear). */
    public void afterDelete(Scene scene) { afterIngest(scene); }

    /** Evaluates site {@code siteId}'s rules (see the class comment); returns the alerts opened or cleared. */
    public List<Alert> evaluate(String siteId) {
        Site site = site(siteId);
        List<SeriesPoint> points = series.timeseries(site, SeriesQuery.defaults()).points();
        LocalDate today = LocalDate.now(clock);
        Optional<AlertSettings> settings = repo.settings(siteId);
        Map<String, Map<String, Double>> rules = AlertRules.effective(settings.map(AlertSettings::rules).orElse(Map.of()));
        Map<String, AlertConditions.Condition> outcome = new java.util.LinkedHashMap<>();
        for (var r : rules.entrySet()) {
            outcome.put(r.getKey(), r.getValue().get(AlertRules.ENABLED) == 0 ? null : AlertConditions.evaluate(r.getKey(), r.getValue(), points, today));
        }
        List<Alert> changed = new ArrayList<>();
        List<String> events = new ArrayList<>();
        writeLock.run(() -> {
            if (sites.byId(siteId).isEmpty()) return;
            Instant now = Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            for (var o : outcome.entrySet()) {
                Alert open = repo.alerts(siteId).stream().filter(a -> a.isOpen() && a.rule().equals(o.getKey())).findFirst().orElse(null);
                AlertConditions.Condition c = o.getValue();
                boolean holds = c != null && c.holds();
                if (holds && open == null) {
                    Alert a = new Alert(UUID.randomUUID().toString(), siteId, o.getKey(), c.observedOn(), now, null, c.detail(), c.value());
                    repo.putAlert(a);
                    changed.add(a);
                    events.add("opened");
                } else if (holds && !(java.util.Objects.equals(open.observedOn(), c.observedOn()) && open.detail().equals(c.detail()))) {
                    // the same episode, still open: its observation and detail follow the latest evaluation (no event)
                    repo.putAlert(new Alert(open.id(), siteId, open.rule(), c.observedOn(), open.openedAt(), null, c.detail(), c.value()));
                } else if (!holds && open != null) {
                    Alert a = open.cleared(now);
                    repo.putAlert(a);
                    changed.add(a);
                    events.add("cleared");
                }
            }
        });
        for (int i = 0; i < changed.size(); i++) {
            LOG.info("alert {} {} on site {}: {}", changed.get(i).rule(), events.get(i), siteId, changed.get(i).detail());
            webhooks.send(settings.orElse(null), events.get(i), changed.get(i));
        }
        return changed;
    }

    private Site site(String siteId) { return sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId)); }

    @Override
    public void close() { webhooks.close(); }
}
