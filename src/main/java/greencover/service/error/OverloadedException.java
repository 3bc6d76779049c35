package greencover.service.error;

/**
 * The server is busy with other memory-heavy work (maps, ingests, ad-hoc statistics) and refused this request
 * rather than risk running out of memory; nothing was changed and the same request may succeed later. Code
 * {@code overloaded}. {@link #retryAfterSeconds()} is the wait suggested to the client (≥ 1 s).
 */
public class OverloadedException extends UnavailableException {
    private final int retryAfterSeconds;

    /** @param retryAfterSeconds suggested wait before a retry, in seconds; values below 1 are taken as 1 */
    public OverloadedException(String detail, int retryAfterSeconds) {
        this("overloaded", detail, retryAfterSeconds);
    }

    protected OverloadedException(String code, String detail, int retryAfterSeconds) {
        super(code, detail, null);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** The suggested wait before a retry, in whole seconds, at least 1. */
    public int retryAfterSeconds() { return retryAfterSeconds; }
}
