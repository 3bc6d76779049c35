package greencover.core.series;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A monotonic trend of one metric over time: the Theil–Sen slope per year with its 95 % confidence interval and a
 * Mann–Kendall test ({@link TrendTestKind}).
 *
 * @param metric            what was analysed, e.g. "mean" or "greenAreaM2"
 * @param slopePerYear      Theil–Sen slope in metric units per year (a year is 365.25 days); the seasonal Kendall
 *                          slope for {@link TrendTestKind#SEASONAL_MK}
 * @param slopeLowerPerYear lower limit of the slope's 95 % interval (Sen 1968, from the test's Var(S)); NaN for n &lt; 3
 * @param slopeUpperPerYear upper limit of that interval
 * @param interceptValue    the fitted line's value at the first date of the series
 * @param mannKendallZ      Mann–Kendall Z of the test (NaN for fewer than 3 values)
 * @param mannKendallP      two-sided p-value of the test (NaN for fewer than 3 values)
 * @param n                 number of non-NaN values used
 * @param method            the slope estimator: {@value #METHOD}, or {@value #SEASONAL_METHOD} for the seasonal test
 * @param test              the Mann–Kendall variant
 */
public record Trend(String metric, double slopePerYear, double slopeLowerPerYear, double slopeUpperPerYear,
                    double interceptValue, double mannKendallZ, double mannKendallP, int n, String method, TrendTestKind test) {

    /** The slope estimator of the classic and Hamed–Rao tests. */
    public static final String METHOD = "theil-sen";
    /** The slope estimator of the seasonal test: the median of within-month pairwise slopes. */
    public static final String SEASONAL_METHOD = "seasonal-theil-sen";
    /** Days in the year unit of {@link #slopePerYear()}. */
    public static final double DAYS_PER_YEAR = 365.25;

    /** The trend of no values: NaN figures, n = 0. */
    public static Trend none(String metric, TrendTestKind test) {
        return new Trend(metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                test == TrendTestKind.SEASONAL_MK ? SEASONAL_METHOD : METHOD, test);
    }

    /** {@link #of(String, List, double[], TrendTestKind)} with the classic test. */
    public static Trend of(String metric, List<LocalDate> dates, double[] values) {
        return of(metric, dates, values, TrendTestKind.MK);
    }

    /**
     * Computes the trend of {@code values} observed on {@code dates}. Time is measured in fractional years
     * (days / 365.25) since {@code dates.get(0)}; NaN values are skipped (their dates still count as the origin).
     * The seasons of {@link TrendTestKind#SEASONAL_MK} are the calendar months of the dates.
     *
     * @param dates  observation dates in non-decreasing order
     * @param values one value per date
     * @throws IllegalArgumentException naming {@code dates} when empty, out of order or containing null, or
     *         {@code values} when the lengths differ
     */
    public static Trend of(String metric, List<LocalDate> dates, double[] values, TrendTestKind test) {
        if (dates == null || dates.isEmpty()) throw new IllegalArgumentException("dates must not be empty");
        if (values == null || values.length != dates.size()) {
            throw new IllegalArgumentException("values must have one value per date (" + dates.size() + ") but has "
                    + (values == null ? "none" : values.length));
        }
        if (test == null) throw new IllegalArgumentException("test must not be null");
        LocalDate origin = dates.get(0);
        double[] t = new double[values.length];
        int[] month = new int[values.length];
        for (int i = 0; i < t.length; i++) {
            LocalDate d = dates.get(i);
            if (d == null) throw new IllegalArgumentException("dates must not contain null (index " + i + ")");
            if (i > 0 && d.isBefore(dates.get(i - 1))) {
                throw new IllegalArgumentException("dates must be in non-decreasing order but " + d
                        + " follows " + dates.get(i - 1));
            }
            t[i] = ChronoUnit.DAYS.between(origin, d) / DAYS_PER_YEAR;
            month[i] = d.getMonthValue();
        }
        MannKendallResult mk = switch (test) {
            case MK -> MannKendall.test(values);
            case SEASONAL_MK -> MannKendall.seasonal(values, month);
            case HAMED_RAO -> MannKendall.hamedRao(values);
        };
        TheilSenFit fit = TheilSen.fit(t, values, test == TrendTestKind.SEASONAL_MK ? month : null, mk.varS());
        return new Trend(metric, fit.slope(), fit.lower(), fit.upper(), fit.intercept(), mk.z(), mk.p(), mk.n(),
                test == TrendTestKind.SEASONAL_MK ? SEASONAL_METHOD : METHOD, test);
    }
}
