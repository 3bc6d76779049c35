package greencover.core.series;

/**
 * A Theil–Sen line y = intercept + slope·x.
 *
 * @param slope     median of the pairwise slopes, in y units per x unit; NaN when no pair has distinct x
 * @param intercept median of y − slope·x over the points used; NaN when the slope is NaN
 * @param n         number of points used (pairs with NaN in x or y are left out)
 */
public record TheilSenFit(double slope, double intercept, int n) {

    /** The line's y at {@code x}. */
    public double valueAt(double x) { return intercept + slope * x; }
}
