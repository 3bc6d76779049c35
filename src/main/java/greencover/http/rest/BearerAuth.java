package greencover.http.rest;

import io.javalin.http.Context;
import greencover.http.semantics.ReadRequests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer-token check on {@code /api/*}: writes (anything but GET, HEAD, OPTIONS, and the read-only
 * statistics POST: {@link ReadRequests}) need {@code Authorization: Bearer <token>}, compared in constant time.
 */
public final class BearerAuth {
    private final String token;

    /** @param token the expected token; null refuses every write */
    public BearerAuth(String token) {
        this.token = token;
    }

    /**
     * Passes reads; throws for a write without the token.
     *
     * @throws UnauthorizedException {@code missing_token} or {@code invalid_token}
     */
    public void check(Context ctx) {
        if (ReadRequests.isRead(ctx.method().name(), ctx.path())) return;
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        boolean ok = given != null && token != null
                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw given == null
                    ? new UnauthorizedException("missing_token", "writes need 'Authorization: Bearer <token>' (the token from GREENCOVER_TOKEN or printed at first start)")
                    : new UnauthorizedException("invalid_token", "the bearer token is not valid");
        }
    }
}
