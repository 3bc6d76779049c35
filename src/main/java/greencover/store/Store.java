package greencover.store;

/**
 * The storage ports of one catalog, as the composition root hands them to the services. Built by one factory
 * ({@code greencover.store.jdbc.JdbcStore#open} for H2 or PostgreSQL, {@code greencover.store.memory.MemoryStore}
 * for tests); {@link #close} releases what it holds (connection pool, opened rasters). {@code outlines} and
 * {@code alerts} hold the sites' outline versions and their alerts; {@code imports} the imports and watches from STAC
 * APIs ({@link ImportRepository}).
 */
public record Store(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, Transactions transactions,
                    WriteLock writeLock, CatalogVersion version, SceneFileStore files, AutoCloseable resources,
                    SiteOutlineRepository outlines, AlertRepository alerts, ImportRepository imports)
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
