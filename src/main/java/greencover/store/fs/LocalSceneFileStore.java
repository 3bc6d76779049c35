package greencover.store.fs;

import greencover.core.raster.IndexRaster;
import greencover.core.raster.IndexTiff;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import greencover.domain.StoreException;
import greencover.store.SceneFileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Scene files under {@code dataDir/scenes}: {@code {id}/source/{roles}.tif} (the uploaded GeoTIFFs) and
 * {@code {id}/{index}.tif} (the derived index rasters). Assemblies are temporary siblings ({@code .tmp-*}) renamed
 * into place atomically, so a scene folder is either complete or absent. Opened rasters (memory-mapped
 * {@link IndexTiff}s) are cached by scene, generation and index until the scene is deleted, forgotten or ingested
 * again, or the store closed.
 */
public final class LocalSceneFileStore implements SceneFileStore {
    private static final String TEMP_PREFIX = ".tmp-";
    private final Path root;
    /** Opened rasters by {@code id/createdAt/index}. */
    private final Map<String, IndexRaster> opened = new ConcurrentHashMap<>();
    /** The size each index raster's header asks for, by the same key (learnt once, then the quick check is a stat). */
    private final Map<String, Long> requiredBytes = new ConcurrentHashMap<>();

    /** A store under {@code dataDir/scenes}, created if missing. */
    public LocalSceneFileStore(Path dataDir) {
        this.root = dataDir.resolve("scenes");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StoreException("cannot create " + root, e);
        }
    }

    /**
     * {@inheritDoc} Here: the {@link CatalogStamp stamp} of the folder holding {@code scenes/} (the data directory's
     * own, or that of a {@code --scene-store} folder several servers share).
     */
    @Override
    public void checkOwner(java.util.Optional<String> catalogId) { CatalogStamp.checkSceneStore(root.getParent(), catalogId); }

    /** {@inheritDoc} Here: stamps the folder holding {@code scenes/} ({@link CatalogStamp}). */
    @Override
    public void claimOwner(String catalogId) { CatalogStamp.claimSceneStore(root.getParent(), catalogId); }

    @Override
    public Path newAssembly() {
        try {
            return Files.createTempDirectory(root, TEMP_PREFIX);
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary folder in " + root, e);
        }
    }

    @Override
    public void copyInto(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException("cannot copy " + source + " to " + target, e);
        }
        Fsync.file(target);
    }

    /**
     * {@inheritDoc} The directories of the assembly are forced first (so the names of its files are on disk), then
     * it is renamed, then {@code scenes/} is forced so that the rename itself is on disk when this returns. The
     * files' contents are not forced again here: writers force them as they finish ({@code IndexTiffWriter},
     * {@link #copyInto}).
     */
    @Override
    public void publish(Path assembly, String sceneId) {
        Path target = dir(sceneId);
        try {
            // a folder of this id without a row: the leftover of an ingest of the same scene whose commit failed with
            // the catalog unreachable (the files were kept, the row may have been committed); the caller found no row
            if (Files.exists(target)) deleteTree(target);
            try (Stream<Path> s = Files.walk(assembly)) {
                for (Path d : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) Fsync.directory(d);
            }
            try {
                Files.move(assembly, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(assembly, target);
            }
            Fsync.directory(root);
        } catch (IOException e) {
            throw new StoreException("cannot publish scene " + sceneId, e);
        }
    }

    @Override
    public void discard(Path assembly) { deleteTree(assembly); }

    @Override
    public boolean hasIndexRaster(String sceneId, String index) { return Files.isRegularFile(indexPath(sceneId, index)); }

    @Override
    public IndexRaster indexRaster(Scene scene, String index) {
        String generation = scene.id() + "/" + scene.createdAt() + "/";
        IndexRaster r = opened.get(generation + index);
        if (r != null) return r;
        r = opened.computeIfAbsent(generation + index, k -> IndexTiff.open(existing(scene.id(), index)));
        // rasters of an earlier generation of this id (deleted, then ingested again) are never read again
        opened.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(scene.id() + "/") && !e.getKey().startsWith(generation)) {
                e.getValue().close();
                return true;
            }
            return false;
        });
        return r;
    }

    @Override
    public Optional<String> damageOf(Scene scene, boolean thorough) {
        Path dir = dir(scene.id());
        if (!Files.isDirectory(dir)) return Optional.of("its folder " + dir + " is missing");
        for (String index : scene.indices()) {
            Path p = indexPath(scene.id(), index);
            String name = index + ".tif";
            try {
                if (!Files.isRegularFile(p)) return Optional.of(name + " is missing");
                String key = scene.id() + "/" + scene.createdAt() + "/" + index;
                Long need = thorough ? null : requiredBytes.get(key);
                if (need == null) {
                    need = IndexTiff.requiredBytes(p);
                    requiredBytes.put(key, need);
                }
                long size = Files.size(p);
                if (size < need) return Optional.of(name + " is truncated: " + size + " of " + need + " bytes");
            } catch (IOException e) {
                return Optional.of(name + " cannot be read: " + e.getMessage());
            }
        }
        if (!thorough) return Optional.empty();
        Path src = dir.resolve("source");
        if (!Files.isDirectory(src)) return Optional.empty();
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = "source/" + p.getFileName();
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] head = in.readNBytes(4);
                    if (!isTiff(head)) return Optional.of(name + " is not a TIFF (its first bytes are not a TIFF header)");
                } catch (IOException e) {
                    return Optional.of(name + " cannot be read: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            return Optional.of("its source folder cannot be listed: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether {@code b} starts a classic or BigTIFF file, either byte order. */
    private static boolean isTiff(byte[] b) {
        if (b.length < 4) return false;
        boolean little = b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0;
        boolean big = b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43);
        return little || big;
    }

    @Override
    public SceneFile indexFile(String sceneId, String index) {
        Path p = existing(sceneId, index);
        return SceneFile.of(p, "");
    }

    @Override
    public void delete(String sceneId) {
        forget(sceneId);
        deleteTree(dir(sceneId));
        Fsync.directory(root);
    }

    @Override
    public int removeOrphans(Set<String> known, java.time.Duration minAge) {
        int n = 0;
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(minAge));
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if ((name.startsWith(TEMP_PREFIX) || !known.contains(name)) && (minAge.isZero() || newestChange(p).compareTo(cutoff) <= 0)) {
                    forget(name);
                    deleteTree(p);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + root, e);
        }
        return n;
    }

    /**
     * The latest modification time of {@code p} and everything under it: an assembly that an ingest (of any server
     * sharing the folder) is still writing has a recent file somewhere, even when its folder's own time is old.
     */
    private static java.nio.file.attribute.FileTime newestChange(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            return all.map(q -> {
                try {
                    return Files.getLastModifiedTime(q);
                } catch (IOException gone) { // removed meanwhile (by its own writer): count it as changed now
                    return java.nio.file.attribute.FileTime.from(java.time.Instant.now());
                }
            }).max(java.util.Comparator.naturalOrder()).orElse(Files.getLastModifiedTime(p));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException gone) {
            return java.nio.file.attribute.FileTime.from(java.time.Instant.now());
        }
    }

    @Override
    public void close() {
        opened.values().forEach(IndexRaster::close);
        opened.clear();
    }

    private Path dir(String sceneId) {
        Path d = root.resolve(sceneId).normalize();
        if (!d.getParent().equals(root) || sceneId.startsWith(TEMP_PREFIX)) {
            throw new IllegalArgumentException("not a scene id: '" + sceneId + "'");
        }
        return d;
    }

    private Path indexPath(String sceneId, String index) { return dir(sceneId).resolve(index + ".tif"); }

    private Path existing(String sceneId, String index) {
        Path p = indexPath(sceneId, index);
        if (!Files.isRegularFile(p)) throw new NoSuchElementException("scene " + sceneId + " has no stored " + index + " raster");
        return p;
    }

    @Override
    public void forget(String sceneId) {
        requiredBytes.keySet().removeIf(k -> k.startsWith(sceneId + "/"));
        opened.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(sceneId + "/")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(q);
        } catch (IOException e) {
            throw new StoreException("cannot delete " + p, e);
        }
    }
}
