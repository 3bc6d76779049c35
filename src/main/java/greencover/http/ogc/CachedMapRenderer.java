package greencover.http.ogc;

import greencover.service.map.MapData;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRenderer;
import greencover.service.map.MapRequest;
import greencover.service.map.PointInfo;
import greencover.service.map.RenderedMap;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.geotools.referencing.CRS;

/**
 * Renders maps, tiles and legends through a {@link MapCache}, compositing several layers when asked, and
 * names each result by a canonical key that is the same whatever protocol asked for it (WMS, WMTS, XYZ):
 * layer, style, time, composite, CRS, bbox, size, format, transparency, background and the data version.
 * The ETag is a hash of that key, so a client's {@code If-None-Match} can be answered without rendering.
 * A transparent PNG in which the renderer found no data is replaced by one shared blank PNG of that size.
 */
public final class CachedMapRenderer {
    private final MapRenderer renderer;
    private final MapData data;
    private final MapCache cache;
    private final Map<Long, byte[]> emptyPngs = new ConcurrentHashMap<>();
    private volatile LayersAt layers = new LayersAt(Long.MIN_VALUE, List.of());

    private record LayersAt(long version, List<MapLayer> layers) {}

    public CachedMapRenderer(MapRenderer renderer, MapData data, MapCache cache) {
        if (renderer == null) throw new IllegalArgumentException("renderer must not be null");
        if (data == null) throw new IllegalArgumentException("data must not be null");
        if (cache == null) throw new IllegalArgumentException("cache must not be null");
        this.renderer = renderer;
        this.data = data;
        this.cache = cache;
    }

    /** The offered layers, asked of the renderer once per data version. */
    public List<MapLayer> layers() {
        long v = data.version();
        LayersAt at = layers;
        if (at.version() != v) {
            at = new LayersAt(v, List.copyOf(renderer.layers()));
            layers = at;
        }
        return at.layers();
    }

    /** The layer named {@code name}, if offered. */
    public Optional<MapLayer> layer(String name) {
        return layers().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The current data version (changes on ingest and delete). */
    public long dataVersion() { return data.version(); }

    /** The spectral indices of the renderer: the keys accepted as {@code index=} and offered as layers. */
    public greencover.core.index.SpectralIndices indices() { return renderer.indices(); }

    /** The canonical cache key of a map made of {@code requests} (bottom first) at the current data version. */
    public String keyOf(List<MapRequest> requests) {
        StringBuilder k = new StringBuilder("map|v").append(data.version());
        for (MapRequest r : requests) {
            k.append('|').append(r.layer()).append(',').append(r.style()).append(',').append(r.time())
                    .append(',').append(r.composite()).append(',').append(CRS.toSRS(r.crs()))
                    .append(',').append(r.minX()).append(',').append(r.minY()).append(',').append(r.maxX())
                    .append(',').append(r.maxY()).append(',').append(r.width()).append('x').append(r.height())
                    .append(',').append(r.format()).append(',').append(r.transparent())
                    .append(',').append(Integer.toHexString(r.bgColorRgb()));
        }
        return k.toString();
    }

    /** The strong ETag (quoted) of the entry under {@code key}. */
    public static String etagOf(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(h, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Renders the layers of {@code requests} on top of each other (first at the bottom), from the cache when
     * possible. All requests must share extent, size and format.
     *
     * @throws greencover.service.map.MapException as the renderer does
     */
    public CachedImage render(List<MapRequest> requests) {
        if (requests.isEmpty()) throw new IllegalArgumentException("requests must not be empty");
        String key = keyOf(requests);
        return cache.get(key, () -> {
            RenderedMap m = requests.size() == 1 ? renderer.render(requests.get(0))
                    : LayerCompositor.composite(renderer, requests);
            MapRequest r = requests.get(0);
            byte[] bytes = m.empty() && r.transparent() && r.format().equals("image/png")
                    ? emptyPng(r.width(), r.height()) : m.bytes();
            return new CachedImage(bytes, m.contentType(), etagOf(key), System.currentTimeMillis(), m.empty());
        });
    }

    /** One shared fully transparent PNG per size, so empty tiles cost their bytes once. */
    private byte[] emptyPng(int width, int height) {
        return emptyPngs.computeIfAbsent(((long) width << 32) | height, k -> LayerCompositor.encode(
                new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), false));
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
