/**
 * The storage ports of the application layer: {@link greencover.store.SiteRepository},
 * {@link greencover.store.SceneRepository} and {@link greencover.store.SummaryRepository} for the catalog rows,
 * {@link greencover.store.Transactions} to group writes without showing a connection,
 * {@link greencover.store.WriteLock} to serialise the writers that read what they depend on,
 * {@link greencover.store.CatalogVersion} (owned by the database) for caches, and
 * {@link greencover.store.SceneFileStore} for the scene files. {@link greencover.store.Store} bundles one catalog's
 * ports. Implementations: {@code store.jdbc} (H2, PostgreSQL), {@code store.fs} (local files), {@code store.memory}.
 * Nothing here imports JDBC, Jackson or Javalin.
 */
package greencover.store;
