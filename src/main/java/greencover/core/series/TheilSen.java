package greencover.core.series;

/**
 * Fits a Theil–Sen line (Sen 1968, JASA 63:1379–1389): the slope is the median of (y_j − y_i)/(x_j − x_i)
 * over all pairs i &lt; j with x_i ≠ x_j, the intercept the median of y_i − slope·x_i. Robust to outliers: up
 * to about 29 % of the points can be arbitrary without moving the slope far. Values of y within a relative 1e-9 are
 * ties ({@link Ties}), so their pairs have slope exactly 0 instead of floating-point noise.
 *
 * <p>The 95 % confidence interval is Sen's rank interval (Sen 1968; Gilbert 1987, §16.5): with the N pairwise slopes
 * sorted and C = z_{0.975}·√Var(S), the limits are the slopes of (1-based) ranks M1 = (N − C)/2 and M2 + 1 =
 * (N + C)/2 + 1, each rounded to the nearest integer (halves to even) and kept within 1..N. Var(S) is the
 * Mann–Kendall variance of the test in use (tie-corrected; the seasonal sum for the seasonal slope; the
 * Hamed–Rao corrected one for that test). The interval is NaN for fewer than three points.
 *
 * <p>Points whose x or y is NaN are skipped. Pairs with equal x are skipped. Cost is O(n² log n) time and
 * O(n²) memory, fine for the few hundred observations of a site series.
 */
public final class TheilSen {
    /** The standard normal quantile of 0.975: the interval is a 95 % one. */
    public static final double Z_975 = MannKendall.Z_975;

    private TheilSen() {}

    /**
     * Fits the line through the points ({@code x[i]}, {@code y[i]}), with the interval from the classic
     * tie-corrected Mann–Kendall variance of y.
     *
     * @throws IllegalArgumentException naming {@code y} when the lengths differ
     */
    public static TheilSenFit fit(double[] x, double[] y) {
        return fit(x, y, null, Double.NaN);
    }

    /**
     * Fits the line with slopes only between points of the same {@code season} (the seasonal Kendall slope of
     * Hirsch et al. 1982) when {@code season} is not null; the interval uses {@code varS} when it is a number, else
     * the classic variance of y.
     *
     * @throws IllegalArgumentException naming {@code y} or {@code season} when the lengths differ
     */
    public static TheilSenFit fit(double[] x, double[] y, int[] season, double varS) {
        if (x == null) throw new IllegalArgumentException("x must not be null");
        if (y == null) throw new IllegalArgumentException("y must not be null");
        if (x.length != y.length) {
            throw new IllegalArgumentException("y must have the length of x (" + x.length + ") but has " + y.length);
        }
        if (season != null && season.length != x.length) {
            throw new IllegalArgumentException("season must have the length of x (" + x.length + ") but has " + season.length);
        }
        double[] sy = Ties.snapped(y);
        double[] px = new double[x.length], py = new double[x.length];
        int[] ps = new int[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(sy[i])) {
                px[n] = x[i];
                py[n] = sy[i];
                ps[n] = season == null ? 0 : season[i];
                n++;
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        if (pairs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("y has " + n + " values, too many for the O(n²) Theil–Sen estimator");
        }
        double[] slopes = new double[(int) pairs];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = px[j] - px[i];
                if (dx != 0 && ps[i] == ps[j]) slopes[m++] = (py[j] - py[i]) / dx;
            }
        }
        double slope = Medians.ofInPlace(slopes, m); // sorts slopes[0 .. m)
        if (Double.isNaN(slope)) return new TheilSenFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, n);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = py[i] - slope * px[i];
        double intercept = Medians.ofInPlace(residuals, n);
        double var = Double.isNaN(varS) ? MannKendall.variance(java.util.Arrays.copyOf(py, n)) : varS;
        double lower = Double.NaN, upper = Double.NaN;
        if (n >= 3 && var >= 0) {
            double c = Z_975 * Math.sqrt(var);
            int lo = (int) Math.rint((m - c) / 2) - 1, hi = (int) Math.rint((m + c) / 2);
            lower = slopes[Math.max(0, Math.min(m - 1, lo))];
            upper = slopes[Math.max(0, Math.min(m - 1, hi))];
        }
        return new TheilSenFit(slope, intercept, lower, upper, n);
    }

    /** The Theil–Sen slope of the points; see {@link #fit}. */
    public static double slope(double[] x, double[] y) {
        return fit(x, y).slope();
    }
}
