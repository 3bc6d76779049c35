package greencover.domain;

import java.time.Instant;

/**
 * One attempt to deliver an alert event ({@code opened} or {@code cleared}) to a site's webhook: the HTTP status
 * answered (0 when none came), the error when the attempt failed, and whether it was the last attempt.
 */
public record WebhookDelivery(String id, String siteId, String alertId, String event, int attempt, String url, int status,
                              String error, boolean delivered, Instant at) {}
