package greencover.service.error;

/**
 * A backing store could not be read or written for a reason that is not the caller's fault and may pass
 * (connection lost, pool exhausted, disk full): the caller may retry. Code {@code storage_unavailable}.
 * The cause carries the technical detail for the log; the message is safe to show.
 */
public class UnavailableException extends GreenCoverException {
    public UnavailableException(String detail, Throwable cause) {
        super("storage_unavailable", null, detail, cause);
    }

    /** A kind of unavailability with its own stable {@code code} (see the subclasses). */
    protected UnavailableException(String code, String detail, Throwable cause) {
        super(code, null, detail, cause);
    }
}
