package greencover.service.series;

import greencover.core.series.TrendTestKind;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.service.error.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * What a site's time series is asked for, fully typed (the protocol layers parse into it).
 *
 * @param index     the key of a registered spectral index, e.g. {@code ndvi}
 * @param dates     the acquisition dates included
 * @param threshold the green threshold in [-1, 1], or null for the site's own {@code greenThreshold}
 * @param minValid  the clear fraction ({@code clearFraction}: valid land plus water) in [0, 1] at or above which a
 *                  point is {@link SeriesPoint.Quality#OK}; the same as the valid fraction on sites without water,
 *                  so the parameter keeps its name and default
 * @param rule      how pixels on the site's boundary count
 * @param composite the annual reduction, if any
 * @param trend     the statistic the trend is fitted on; must be {@link Statistic#isTrendable() trendable}
 * @param trendTest the Mann–Kendall variant and its slope ({@link TrendTestKind#MK} by default)
 * @param sensors   the sensor ids whose scenes enter (registry ids, compared ignoring case, '-' and '_'); empty for all
 * @param harmonize whether Sentinel-2 enters on the OLI scale ({@link Harmonize#AUTO} by default)
 * @param months    the months observations are taken from (all by default)
 * @param minObservations the fewest clear observations a pixel needs in a per-pixel composite (1 by default); only
 *                  with {@link Composite#isPerPixel() per-pixel} composites
 * @throws InvalidInputException naming the field when a value is out of range; NullPointerException for a null
 *         component other than {@code threshold}
 */
public record SeriesQuery(String index, DateRange dates, Double threshold, double minValid, PixelRule rule,
                          Composite composite, Statistic trend, TrendTestKind trendTest, List<String> sensors,
                          Harmonize harmonize, MonthWindow months, int minObservations) {
    /** The default clear fraction of an ok point. */
    public static final double DEFAULT_MIN_VALID = 0.6;

    public SeriesQuery {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(dates, "dates");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(composite, "composite");
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(trendTest, "trendTest");
        sensors = List.copyOf(sensors);
        Objects.requireNonNull(harmonize, "harmonize");
        Objects.requireNonNull(months, "months");
        if (minObservations < 1 || minObservations > 366) {
            throw InvalidInputException.invalid("minObservations", "minObservations must be in 1..366 but was " + minObservations);
        }
        if (minObservations != 1 && !composite.isPerPixel()) {
            throw InvalidInputException.invalid("minObservations", "minObservations applies to composite=pixel-max or pixel-median, not "
                    + composite.key());
        }
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw InvalidInputException.invalid("threshold", "threshold must be in [-1, 1] but was " + threshold);
        }
        if (!(minValid >= 0 && minValid <= 1)) {
            throw InvalidInputException.invalid("minValid", "minValid must be in [0, 1] but was " + minValid);
        }
        if (!trend.isTrendable()) {
            throw InvalidInputException.invalid("trend", "trend metric must be " + Statistic.trendableKeys()
                    + " but was '" + trend.key() + "'");
        }
    }

    /** The query with the classic Mann–Kendall test. */
    public SeriesQuery(String index, DateRange dates, Double threshold, double minValid, PixelRule rule,
                       Composite composite, Statistic trend) {
        this(index, dates, threshold, minValid, rule, composite, trend, TrendTestKind.MK, List.of(), Harmonize.AUTO, MonthWindow.ALL, 1);
    }

    /** NDVI over every date at the site's threshold, minValid 0.6, exact coverage, no composite, trend on the mean by the classic test. */
    public static SeriesQuery defaults() {
        return new SeriesQuery("ndvi", DateRange.ALL, null, DEFAULT_MIN_VALID, PixelRule.EXACT, Composite.NONE, Statistic.MEAN);
    }
}
