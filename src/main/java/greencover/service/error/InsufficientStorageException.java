package greencover.service.error;

/**
 * A write was refused, or failed and was undone, because the disk holding the data is full or would fall below
 * its configured free-space reserve: code {@code insufficient_storage}. Nothing of the write was kept; it may be
 * retried once space is freed (no restart needed).
 */
public class InsufficientStorageException extends GreenCoverException {
    public InsufficientStorageException(String detail, Throwable cause) {
        super("insufficient_storage", null, detail, cause);
    }
}
