package greencover.service.series;

import java.util.Optional;

/**
 * Whether a series puts Sentinel-2 on the Landsat OLI scale (HLS bandpass adjustment, see
 * {@link greencover.core.raster.HlsBandpass}).
 */
public enum Harmonize {
    /**
     * The default: {@link #HLS} when the series' scenes over the site include both a Landsat (OLI) scene and a scene
     * with HLS-adjusted rasters (Sentinel-2 with B8A), else {@link #NONE}: a single-sensor series keeps its own values.
     */
    AUTO("auto"),
    /** Sentinel-2 scenes with B8A enter as their HLS-adjusted index; OLI unchanged; others unchanged and marked none. */
    HLS("hls"),
    /** Every scene enters with its own index (Sentinel-2 NIR = B08). */
    NONE("none");

    private final String key;

    Harmonize(String key) { this.key = key; }

    /** The published name. */
    public String key() { return key; }

    /** The value published as {@code key}, if any. */
    public static Optional<Harmonize> find(String key) {
        for (Harmonize h : values()) if (h.key.equals(key)) return Optional.of(h);
        return Optional.empty();
    }
}
