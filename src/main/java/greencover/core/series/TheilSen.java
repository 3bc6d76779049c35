package greencover.core.series;

/**
 * Fits a Theil–Sen line (Sen 1968, JASA 63:1379–1389): the slope is the median of (y_j − y_i)/(x_j − x_i)
 * over all pairs i &lt; j with x_i ≠ x_j, the intercept the median of y_i − slope·x_i. Robust to outliers: up
 * to about 29 % of the points can be arbitrary without moving the slope far.
 *
 * <p>Points whose x or y is NaN are skipped. Pairs with equal x are skipped. Cost is O(n² log n) time and
 * O(n²) memory, fine for the few hundred observations of a site series.
 */
public final class TheilSen {

    private TheilSen() {}

    /**
     * Fits the line through the points ({@code x[i]}, {@code y[i]}).
     *
     * @throws IllegalArgumentException naming {@code y} when the lengths differ
     */
    public static TheilSenFit fit(double[] x, double[] y) {
        if (x == null) throw new IllegalArgumentException("x must not be null");
        if (y == null) throw new IllegalArgumentException("y must not be null");
        if (x.length != y.length) {
            throw new IllegalArgumentException("y must have the length of x (" + x.length + ") but has " + y.length);
        }
        double[] px = new double[x.length], py = new double[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                px[n] = x[i];
                py[n] = y[i];
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
                if (dx != 0) slopes[m++] = (py[j] - py[i]) / dx;
            }
        }
        double slope = Medians.ofInPlace(slopes, m);
        if (Double.isNaN(slope)) return new TheilSenFit(Double.NaN, Double.NaN, n);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = py[i] - slope * px[i];
        return new TheilSenFit(slope, Medians.ofInPlace(residuals, n), n);
    }

    /** The Theil–Sen slope of the points; see {@link #fit}. */
    public static double slope(double[] x, double[] y) {
        return fit(x, y).slope();
    }
}
