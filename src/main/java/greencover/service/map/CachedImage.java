package greencover.service.map;

/**
 * An encoded response kept in the {@link MapCache}: its bytes, content type, strong ETag (quoted), the time it
 * was produced (epoch milliseconds, for Last-Modified) and whether the renderer found no data in it.
 */
public record CachedImage(byte[] bytes, String contentType, String etag, long producedAtMillis, boolean empty) {}
