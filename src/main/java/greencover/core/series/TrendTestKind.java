package greencover.core.series;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which Mann–Kendall variant tests a series for a monotonic trend; the slope estimator follows it.
 * <ul>
 *   <li>{@link #MK} (the default): the classic test (Mann 1945; Kendall 1975) with the tie correction of the variance,
 *       and the Theil–Sen slope over all pairs. Right for one value per year (an annual composite), where there is
 *       neither season nor, usually, serial correlation to speak of.</li>
 *   <li>{@link #SEASONAL_MK}: the seasonal Kendall test (Hirsch, Slack &amp; Smith 1982, Water Resources Research
 *       18(1):107–121) for a raw series with a seasonal cycle: S and its variance are summed over the twelve calendar
 *       months, comparing only observations of the same month, and the slope is the seasonal Kendall slope (the median
 *       of the within-month pairwise slopes).</li>
 *   <li>{@link #HAMED_RAO}: the modified test of Hamed &amp; Rao (1998, Journal of Hydrology 204:182–196) for serially
 *       correlated series: the variance of S is multiplied by n/n* = 1 + 2/(n(n−1)(n−2)) Σ (n−k)(n−k−1)(n−k−2) ρ_k
 *       over the lags k whose autocorrelation ρ_k of the ranks of the detrended series (values minus the Theil–Sen
 *       slope on the observation index) is significant at 5 % (|ρ_k| &gt; 1.96/√n); the slope is the ordinary
 *       Theil–Sen slope. Lags are counted in observations, so irregular sampling makes it approximate.</li>
 * </ul>
 */
public enum TrendTestKind {
    MK("mk"),
    SEASONAL_MK("seasonal-mk"),
    HAMED_RAO("hamed-rao");

    private final String key;

    TrendTestKind(String key) { this.key = key; }

    /** The published name: {@code mk}, {@code seasonal-mk} or {@code hamed-rao}. */
    public String key() { return key; }

    /** The test published as {@code key} (case-sensitive), if any. */
    public static Optional<TrendTestKind> find(String key) {
        for (TrendTestKind t : values()) if (t.key.equals(key)) return Optional.of(t);
        return Optional.empty();
    }

    /** Every key, in declaration order. */
    public static List<String> keys() { return Arrays.stream(values()).map(TrendTestKind::key).toList(); }
}
