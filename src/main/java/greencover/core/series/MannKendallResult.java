package greencover.core.series;

/**
 * The outcome of a {@link MannKendall} test.
 *
 * @param s    Kendall's S = Σ_{i&lt;j} sgn(y_j − y_i); positive for an increasing series
 * @param varS variance of S under no trend, with the tie correction
 * @param z    normal score with continuity correction; NaN when n &lt; 3
 * @param p    two-sided p-value; NaN when n &lt; 3
 * @param n    number of (non-NaN) values tested
 */
public record MannKendallResult(long s, double varS, double z, double p, int n) {

    /** True when the two-sided test rejects "no trend" at level {@code alpha} (false when p is NaN). */
    public boolean isSignificant(double alpha) { return p < alpha; }
}
