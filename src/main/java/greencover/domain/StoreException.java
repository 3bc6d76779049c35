package greencover.domain;

/**
 * Signals that the catalog or the scene files could not be read or written: a server-side failure that may
 * pass (connection lost, disk full), not bad input. Thrown by the {@code greencover.store} implementations;
 * it lives here so that every surface can map it (REST: 503) without importing {@code store}.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
