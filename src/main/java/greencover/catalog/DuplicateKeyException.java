package greencover.catalog;

/**
 * A write refused by a uniqueness or integrity constraint (SQLSTATE class 23): another writer, possibly another
 * server on the same database, stored the same key first. The caller's input conflicts with stored state; it is
 * not a storage failure, and retrying the same write cannot succeed.
 */
public class DuplicateKeyException extends CatalogException {
    public DuplicateKeyException(String message, Throwable cause) { super(message, cause); }
}
