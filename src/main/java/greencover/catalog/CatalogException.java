package greencover.catalog;

/** Signals that the catalog database could not be read or written (a server-side failure, not bad input). */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) { super(message, cause); }
}
