package greencover.domain;

import java.time.Instant;
import java.util.Map;

/**
 * The alert settings a user stored for one site: per rule name the parameters that differ from the documented
 * defaults (every parameter is a number; {@code enabled} is 1 or 0), and the optional webhook (URL and the secret
 * its HMAC-SHA256 signatures are made with; both null for none).
 */
public record AlertSettings(String siteId, Map<String, Map<String, Double>> rules, String webhookUrl, String webhookSecret,
                            Instant updatedAt) {
    public AlertSettings {
        rules = rules == null ? Map.of() : Map.copyOf(rules);
    }
}
