package greencover.service.map;

import greencover.service.admission.MemoryBudget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Renders maps, tiles and legends through a {@link MapCache}, stacking several layers when asked
 * ({@link LayerStack}), and names each result by a canonical key that is the same whatever protocol asked for it
 * (WMS, WMTS, XYZ): per layer, {@link MapRequest#key()} and a digest of the data the render reads
 * ({@link MapRenderer#inputs}: the id and revision of each scene it composites, or the sites' fingerprint). The
 * ETag is a hash of that key, so a client's {@code If-None-Match} can be answered without rendering.
 *
 * <p>Invalidation is per scene and date without any invalidation step: a write (ingest, delete, a scene marked
 * damaged, a site) commits a new catalog version before it is answered; the next read takes a new
 * {@link MapRenderer#snapshot snapshot} and its key, and renders from that same snapshot. So a map changes key (and
 * ETag) exactly when a scene of its time whose footprint meets its bbox changes (for the sites layer: when a site
 * changes), every other cached map stays a hit, and a read that starts after a write's answer never gets a map
 * made from the older data: its key names the data it was made from. A transparent PNG in which the renderer
 * found no data is replaced by one shared blank PNG of that size.
 *
 * <p>An uncached render first reserves its {@link MapRenderer#workingBytes working memory} from a
 * {@link MemoryBudget} (cache hits and 304s cost nothing): a map larger than the whole budget is a client error
 * ({@link MapRequestException} on {@code WIDTH}), and a map that finds no room within the budget's wait is refused
 * with an {@link greencover.service.error.OverloadedException}.
 */
public final class CachedMapRenderer {
    private final MapRenderer renderer;
    private final LayerStack stack;
    private final MapData data;
    private final MapCache cache;
    private final Map<Long, byte[]> emptyPngs = new ConcurrentHashMap<>();
    private final VersionedSnapshot<List<MapLayer>> layers;
    private final MemoryBudget memory;

    /** Renders without a memory bound worth the name (a 2 TiB budget): for tests and embedders. */
    public CachedMapRenderer(MapRenderer renderer, MapData data, MapCache cache) {
        this(renderer, data, cache, new MemoryBudget(MemoryBudget.MAX_CAPACITY_BYTES, java.time.Duration.ZERO));
    }

    /** @param memory the budget every uncached render reserves its working memory from */
    public CachedMapRenderer(MapRenderer renderer, MapData data, MapCache cache, MemoryBudget memory) {
        if (renderer == null) throw new IllegalArgumentException("renderer must not be null");
        if (data == null) throw new IllegalArgumentException("data must not be null");
        if (cache == null) throw new IllegalArgumentException("cache must not be null");
        this.renderer = renderer;
        this.stack = new LayerStack(renderer);
        this.data = data;
        this.cache = cache;
        this.memory = java.util.Objects.requireNonNull(memory, "memory");
        this.layers = new VersionedSnapshot<>(data::version, v -> List.copyOf(renderer.layers()));
    }

    /** The offered layers, asked of the renderer once per data version. */
    public List<MapLayer> layers() { return layers.get(); }

    /** The layer named {@code name}, if offered. */
    public Optional<MapLayer> layer(String name) {
        return layers().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The current data version (changes on ingest and delete). */
    public long dataVersion() { return data.version(); }

    /** The cache shared by every protocol (for metrics: size, bytes, hits, misses). */
    public MapCache cache() { return cache; }

    /** The spectral indices of the renderer: the keys accepted as {@code index=} and offered as layers. */
    public greencover.core.index.SpectralIndices indices() { return renderer.indices(); }

    /**
     * The canonical cache key of a map made of {@code requests} (bottom first) from the current data.
     *
     * @throws MapRequestException as {@link #render} would for a layer, style or TIME the data cannot serve
     */
    public String keyOf(List<MapRequest> requests) { return keyOf(renderer.snapshot(), requests); }

    private String keyOf(LayerCatalog cat, List<MapRequest> requests) {
        StringBuilder k = new StringBuilder("map");
        for (MapRequest r : requests) k.append('|').append(r.key()).append('|').append(digest(renderer.inputs(cat, r)));
        return k.toString();
    }

    /** The strong ETag (quoted) of the entry under {@code key}. */
    public static String etagOf(String key) { return '"' + digest(key) + '"'; }

    /** 128 bits of the SHA-256 of {@code text}, in hex. */
    private static String digest(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Renders the layers of {@code requests} on top of each other (first at the bottom), from the cache when
     * possible ({@link CachedImage#cached()} then true). All requests must share target grid, format and background.
     *
     * @throws MapRequestException as the renderer does, and ({@code INVALID_PARAMETER} on {@code WIDTH}) when the
     *         map needs more working memory than the whole budget
     * @throws greencover.service.error.OverloadedException when the budget has no room for it within its wait
     */
    public CachedImage render(List<MapRequest> requests) {
        if (requests.isEmpty()) throw new IllegalArgumentException("requests must not be empty");
        LayerCatalog cat = renderer.snapshot(); // the key and the render read the same data
        String key = keyOf(cat, requests);
        return cache.get(key, () -> {
            MapRequest first = requests.get(0);
            long need = renderer.workingBytes(cat, requests);
            String what = "a " + first.width() + " x " + first.height() + " map of " + requests.size()
                    + (requests.size() == 1 ? " layer" : " layers");
            if (!memory.fits(need)) {
                throw new MapRequestException(MapRequestException.Reason.INVALID_PARAMETER, "WIDTH", what + " needs about "
                        + (need >> 20) + " MiB of working memory, more than this server's budget of "
                        + (memory.capacityBytes() >> 20) + " MiB; ask for fewer pixels or layers");
            }
            RenderedMap m;
            try (MemoryBudget.Reservation held = memory.reserve(need, "WIDTH", what)) {
                m = requests.size() == 1 ? renderer.render(cat, first) : stack.render(cat, requests);
            }
            MapRequest r = requests.get(0);
            byte[] bytes = m.empty() && r.transparent() && r.format() == ImageFormat.PNG
                    ? emptyPng(r.width(), r.height()) : m.bytes();
            return new CachedImage(bytes, m.contentType(), etagOf(key), System.currentTimeMillis(), m.empty(),
                    false, m.time());
        });
    }

    /**
     * One shared fully transparent PNG per tile size (256 and 512 px squares), so empty tiles cost their bytes once;
     * other sizes, which any client may choose, are encoded each time so that the memo stays bounded.
     */
    private byte[] emptyPng(int width, int height) {
        if (width != height || (width != 256 && width != 512)) {
            return renderer.png().encodePalette(new byte[width * height], new int[] {0}, width, height);
        }
        return emptyPngs.computeIfAbsent(((long) width << 32) | height, k -> renderer.png().encodePalette(
                new byte[width * height], new int[] {0}, width, height));
    }

    /** The PNG legend of a layer and style (null for the default), from the cache when possible. */
    public CachedImage legend(String layer, String style) {
        String key = "legend|v" + data.version() + '|' + layer + '|' + style;
        return cache.get(key, () -> new CachedImage(renderer.legend(layer, style), "image/png", etagOf(key),
                System.currentTimeMillis(), false));
    }

    /** What the renderer finds at pixel ({@code i}, {@code j}) of {@code request}; not cached. */
    public PointInfo pointInfo(MapRequest request, int i, int j) {
        return renderer.pointInfo(request, i, j);
    }

    /**
     * A document (capabilities, TileJSON) kept in the cache under {@code key} plus the data version.
     *
     * @param producer builds the bytes when absent
     */
    public CachedImage document(String key, String contentType, Supplier<byte[]> producer) {
        String k = "doc|v" + data.version() + '|' + key;
        return cache.get(k, () -> new CachedImage(producer.get(), contentType, etagOf(k), System.currentTimeMillis(),
                false));
    }
}
