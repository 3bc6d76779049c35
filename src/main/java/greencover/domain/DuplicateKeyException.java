package greencover.domain;

/**
 * Signals a write refused because its key (a site id, a scene id or content hash) is already stored, e.g. when
 * another server sharing the catalog stored it first. A conflict with stored state (REST: 409), not an outage.
 */
public class DuplicateKeyException extends StoreException {
    public DuplicateKeyException(String message, Throwable cause) { super(message, cause); }
}
