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
        TOO_LARGE,
        /** A remote file could not be read for now (its server answered 5xx or did not answer, after retries). */
        SOURCE_UNAVAILABLE
    }

    /** The error code of an unusable raster when no more specific one applies. */
    public static final String INVALID_RASTER = "invalid_raster";

    private final String field;
    private final Reason reason;
    private final String code;

    public RasterFormatException(String field, String message) {
        this(Reason.UNUSABLE, field, message, null);
    }

    public RasterFormatException(String field, String message, Throwable cause) {
        this(Reason.UNUSABLE, field, message, cause);
    }

    public RasterFormatException(Reason reason, String field, String message, Throwable cause) {
        this(reason, null, field, message, cause);
    }

    /**
     * @param code a stable error code naming the problem (e.g. {@code unsupported_sample_type}); null for the
     *             generic {@value #INVALID_RASTER}
     */
    public RasterFormatException(Reason reason, String code, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason == null ? Reason.UNUSABLE : reason;
        this.code = code == null ? INVALID_RASTER : code;
        this.field = field;
    }

    public String field() { return field; }

    public Reason reason() { return reason; }

    /** The stable error code of an {@link Reason#UNUSABLE} raster: {@value #INVALID_RASTER} or a more specific one. */
    public String code() { return code; }
}
