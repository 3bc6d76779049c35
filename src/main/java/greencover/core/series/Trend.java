package greencover.core.series;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A monotonic trend of one metric over time: the Theil–Sen slope per year with the Mann–Kendall test.
 *
 * @param metric         what was analysed, e.g. "ndvi_mean" or "green_cover_pct"
 * @param slopePerYear   Theil–Sen slope in metric units per year (a year is 365.25 days)
 * @param interceptValue the fitted line's value at the first date of the series
 * @param mannKendallZ   Mann–Kendall Z (NaN for fewer than 3 values)
 * @param mannKendallP   two-sided Mann–Kendall p-value (NaN for fewer than 3 values)
 * @param n              number of non-NaN values used
 * @param method         the slope estimator, always {@value #METHOD}
 */
public record Trend(String metric, double slopePerYear, double interceptValue, double mannKendallZ,
                    double mannKendallP, int n, String method) {

    /** The slope estimator named in {@link #method()}. */
    public static final String METHOD = "theil-sen";
    /** Days in the year unit of {@link #slopePerYear()}. */
    public static final double DAYS_PER_YEAR = 365.25;

    /**
     * Computes the trend of {@code values} observed on {@code dates}. Time is measured in fractional years
     * (days / 365.25) since {@code dates.get(0)}; NaN values are skipped (their dates still count as the origin).
     *
     * @param dates  observation dates in non-decreasing order
     * @param values one value per date
     * @throws IllegalArgumentException naming {@code dates} when empty, out of order or containing null, or
     *         {@code values} when the lengths differ
     */
    public static Trend of(String metric, List<LocalDate> dates, double[] values) {
        if (dates == null || dates.isEmpty()) throw new IllegalArgumentException("dates must not be empty");
        if (values == null || values.length != dates.size()) {
            throw new IllegalArgumentException("values must have one value per date (" + dates.size() + ") but has "
                    + (values == null ? "none" : values.length));
        }
        LocalDate origin = dates.get(0);
        double[] t = new double[values.length];
        for (int i = 0; i < t.length; i++) {
            LocalDate d = dates.get(i);
            if (d == null) throw new IllegalArgumentException("dates must not contain null (index " + i + ")");
            if (i > 0 && d.isBefore(dates.get(i - 1))) {
                throw new IllegalArgumentException("dates must be in non-decreasing order but " + d
                        + " follows " + dates.get(i - 1));
            }
            t[i] = ChronoUnit.DAYS.between(origin, d) / DAYS_PER_YEAR;
        }
        TheilSenFit fit = TheilSen.fit(t, values);
        MannKendallResult mk = MannKendall.test(values);
        return new Trend(metric, fit.slope(), fit.intercept(), mk.z(), mk.p(), mk.n(), METHOD);
    }
}
