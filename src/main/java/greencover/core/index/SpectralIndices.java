package greencover.core.index;

import greencover.core.raster.BandRole;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable registry of {@link SpectralIndex}es by key. The keys of {@link #defaults()} are part of the
 * public API (request parameter {@code index=}):
 * <table>
 *   <caption>Built-in indices</caption>
 *   <tr><th>key</th><th>formula</th><th>bands</th></tr>
 *   <tr><td>ndvi</td><td>(N − R)/(N + R)</td><td>red, nir</td></tr>
 *   <tr><td>savi</td><td>1.5 (N − R)/(N + R + 0.5)</td><td>red, nir</td></tr>
 *   <tr><td>msavi2</td><td>[2N + 1 − √((2N + 1)² − 8(N − R))]/2</td><td>red, nir</td></tr>
 *   <tr><td>evi</td><td>2.5 (N − R)/(N + 6R − 7.5B + 1), clamped to [-1, 1]</td><td>red, nir, blue</td></tr>
 *   <tr><td>ndmi</td><td>(N − SWIR1)/(N + SWIR1)</td><td>nir, swir1</td></tr>
 * </table>
 */
public final class SpectralIndices {

    public static final SpectralIndex NDVI =
            new NormalizedDifference("ndvi", "Normalized Difference Vegetation Index", BandRole.NIR, BandRole.RED);
    public static final SpectralIndex SAVI = new SoilAdjusted("savi", "Soil-Adjusted Vegetation Index", 0.5);
    public static final SpectralIndex MSAVI2 = new Msavi2();
    public static final SpectralIndex EVI = new EnhancedVegetation();
    public static final SpectralIndex NDMI =
            new NormalizedDifference("ndmi", "Normalized Difference Moisture Index", BandRole.NIR, BandRole.SWIR1);

    private static final SpectralIndices DEFAULTS = new SpectralIndices(List.of(NDVI, SAVI, MSAVI2, EVI, NDMI));

    private final Map<String, SpectralIndex> byKey;

    private SpectralIndices(List<SpectralIndex> indices) {
        Map<String, SpectralIndex> m = new LinkedHashMap<>();
        for (SpectralIndex i : indices) {
            if (m.putIfAbsent(i.key(), i) != null) {
                throw new IllegalArgumentException("index key " + i.key() + " is already registered");
            }
        }
        this.byKey = Collections.unmodifiableMap(m);
    }

    /** The built-in registry: ndvi, savi, msavi2, evi, ndmi, in that order. */
    public static SpectralIndices defaults() { return DEFAULTS; }

    /**
     * A new registry holding these indices plus {@code index}.
     *
     * @throws IllegalArgumentException naming {@code index} when its key is already registered
     */
    public SpectralIndices with(SpectralIndex index) {
        Objects.requireNonNull(index, "index");
        List<SpectralIndex> all = new ArrayList<>(byKey.values());
        all.add(index);
        return new SpectralIndices(all);
    }

    /** All keys in registration order. */
    public List<String> keys() { return List.copyOf(byKey.keySet()); }

    /** All indices in registration order. */
    public List<SpectralIndex> all() { return List.copyOf(byKey.values()); }

    /**
     * The index of key {@code key}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming {@code index} and the accepted keys when unknown
     */
    public SpectralIndex parse(String key) {
        SpectralIndex i = key == null ? null : byKey.get(key.trim().toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new IllegalArgumentException("index: unknown index '" + key + "'; accepted values are "
                    + String.join(", ", byKey.keySet()));
        }
        return i;
    }

    /** The indices whose required bands are all in {@code bands}, in registration order. */
    public List<SpectralIndex> available(Set<BandRole> bands) {
        Objects.requireNonNull(bands, "bands");
        List<SpectralIndex> out = new ArrayList<>();
        for (SpectralIndex i : byKey.values()) {
            if (bands.containsAll(i.requiredBands())) out.add(i);
        }
        return List.copyOf(out);
    }
}
