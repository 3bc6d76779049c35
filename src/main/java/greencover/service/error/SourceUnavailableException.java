package greencover.service.error;

/**
 * A remote source (a STAC API, a COG's server) that answered 5xx or did not answer, after retries: the request was
 * right and may succeed later ({@code source_unavailable}; HTTP 503).
 */
public class SourceUnavailableException extends UnavailableException {
    public SourceUnavailableException(String detail, Throwable cause) {
        super("source_unavailable", detail, cause);
    }
}
