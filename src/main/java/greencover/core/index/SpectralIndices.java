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
 * public API (request parameter {@code index=}, layer names); every other list of indices (map layers, viewer,
 * OpenAPI document) is read from the registry the services are given. Each index documents its own formula and
 * bands; the built-in ones are added, one line each, in {@code builtIn()}.
 */
public final class SpectralIndices {

    /** NDVI = (N − R)/(N + R). */
    public static final SpectralIndex NDVI =
            new NormalizedDifference("ndvi", "Normalized Difference Vegetation Index", BandRole.NIR, BandRole.RED);
    /** SAVI = 1.5 (N − R)/(N + R + 0.5). */
    public static final SpectralIndex SAVI = new SoilAdjusted("savi", "Soil-Adjusted Vegetation Index", 0.5);
    public static final SpectralIndex MSAVI2 = new Msavi2();
    public static final SpectralIndex EVI = new EnhancedVegetation();
    /** NDMI = (N − SWIR1)/(N + SWIR1). */
    public static final SpectralIndex NDMI =
            new NormalizedDifference("ndmi", "Normalized Difference Moisture Index", BandRole.NIR, BandRole.SWIR1);

    private static final SpectralIndices DEFAULTS = builtIn();

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

    /** The built-in registry, in the order of {@code builtIn()}. */
    public static SpectralIndices defaults() { return DEFAULTS; }

    /** The built-in indices in registration order (the order of layers and lists); one line per index. */
    private static SpectralIndices builtIn() {
        List<SpectralIndex> all = new ArrayList<>();
        all.add(NDVI);
        all.add(SAVI);
        all.add(MSAVI2);
        all.add(EVI);
        all.add(NDMI);
        all.add(new Gndvi());
        return new SpectralIndices(all);
    }

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
