package greencover.service.map;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps recently used encoded maps and tiles in memory, evicting the least recently used once their total
 * size passes {@code maxBytes}. Keys must hold everything that changes the bytes, including the data they were
 * made from (for maps: the id and revision of every scene they composite, {@code CachedMapRenderer}), so entries
 * of data that changed are never hit again and simply age out: no write empties the cache. Thread-safe; two threads that miss the
 * same key may both produce it (the second result wins), which is harmless for deterministic renders.
 */
public final class MapCache {
    /** The default budget: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final long maxBytes;
    private final LinkedHashMap<String, CachedImage> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long totalBytes;
    private long hits;
    private long misses;
    private long evictions;

    public MapCache(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must be >= 0 but was " + maxBytes);
        this.maxBytes = maxBytes;
    }

    /**
     * The entry for {@code key} ({@link CachedImage#cached()} true), or the one {@code producer} makes (outside the
     * lock) when absent, which is kept for the next caller.
     */
    public CachedImage get(String key, Supplier<CachedImage> producer) {
        synchronized (this) {
            CachedImage hit = entries.get(key);
            if (hit != null) {
                hits++;
                return hit.asHit();
            }
            misses++;
        }
        CachedImage made = producer.get();
        put(key, made);
        return made;
    }

    /** The entry for {@code key}, or null. */
    public synchronized CachedImage peek(String key) { return entries.get(key); }

    private synchronized void put(String key, CachedImage value) {
        long size = value.bytes().length;
        if (size > maxBytes) return;
        CachedImage old = entries.put(key, value);
        if (old != null) totalBytes -= old.bytes().length;
        totalBytes += size;
        Iterator<Map.Entry<String, CachedImage>> it = entries.entrySet().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            totalBytes -= it.next().getValue().bytes().length;
            it.remove();
            evictions++;
        }
    }

    public synchronized long totalBytes() { return totalBytes; }

    public synchronized int size() { return entries.size(); }

    public synchronized long hits() { return hits; }

    public synchronized long misses() { return misses; }

    /**
     * How many entries were dropped to keep within the byte budget (a replaced entry and one too large to keep are
     * not evictions).
     */
    public synchronized long evictions() { return evictions; }

    /** The byte budget. */
    public long maxBytes() { return maxBytes; }
}
