package greencover.service.error;

/**
 * A raster whose pixel dimensions are over the per-band limit (the file itself may be small: the limit is on
 * what it would decode to). Code {@code raster_too_large}, field = the upload part.
 */
public class RasterTooLargeException extends PayloadTooLargeException {
    public RasterTooLargeException(String field, String detail) {
        super("raster_too_large", field, detail);
    }
}
