package greencover.core.raster;

/**
 * Signals that a raster file's content is unusable: not a TIFF, truncated, without georeferencing,
 * rotated, in a geographic CRS, or beyond the size limits. The message says what is wrong in words a
 * user can act on; {@link #reason()} says which kind of problem it is, for callers that react differently
 * (a size limit is not a malformed file); {@link #field()} names the request field the file came from when known.
 */
public class RasterFormatException extends RuntimeException {
    /** The kind of problem. */
    public enum Reason {
        /** The content cannot be used as a raster: malformed, truncated, unsupported layout or georeferencing. */
        UNUSABLE,
        /** The raster is well formed but its dimensions are over the per-band pixel limit. */
        TOO_LARGE
    }

    private final String field;
    private final Reason reason;

    public RasterFormatException(String field, String message) {
        this(Reason.UNUSABLE, field, message, null);
    }

    public RasterFormatException(String field, String message, Throwable cause) {
        this(Reason.UNUSABLE, field, message, cause);
    }

    public RasterFormatException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null ? Reason.UNUSABLE : reason;
        this.field = field;
    }

    public String field() { return field; }

    public Reason reason() { return reason; }
}
