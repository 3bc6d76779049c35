package greencover.service.source;

import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import greencover.stac.SasToken;
import greencover.stac.StacException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs Planetary Computer blob hrefs with SAS tokens: the account is the host's first label on
 * {@code *.blob.core.windows.net} (else the whole host), the container the first path segment; a token is fetched
 * from {@code {sasEndpoint}/{account}/{container}} under the address rule, cached per (account, container) and
 * fetched again when less than {@link #REFRESH_BEFORE} of it remains. Signed URLs are only ever used for requests.
 */
final class SasSigner {
    static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);
    private final RemoteRasters remote;
    private final Clock clock;
    private final Map<String, SasToken> tokens = new ConcurrentHashMap<>();

    SasSigner(RemoteRasters remote, Clock clock) {
        this.remote = remote;
        this.clock = clock;
    }

    /** {@code href} with a valid token appended. */
    URI sign(URI href) { return sign(href, false); }

    /** {@code signed} (an href this signer signed) signed again with a new token, the cached one being refused. */
    URI resign(URI signed) {
        SasToken cached = tokens.get(key(signed));
        boolean stale = cached == null || signed.getRawQuery() == null || signed.getRawQuery().contains(cached.token());
        return sign(URI.create(SceneService.unsigned(signed)), stale); // another file may have refreshed it already
    }

    /** Whether {@code href} is one this signer signs for (its container has a cached token). */
    boolean signs(URI href) { return tokens.containsKey(key(href)); }

    private static String key(URI href) {
        String host = href.getHost() == null ? "" : href.getHost().toLowerCase(Locale.ROOT);
        String account = host.endsWith(".blob.core.windows.net") ? host.substring(0, host.indexOf('.')) : host + (href.getPort() > 0 ? "_" + href.getPort() : "");
        String path = href.getPath() == null ? "" : href.getPath();
        return account + "/" + path.replaceFirst("^/", "").split("/", 2)[0];
    }

    private URI sign(URI href, boolean fresh) {
        String host = href.getHost() == null ? "" : href.getHost().toLowerCase(Locale.ROOT);
        String account = host.endsWith(".blob.core.windows.net") ? host.substring(0, host.indexOf('.')) : host + (href.getPort() > 0 ? "_" + href.getPort() : "");
        String path = href.getPath() == null ? "" : href.getPath();
        String[] parts = path.replaceFirst("^/", "").split("/", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            throw new InvalidInputException("invalid_stac_item", "stacItem", SceneService.unsigned(href) + " has no blob container to sign for");
        }
        String key = account + "/" + parts[0];
        SasToken t = tokens.get(key);
        if (fresh || t == null || t.expiry().minus(REFRESH_BEFORE).isBefore(clock.instant())) {
            URI at = URI.create(remote.policy().sasEndpoint().toString().replaceFirst("/$", "") + "/" + account + "/" + parts[0]);
            try {
                t = SasToken.parse(remote.fetchDocument(at, "stacItem", 64 * 1024));
            } catch (StacException e) {
                throw new InvalidInputException(e.code(), "stacItem", e.getMessage());
            }
            tokens.put(key, t);
        }
        String s = href.toString();
        return URI.create(s + (href.getRawQuery() == null ? "?" : "&") + t.token());
    }
}
