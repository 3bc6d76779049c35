package greencover.store;

/**
 * The storage ports of one catalog, as the composition root hands them to the services. Built by one factory
 * ({@code greencover.store.jdbc.JdbcStore#open} for H2 or PostgreSQL, {@code greencover.store.memory.MemoryStore}
 * for tests), with the imports and watches from STAC APIs ({@link ImportRepository}); {@link #close} releases what it holds (connection pool, opened rasters).
 */
public record Store(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, Transactions transactions,
                    WriteLock writeLock, CatalogVersion version, SceneFileStore files, AutoCloseable resources,
                    ImportRepository imports)
        implements AutoCloseable {

    @Override
    public void close() {
        files.close();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the store", e);
        }
    }
}
