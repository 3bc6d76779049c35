package greencover.service.map;

/**
 * An encoded map image, its MIME type, whether no pixel at all carries data, and the TIME it shows after
 * nearest-value matching ({@link TimeSelection#key()} of the resolved selection, e.g. {@code 2024-08-15} for a
 * request of {@code 2024-06-01}; comma-separated per layer for a stack; null for {@code sites}).
 */
public record RenderedMap(byte[] bytes, String contentType, boolean empty, String time) {
    /** A map without a time. */
    public RenderedMap(byte[] bytes, String contentType, boolean empty) { this(bytes, contentType, empty, null); }
}
