package greencover.service.map;

/**
 * An encoded response kept in the {@link MapCache}: its bytes, content type, strong ETag (quoted), the time it
 * was produced (epoch milliseconds, for Last-Modified), whether the renderer found no data in it, and whether this
 * answer came from the cache ({@code cached}: true on a hit, false when it was produced for this request; the
 * HTTP layer shows it as {@code X-Cache}).
 */
public record CachedImage(byte[] bytes, String contentType, String etag, long producedAtMillis, boolean empty,
                          boolean cached) {

    /** A freshly produced response. */
    public CachedImage(byte[] bytes, String contentType, String etag, long producedAtMillis, boolean empty) {
        this(bytes, contentType, etag, producedAtMillis, empty, false);
    }

    /** The same response, marked as served from the cache. */
    CachedImage asHit() {
        return cached ? this : new CachedImage(bytes, contentType, etag, producedAtMillis, empty, true);
    }
}
