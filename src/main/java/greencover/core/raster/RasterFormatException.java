package greencover.core.raster;

/**
 * Signals that a raster file's content is unusable: not a TIFF, truncated, without georeferencing,
 * rotated, in a geographic CRS, or beyond the size limits. The message says what is wrong in words a
 * user can act on; {@link #field()} names the request field the file came from when known.
 */
public class RasterFormatException extends RuntimeException {
    private final String field;

    public RasterFormatException(String field, String message) {
        super(message);
        this.field = field;
    }

    public RasterFormatException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public String field() { return field; }
}
