package greencover.service;

import greencover.catalog.Catalog;
import greencover.domain.Scene;
import greencover.catalog.SceneFiles;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.IndexTiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The catalog and the scene files together, with the opened index rasters cached, a version number that
 * changes on every write (caches key on it), and one write lock: ingests, deletes and site additions run
 * one at a time so that "earlier scenes of the same date" stays well defined.
 */
public final class DataStore implements AutoCloseable {
    private final Catalog catalog;
    private final SceneFiles files;
    private final Path dataDir;
    private final Map<String, IndexRaster> rasters = new ConcurrentHashMap<>();
    /** Starts from the clock so versions (and the ETags built on them) never repeat across restarts. */
    private final AtomicLong version = new AtomicLong(System.currentTimeMillis() << 8);
    private final ReentrantLock writeLock = new ReentrantLock();

    public DataStore(Path dataDir, Catalog catalog) {
        this.dataDir = dataDir;
        this.catalog = catalog;
        this.files = new SceneFiles(dataDir);
    }

    /** Deletes scene folders the catalog does not know (left by a crash); returns how many. */
    public int removeOrphans() {
        Set<String> known = new HashSet<>();
        for (Scene s : catalog.scenes(null, null)) known.add(s.id());
        return files.removeOrphans(known);
    }

    public Catalog catalog() { return catalog; }

    public SceneFiles files() { return files; }

    public Path dataDir() { return dataDir; }

    public long version() { return version.get(); }

    void changed() { version.incrementAndGet(); }

    ReentrantLock writeLock() { return writeLock; }

    /** The stored index raster {@code index} of {@code sceneId}, opened once and kept open. */
    public IndexRaster raster(String sceneId, String index) {
        return rasters.computeIfAbsent(sceneId + "/" + index, k -> {
            Path p = files.index(sceneId, index);
            if (!Files.exists(p)) throw BadRequestException.notFound("index raster", sceneId + "/" + index);
            return IndexTiff.open(p);
        });
    }

    void forget(String sceneId) {
        rasters.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(sceneId + "/")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        rasters.values().forEach(IndexRaster::close);
        rasters.clear();
    }
}
