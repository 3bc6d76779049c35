package greencover.service.alert;

import greencover.domain.Alert;
import greencover.domain.AlertSettings;
import greencover.domain.WebhookDelivery;
import greencover.service.source.WebhookTargets;
import greencover.store.AlertRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alert events to a site's webhook, in the background: a JSON body {@code {"event": "opened"|"cleared",
 * "alert": {...}}} signed with HMAC-SHA256 over the exact body bytes with the site's secret, sent as
 * {@value #SIGNATURE}{@code : sha256=<lower-case hex>}, with {@value #EVENT} and {@value #DELIVERY} (one id per event,
 * the same on every retry). A 2xx answer delivers it; anything else (another status, no answer in 10 s, a refused
 * address) is retried after {@code backoff}, doubling each time, up to {@code attempts} attempts in all. Redirects are
 * not followed. Every attempt is logged ({@link AlertRepository#addDelivery}). The target is checked again before each
 * attempt, so a host that comes to resolve to a private address is refused then.
 */
public final class Webhooks implements AutoCloseable {
    public static final String SIGNATURE = "X-GreenCover-Signature";
    public static final String EVENT = "X-GreenCover-Event";
    public static final String DELIVERY = "X-GreenCover-Delivery";
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private final AlertRepository repo;
    private final boolean allowPrivate;
    private final Duration backoff;
    private final int attempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "greencover-webhooks");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param allowPrivate whether targets on loopback and private addresses are allowed (tests, closed networks)
     * @param backoff      the wait before the first retry (doubling after each)
     * @param attempts     attempts in all, at least 1
     */
    public Webhooks(AlertRepository repo, boolean allowPrivate, Duration backoff, int attempts) {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1 but was " + attempts);
        this.repo = repo;
        this.allowPrivate = allowPrivate;
        this.backoff = backoff;
        this.attempts = attempts;
    }

    /** Whether targets on private addresses are allowed. */
    public boolean allowsPrivate() { return allowPrivate; }

    /** Schedules the delivery of {@code event} of {@code alert} to the webhook of {@code settings} (none: nothing). */
    public void send(AlertSettings settings, String event, Alert alert) {
        if (settings == null || settings.webhookUrl() == null) return;
        String body = "{\"event\":" + AlertJson.string(event) + ",\"alert\":" + AlertJson.alert(alert) + "}";
        String id = UUID.randomUUID().toString();
        executor.execute(() -> attempt(settings, event, alert, body, id, 1));
    }

    private void attempt(AlertSettings settings, String event, Alert alert, String body, String id, int n) {
        int status = 0;
        String error = null;
        try {
            URI uri = WebhookTargets.check(settings.webhookUrl(), allowPrivate, "webhook.url");
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "GreenCover-Webhook/1")
                    .header(SIGNATURE, "sha256=" + sign(settings.webhookSecret(), body))
                    .header(EVENT, event)
                    .header(DELIVERY, id)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status / 100 != 2) error = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        boolean delivered = error == null;
        try {
            repo.addDelivery(new WebhookDelivery(id, alert.siteId(), alert.id(), event, n, settings.webhookUrl(), status, error, delivered,
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        } catch (RuntimeException e) {
            LOG.warn("webhook delivery {} attempt {}: cannot log it: {}", id, n, e.toString()); // e.g. the site deleted meanwhile
            return;
        }
        if (!delivered && n < attempts && !executor.isShutdown()) {
            long wait = backoff.toMillis() << (n - 1);
            LOG.info("webhook delivery {} of site {} failed ({}); attempt {} in {} ms", id, alert.siteId(), error, n + 1, wait);
            executor.schedule(() -> attempt(settings, event, alert, body, id, n + 1), wait, TimeUnit.MILLISECONDS);
        }
    }

    /** HMAC-SHA256 of {@code body} (UTF-8) with {@code secret} (UTF-8), lower-case hex. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() { executor.shutdownNow(); }
}
