package greencover.core.index;

/**
 * The dimidiate (pixel dichotomy) model of fractional vegetation cover:
 * FVC = clamp((NDVI − ndviSoil) / (ndviVeg − ndviSoil), 0, 1)
 * (Gutman &amp; Ignatov 1998, IJRS 19(8); Carlson &amp; Ripley 1997, RSE 62).
 *
 * <p>Endmembers should be held fixed across the years of a trend (computed once from a large reference
 * region or reference polygons); per-image percentiles inside a small site re-normalise FVC every year and
 * hide greening (DOMAIN §4.3).
 *
 * @param ndviSoil NDVI of bare soil (FVC 0)
 * @param ndviVeg  NDVI of full vegetation cover (FVC 1), greater than {@code ndviSoil}
 */
public record Fvc(double ndviSoil, double ndviVeg) {

    /**
     * Default bare-soil NDVI, 0.2: the mean over 2,906 soil samples in Montandon &amp; Small 2008
     * (RSE 112(4), 0.2 ± 0.1). The often assumed ~0.05 overestimates FVC by more than 0.2 for NDVI 0.2–0.4.
     */
    public static final double DEFAULT_NDVI_SOIL = 0.2;
    /**
     * Default full-cover NDVI, 0.86: the upper part of the range of dense canopy in correctly offset
     * Sentinel-2 L2A data (subtropical evergreen forest 0.75–0.88 in summer, Serbian oak forest 0.80–0.88 in
     * June–July; DOMAIN §4.5, estimates). Taken just below the top of those ranges so that closed canopy
     * reaches FVC 1 while ordinary summer forest stays slightly below it, like a 95th-percentile endmember.
     */
    public static final double DEFAULT_NDVI_VEG = 0.86;

    private static final Fvc DEFAULTS = new Fvc(DEFAULT_NDVI_SOIL, DEFAULT_NDVI_VEG);

    public Fvc {
        if (!Double.isFinite(ndviSoil) || ndviSoil < -1 || ndviSoil > 1) {
            throw new IllegalArgumentException("ndviSoil must be in [-1, 1] but was " + ndviSoil);
        }
        if (!Double.isFinite(ndviVeg) || ndviVeg < -1 || ndviVeg > 1) {
            throw new IllegalArgumentException("ndviVeg must be in [-1, 1] but was " + ndviVeg);
        }
        if (!(ndviSoil < ndviVeg)) {
            throw new IllegalArgumentException("ndviSoil must be less than ndviVeg but was ndviSoil=" + ndviSoil
                    + ", ndviVeg=" + ndviVeg);
        }
    }

    /** The model with {@link #DEFAULT_NDVI_SOIL} and {@link #DEFAULT_NDVI_VEG}. */
    public static Fvc defaults() { return DEFAULTS; }

    /** The cover fraction (0–1) of a pixel of NDVI {@code ndvi}; NaN for NaN. */
    public double fractionOf(double ndvi) {
        double f = (ndvi - ndviSoil) / (ndviVeg - ndviSoil);
        return f < 0 ? 0 : f > 1 ? 1 : f;
    }

    /** Computes {@link #fractionOf} for {@code ndvi[0 .. n)} into {@code out}; NaN stays NaN. */
    public void compute(int n, float[] ndvi, float[] out) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative but was " + n);
        if (ndvi == null || ndvi.length < n) throw new IllegalArgumentException("ndvi must hold n = " + n + " values");
        if (out == null || out.length < n) throw new IllegalArgumentException("out must hold n = " + n + " values");
        double soil = ndviSoil, span = ndviVeg - ndviSoil;
        for (int i = 0; i < n; i++) {
            double f = (ndvi[i] - soil) / span;
            out[i] = (float) (f < 0 ? 0 : f > 1 ? 1 : f);
        }
    }
}
