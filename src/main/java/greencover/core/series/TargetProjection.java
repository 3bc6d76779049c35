package greencover.core.series;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * When a site's metric reaches a target value (a green fraction or a mean index to rise to), from its observations
 * and their {@link Trend}.
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>No observation: {@code not-projected} ("no ok observation").</li>
 *   <li>The latest observation is at or above the target (values within a relative 1e-9 count as equal, {@link Ties}):
 *       {@code reached}, {@code reachedOn} = the first date of the final run of observations at or above it.</li>
 *   <li>Fewer than 3 observations, a Mann–Kendall p at or above 0.05, or a slope that is not positive:
 *       {@code not-projected} with that reason.</li>
 *   <li>Otherwise {@code projected}: {@code projectedDate} is where the Theil–Sen line y = intercept + slope·t (t in
 *       years of 365.25 days since the first observation) crosses the target, rounded to the day.
 *       {@code projectedDateLow} and {@code projectedDateHigh} are the crossings of the lines with the interval's upper
 *       and lower slopes through the fitted line's value at the median observation time (the pivot the slope interval
 *       turns about); a limit whose slope is not positive never crosses and is null ({@code projectedDateHigh} then has
 *       a note).</li>
 * </ol>
 *
 * @param metric            the metric compared, e.g. {@code greenFraction} or {@code mean}
 * @param value             the target value
 * @param status            {@code reached}, {@code projected} or {@code not-projected}
 * @param reachedOn         for {@code reached}
 * @param projectedDate     for {@code projected}
 * @param projectedDateLow  the earliest date of the interval (upper slope), or null
 * @param projectedDateHigh the latest date of the interval (lower slope), or null when that slope is not positive
 * @param reason            why {@code not-projected}, or a note; null otherwise
 */
public record TargetProjection(String metric, double value, String status, LocalDate reachedOn, LocalDate projectedDate,
                               LocalDate projectedDateLow, LocalDate projectedDateHigh, String reason) {
    public static final String REACHED = "reached";
    public static final String PROJECTED = "projected";
    public static final String NOT_PROJECTED = "not-projected";
    /** The significance level a trend must reach to be projected. */
    public static final double ALPHA = 0.05;

    /**
     * Projects {@code values} (observed on {@code dates}, ascending, NaN skipped), whose trend is {@code trend}
     * (fitted on the same values with time since {@code dates.get(0)} of the finite ones), to {@code target}.
     */
    public static TargetProjection of(String metric, double target, List<LocalDate> dates, double[] values, Trend trend) {
        int last = -1, first = -1;
        for (int i = 0; i < values.length; i++) if (Double.isFinite(values[i])) { last = i; if (first < 0) first = i; }
        if (last < 0) return notProjected(metric, target, "no ok observation");
        if (atLeast(values[last], target)) {
            int run = last;
            for (int i = last - 1; i >= 0; i--) {
                if (!Double.isFinite(values[i])) continue;
                if (!atLeast(values[i], target)) break;
                run = i;
            }
            return new TargetProjection(metric, target, REACHED, dates.get(run), null, null, null, null);
        }
        if (trend.n() < 3 || Double.isNaN(trend.mannKendallP())) {
            return notProjected(metric, target, "fewer than 3 ok observations (" + trend.n() + ")");
        }
        if (!(trend.mannKendallP() < ALPHA)) {
            return notProjected(metric, target, String.format(Locale.ROOT, "trend not significant (Mann-Kendall p = %.3g, not below %s)",
                    trend.mannKendallP(), ALPHA));
        }
        if (!(trend.slopePerYear() > 0)) {
            return notProjected(metric, target, "the trend does not rise towards the target (slope " + trend.slopePerYear() + " per year)");
        }
        LocalDate origin = dates.get(first);
        double[] t = new double[values.length];
        int m = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) t[m++] = ChronoUnit.DAYS.between(origin, dates.get(i)) / Trend.DAYS_PER_YEAR;
        }
        double pivotT = medianYears(java.util.Arrays.copyOf(t, m));
        double pivotY = trend.interceptValue() + trend.slopePerYear() * pivotT;
        LocalDate at = dateAt(origin, (target - trend.interceptValue()) / trend.slopePerYear());
        LocalDate low = trend.slopeUpperPerYear() > 0 ? dateAt(origin, pivotT + (target - pivotY) / trend.slopeUpperPerYear()) : null;
        LocalDate high = trend.slopeLowerPerYear() > 0 ? dateAt(origin, pivotT + (target - pivotY) / trend.slopeLowerPerYear()) : null;
        String note = high == null ? "the slope interval's lower limit is not positive: no latest date" : null;
        return new TargetProjection(metric, target, PROJECTED, null, at, low, high, note);
    }

    /**
     * The median of {@code years} (times in years since the first observation; the mean of the two middle ones for an
     * even count): the time the slope interval's lines turn about, with the fitted line's value there. NaN when empty.
     */
    public static double medianYears(double[] years) {
        if (years.length == 0) return Double.NaN;
        double[] t = years.clone();
        java.util.Arrays.sort(t);
        int m = t.length;
        return m % 2 == 1 ? t[m / 2] : (t[m / 2 - 1] + t[m / 2]) / 2;
    }

    private static boolean atLeast(double v, double target) { return v >= target || Ties.tied(v, target); }

    private static LocalDate dateAt(LocalDate origin, double years) {
        double days = Math.rint(years * Trend.DAYS_PER_YEAR);
        if (!(Math.abs(days) < 3_650_000)) return null; // beyond ±10 000 years: no date worth stating
        return origin.plusDays((long) days);
    }

    private static TargetProjection notProjected(String metric, double target, String reason) {
        return new TargetProjection(metric, target, NOT_PROJECTED, null, null, null, null, reason);
    }
}
