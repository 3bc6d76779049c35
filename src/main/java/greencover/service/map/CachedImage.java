package greencover.service.map;

/**
 * An encoded response kept in the {@link MapCache}: its bytes, content type, strong ETag (quoted), the time it
 * was produced (epoch milliseconds, for Last-Modified), whether the renderer found no data in it, and the TIME
 * the map actually shows ({@link RenderedMap#time()}; null for documents, legends and maps without a time).
 */
public record CachedImage(byte[] bytes, String contentType, String etag, long producedAtMillis, boolean empty, String time) {
    /** An entry without a time (documents, legends). */
    public CachedImage(byte[] bytes, String contentType, String etag, long producedAtMillis, boolean empty) {
        this(bytes, contentType, etag, producedAtMillis, empty, null);
    }
}
