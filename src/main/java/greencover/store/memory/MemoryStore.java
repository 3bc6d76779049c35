package greencover.store.memory;

import greencover.store.ProcessWriteLock;
import greencover.store.Store;
import greencover.store.fs.LocalSceneFileStore;
import java.nio.file.Path;

/**
 * A {@link Store} whose catalog lives in memory (lost with the process) and whose scene files are kept by a
 * {@link LocalSceneFileStore} under {@code filesDir} (index rasters are memory-mapped files, so files they stay).
 * For service tests and a development mode without a database.
 */
public final class MemoryStore {
    private MemoryStore() {}

    /** A new, empty store with its scene files under {@code filesDir/scenes}. */
    public static Store open(Path filesDir) {
        MemoryCatalog catalog = new MemoryCatalog();
        return new Store(new MemorySiteRepository(catalog), new MemorySceneRepository(catalog), new MemorySummaryRepository(catalog),
                catalog, new ProcessWriteLock(), catalog, new LocalSceneFileStore(filesDir), () -> { },
                new MemorySiteOutlineRepository(catalog), new MemoryAlertRepository(catalog), new MemoryImportRepository());
    }
}
