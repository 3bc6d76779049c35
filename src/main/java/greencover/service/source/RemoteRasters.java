package greencover.service.source;

import greencover.core.raster.GeoTiffSource;
import greencover.core.raster.RangeCache;
import greencover.core.raster.RangeReader;
import greencover.core.raster.RasterFormatException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * Opens GeoTIFFs where they live, by {@code https:}, {@code http:} or {@code file:} URL, read by ranges
 * ({@link HttpRangeReader}, {@link FileRangeReader}) within the {@link SourcePolicy}; and fetches small documents
 * (STAC items) under the same address rule. One HTTP client for all, following no redirect by itself. Every body is
 * read within the policy's timeout ({@link BodyDeadline}); a document whose body stalls is {@code source_stalled}.
 */
public final class RemoteRasters {
    private final SourcePolicy policy;
    private final HttpClient client;
    private final SasSigner signer;

    public RemoteRasters(SourcePolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.client = HttpClient.newBuilder().connectTimeout(policy.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.signer = new SasSigner(this, java.time.Clock.systemUTC());
    }

    public SourcePolicy policy() { return policy; }

    /** Whether {@code uri} carries a signature of a container this server signs for (only those are signed again). */
    private boolean signedByUs(URI uri) {
        return uri.getRawQuery() != null && uri.getRawQuery().contains("sig=") && signer.signs(uri);
    }

    /** {@code href} signed with a Planetary Computer SAS token (see {@link SasSigner}); reads of it are signed again once if refused. */
    public URI signed(URI href) { return signer.sign(href); }

    /**
     * Opens the GeoTIFF at {@code uri} for windowed reads, reading {@code headerBytes} first (0: the policy's).
     *
     * @param name  the asset's name in messages (e.g. {@code red (https://host/path/B04.tif)}), never a signed URL
     * @param field the request field errors name
     * @throws RasterFormatException a usable GeoTIFF it is not, or the source refused ({@code source_not_found},
     *         {@code source_forbidden}, {@code source_refused}, {@code source_not_tiff}) or failed
     *         ({@link RasterFormatException.Reason#SOURCE_UNAVAILABLE})
     */
    public GeoTiffSource open(URI uri, String name, String field, int headerBytes) { return open(uri, name, field, headerBytes, null); }

    /**
     * As above, telling {@code also} (null: nobody) the bytes every read of this file fetches, over HTTP or from a
     * {@code file:} URL, the range reads on other threads included: what one import's items read, apart from any other
     * read of the server at the same time.
     */
    public GeoTiffSource open(URI uri, String name, String field, int headerBytes, java.util.function.LongConsumer also) {
        int head = headerBytes > 0 ? Math.min(headerBytes, 16 << 20) : policy.headerBytes();
        HttpRangeReader.Opened opened;
        try {
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                Addresses.check(uri, policy, name);
                opened = FileRangeReader.open(Path.of(uri), name, head, also);
            } else {
                opened = HttpRangeReader.open(client, uri, name, policy, head, signedByUs(uri) ? signer::resign : null, also);
            }
        } catch (RangeReader.RemoteReadException e) {
            throw new RasterFormatException(e.unavailable() ? RasterFormatException.Reason.SOURCE_UNAVAILABLE
                    : RasterFormatException.Reason.UNUSABLE, e.code(), field, field + ": " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RasterFormatException(RasterFormatException.Reason.SOURCE_UNAVAILABLE, "source_unavailable", field,
                    field + ": " + name + " cannot be read (" + e.getMessage() + ")", e);
        }
        return GeoTiffSource.open(new RangeCache(opened.reader(), opened.header()), field);
    }

    /** An answer to a {@link #send}: its status and body (at most the bytes asked for). */
    public record Answer(int status, byte[] body) {}

    /**
     * Sends {@code method} ({@code GET}, or {@code POST} with the JSON {@code body}) to {@code uri} under the address
     * rule, following at most 5 redirects (each checked; a 307/308 keeps the method, others turn it into a GET), and
     * answers the final status and at most {@code maxBytes} of its body (a longer body is refused).
     *
     * @throws InvalidInputException naming {@code field} when an address is refused or the answer too large
     * @throws SourceUnavailableException when there is no answer
     */
    public Answer send(String method, URI uri, byte[] body, String field, long maxBytes) {
        URI at = uri;
        String m = method;
        try {
            for (int hop = 0; hop <= 5; hop++) {
                Addresses.check(at, policy, field + " " + at);
                HttpRequest.Builder b = HttpRequest.newBuilder(at).timeout(policy.timeout()).header("Accept", "application/geo+json, application/json");
                if (m.equals("POST")) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
                else b.GET();
                HttpResponse<InputStream> res = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = res.body()) {
                    int s = res.statusCode();
                    if (s >= 300 && s < 400 && res.headers().firstValue("Location").isPresent()) {
                        at = at.resolve(res.headers().firstValue("Location").get());
                        if (s != 307 && s != 308) m = "GET";
                        continue;
                    }
                    byte[] out = BodyDeadline.read(in, (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1), policy.timeout(), field + " " + at);
                    if (out.length > maxBytes) throw new InvalidInputException("source_too_large", field, uri + " answered more than " + maxBytes + " bytes");
                    return new Answer(s, out);
                }
            }
            throw new InvalidInputException("source_redirect_loop", field, uri + " redirects more than 5 times");
        } catch (RangeReader.RemoteReadException e) {
            throw new InvalidInputException(e.code(), field, e.getMessage(), e);
        } catch (BodyDeadline.Stalled e) {
            throw new InvalidInputException("source_stalled", field, e.getMessage(), e);
        } catch (IOException e) {
            throw new SourceUnavailableException(uri + " cannot be reached (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while reading " + uri, e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid_field", field, uri + " is not a URL that can be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The body of {@code uri} (a STAC item), at most {@code maxBytes}, under the same address rule.
     *
     * @throws InvalidInputException naming {@code field} when the address is refused, not found, forbidden, too large,
     *         or refuses connections ({@code source_unreachable})
     * @throws SourceUnavailableException  on a 5xx or no answer
     */
    public byte[] fetchDocument(URI uri, String field, long maxBytes) {
        URI at = uri;
        try {
            for (int hop = 0; hop <= 5; hop++) {
                Addresses.check(at, policy, field + " " + at);
                if ("file".equalsIgnoreCase(at.getScheme())) {
                    return java.nio.file.Files.readAllBytes(Path.of(at));
                }
                HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(at).timeout(policy.timeout())
                        .header("Accept", "application/geo+json, application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = res.body()) {
                    int s = res.statusCode();
                    if (s >= 300 && s < 400 && res.headers().firstValue("Location").isPresent()) {
                        at = at.resolve(res.headers().firstValue("Location").get());
                        continue;
                    }
                    if (s >= 500) throw new SourceUnavailableException(uri + " answered HTTP " + s, null);
                    if (s != 200) throw new InvalidInputException(s == 404 || s == 410 ? "source_not_found" : "source_refused", field,
                            uri + " answered HTTP " + s);
                    byte[] b = BodyDeadline.read(body, (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1), policy.timeout(), field + " " + at);
                    if (b.length > maxBytes) throw new InvalidInputException("source_too_large", field, uri + " is larger than " + maxBytes + " bytes");
                    return b;
                }
            }
            throw new InvalidInputException("source_redirect_loop", field, uri + " redirects more than 5 times");
        } catch (RangeReader.RemoteReadException e) {
            throw new InvalidInputException(e.code(), field, e.getMessage(), e);
        } catch (BodyDeadline.Stalled e) {
            throw new InvalidInputException("source_stalled", field, e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("source_not_found", field, uri + " was not found", e);
        } catch (java.net.ConnectException e) { // nothing listens there: the address is wrong, not busy
            throw new InvalidInputException("source_unreachable", field, uri + " cannot be reached (" + (e.getMessage() == null
                    ? "connection refused" : e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new SourceUnavailableException(uri + " cannot be read (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while reading " + uri, e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid_field", field, uri + " is not a URL that can be read (" + e.getMessage() + ")", e);
        }
    }
}
