package greencover.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * A Planetary Computer SAS token as its token API answers it: {@code {"msft:expiry": "...", "token": "st=...&se=...&sig=..."}}.
 * The token is a query string appended to a blob href; it never goes into logs, cache keys or the catalog.
 */
public record SasToken(String token, Instant expiry) {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String toString() { return "SasToken[expiry=" + expiry + "]"; }

    /** @throws StacException {@code invalid_sas_token} when the answer is not such a document */
    public static SasToken parse(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            String token = n.path("token").asText("");
            String expiry = n.path("msft:expiry").asText("");
            if (token.isBlank() || expiry.isBlank()) throw new StacException("invalid_sas_token", "the SAS token answer has no token or msft:expiry");
            return new SasToken(token.startsWith("?") ? token.substring(1) : token, Instant.parse(expiry.endsWith("Z") || expiry.contains("+")
                    ? expiry : expiry + "Z"));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new StacException("invalid_sas_token", "the SAS token answer cannot be read: " + e.getMessage());
        }
    }
}
