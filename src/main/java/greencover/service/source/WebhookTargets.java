package greencover.service.source;

import greencover.core.raster.RangeReader.RemoteReadException;
import greencover.service.error.InvalidInputException;
import java.net.URI;

/**
 * Which URLs the server may post webhooks to: the rule of {@link Addresses} (http and https only, every address the
 * host resolves to public unless private addresses are allowed), without the source host list, which is about reads.
 */
public final class WebhookTargets {
    private WebhookTargets() {}

    /**
     * Checks {@code url} (given as {@code field}) as a webhook target.
     *
     * @throws InvalidInputException {@code invalid_field} for a URL that does not parse or is not http(s),
     *         {@code webhook_refused} for a host on a loopback, private or otherwise non-public address (unless
     *         {@code allowPrivate}) or a host that does not resolve
     */
    public static URI check(String url, boolean allowPrivate, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new InvalidInputException("invalid_field", field, field + " is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("invalid_field", field, field + " must be an http or https URL but was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) throw new InvalidInputException("invalid_field", field, field + " must not carry a user name or password");
        SourcePolicy policy = allowPrivate ? SourcePolicy.DEFAULTS.allowingPrivateAddresses() : SourcePolicy.DEFAULTS;
        try {
            Addresses.check(uri, policy, field);
        } catch (RemoteReadException e) {
            throw new InvalidInputException("webhook_refused", field, e.getMessage() + " (webhooks to non-public addresses are refused "
                    + "unless GREENCOVER_SOURCE_ALLOW_PRIVATE=true)", e);
        }
        return uri;
    }
}
