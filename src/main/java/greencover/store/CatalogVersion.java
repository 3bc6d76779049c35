package greencover.store;

/**
 * The version of the stored catalog: a number that changes with every committed write (sites, scenes,
 * summaries), stored with the catalog and bumped in the same transaction as the write, so every process
 * reading the same database sees the same version for the same data. Caches (map snapshots, rendered tiles,
 * ETags) key on it. Versions only increase and do not repeat across restarts of the same catalog; a new
 * catalog starts from a value derived from the clock so that ETags of a wiped catalog do not repeat either.
 */
public interface CatalogVersion {

    /**
     * The version of the committed data: at least that of every write this process has committed, and of other
     * processes' writes after a bounded delay (the implementation says how long); cheap enough to call several
     * times per request.
     */
    long current();

    /**
     * Whether the catalog answers now, and whether this process is told of other processes' writes (readiness);
     * reads the catalog once. A catalog of this process alone has no listener.
     */
    default greencover.domain.CatalogHealth health() {
        try {
            current();
            return new greencover.domain.CatalogHealth(true, greencover.domain.CatalogHealth.LISTENER_NOT_NEEDED, null);
        } catch (RuntimeException e) {
            return new greencover.domain.CatalogHealth(false, greencover.domain.CatalogHealth.LISTENER_NOT_NEEDED, e.getMessage());
        }
    }
}
