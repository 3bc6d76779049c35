package greencover.service.series;

import java.util.Optional;

/**
 * Where a series' FVC endmembers come from.
 * <ul>
 *   <li>{@link #SITE} (the default): the site's stored {@code ndviSoil} and {@code ndviVeg}.</li>
 *   <li>{@link #REFERENCE}: derived and held fixed over the years, by the 5 % / 95 % cumulative-frequency rule of the
 *       dimidiate pixel model (FVC = (NDVI − NDVI_soil) / (NDVI_veg − NDVI_soil), Gutman &amp; Ignatov 1998, IJRS 19(8);
 *       Carlson &amp; Ripley 1997, RSE 62; the 5 %/95 % values are the usual choice of mine-restoration FVC studies).
 *       NDVI_veg is the 95 % value of the reference site's valid pixels (the undisturbed vegetation), NDVI_soil the
 *       5 % value of the site's own valid pixels (its bare spoil), each pooled over all ok observations of the query
 *       (area-weighted, from the stored 1e-4 histograms of the exact rule). Pooled over the years rather than per
 *       image, so that FVC is not re-normalised every year.</li>
 * </ul>
 */
public enum Endmembers {
    SITE("site"),
    REFERENCE("reference");

    /** The cumulative-frequency share of NDVI_soil. */
    public static final double SOIL_PERCENTILE = 0.05;
    /** The cumulative-frequency share of NDVI_veg. */
    public static final double VEG_PERCENTILE = 0.95;

    private final String key;

    Endmembers(String key) { this.key = key; }

    public String key() { return key; }

    public static Optional<Endmembers> find(String key) {
        for (Endmembers e : values()) if (e.key.equals(key)) return Optional.of(e);
        return Optional.empty();
    }
}
