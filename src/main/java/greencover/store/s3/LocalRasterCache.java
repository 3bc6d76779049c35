package greencover.store.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The index rasters a server read from the bucket, kept as files under one folder ({@code {id}/{index}.tif}) up to a
 * number of bytes, least recently used first out. Evicting a file first tells {@code onEvict} (which closes the
 * opened raster), then deletes it: a read still going on through a memory mapping of it keeps reading (the mapping
 * outlives the name). The cache is emptied at start-up: what it held may belong to scenes deleted meanwhile.
 * Thread-safe.
 */
final class LocalRasterCache {
    private final Path root;
    private final long maxBytes;
    private final Consumer<String> onEvict;
    /** Sizes by {@code id/index}, in access order. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /**
     * @param onEvict told the key ({@code id/index}) of each file about to be removed, before it is deleted
     */
    LocalRasterCache(Path root, long maxBytes, Consumer<String> onEvict) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.onEvict = onEvict;
        S3SceneFileStore.deleteTree(root);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new greencover.domain.StoreException("cannot create the raster cache " + root, e);
        }
    }

    /** Where {@code id}'s raster {@code index} is kept (it may not be there). */
    Path path(String id, String index) { return root.resolve(id).resolve(index + ".tif"); }

    /** The folder of the cache (downloads are written beside their place, then renamed into it). */
    Path root() { return root; }

    /** Whether the file is held; marks it used. */
    synchronized boolean holds(String id, String index) {
        return entries.get(key(id, index)) != null && Files.isRegularFile(path(id, index));
    }

    /** Records the file now at {@link #path}, then evicts the least recently used others until the total fits. */
    void admitted(String id, String index) {
        long size;
        try {
            size = Files.size(path(id, index));
        } catch (IOException e) {
            return;
        }
        List<String> out = new ArrayList<>();
        synchronized (this) {
            Long old = entries.put(key(id, index), size);
            bytes += size - (old == null ? 0 : old);
            Iterator<Map.Entry<String, Long>> it = entries.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<String, Long> e = it.next();
                if (e.getKey().equals(key(id, index))) continue; // the one just asked for stays
                out.add(e.getKey());
                bytes -= e.getValue();
                it.remove();
            }
        }
        for (String k : out) remove(k);
    }

    /** Drops every file of {@code id}. */
    void dropScene(String id) {
        synchronized (this) {
            entries.entrySet().removeIf(e -> {
                if (!e.getKey().startsWith(id + "/")) return false;
                bytes -= e.getValue();
                return true;
            });
        }
        S3SceneFileStore.deleteTree(root.resolve(id));
    }

    /** The bytes held now. */
    synchronized long bytes() { return bytes; }

    private void remove(String key) {
        onEvict.accept(key);
        try {
            Files.deleteIfExists(root.resolve(key + ".tif"));
        } catch (IOException ignored) {
            // a later admission of the same key overwrites it
        }
    }

    private static String key(String id, String index) { return id + "/" + index; }
}
