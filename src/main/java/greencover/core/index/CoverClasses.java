package greencover.core.index;

/**
 * The green-cover classes shared by the {@code greencover} map layer, its legend and each site's
 * {@code classAreasM2}: bare &lt; 0.2 &le; sparse &lt; 0.4 &le; moderate &lt; 0.6 &le; dense (NDVI).
 * A value equal to a break belongs to the upper class.
 */
public final class CoverClasses {
    /** Lower NDVI bound of sparse, moderate and dense. */
    public static final double[] BREAKS = {0.2, 0.4, 0.6};
    /** Class keys, lowest first; part of the public API (JSON keys, legend labels, style names). */
    public static final String[] NAMES = {"bare", "sparse", "moderate", "dense"};

    private CoverClasses() {}

    /** Index into {@link #NAMES} of the class of {@code ndvi}; -1 for NaN. */
    public static int classOf(double ndvi) {
        if (Double.isNaN(ndvi)) return -1;
        int k = 0;
        while (k < BREAKS.length && ndvi >= BREAKS[k]) k++;
        return k;
    }
}
