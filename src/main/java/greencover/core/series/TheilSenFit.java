package greencover.core.series;

/**
 * A Theil–Sen line y = intercept + slope·x.
 *
 * @param slope     median of the pairwise slopes, in y units per x unit; NaN when no pair has distinct x
 * @param intercept median of y − slope·x over the points used; NaN when the slope is NaN
 * @param lower     lower limit of the slope's 95 % confidence interval (Sen 1968); NaN for fewer than 3 points
 * @param upper     upper limit of that interval
 * @param n         number of points used (pairs with NaN in x or y are left out)
 */
public record TheilSenFit(double slope, double intercept, double lower, double upper, int n) {

    /** The line's y at {@code x}. */
    public double valueAt(double x) { return intercept + slope * x; }
}
