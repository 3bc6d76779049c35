package greencover.core.zonal;

import greencover.core.index.CoverClasses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The published scalar statistics of a {@link ZonalStatistics}, in publication order: the one definition that the
 * JSON fields of a statistics object, the CSV columns of a series, the {@code trend=} metrics and the OpenAPI schema
 * are generated from. Adding a statistic is one constant here plus its component in {@link ZonalStatistics} (and
 * {@link ZonalStatistics.Builder}); nothing else lists them.
 *
 * <p>The class areas ({@link ZonalStatistics#classAreasM2()}, one per {@link CoverClasses#NAMES} key) are a family
 * rather than constants: they are published after these, as {@code classAreasM2} in JSON and as
 * {@code <name>AreaM2} columns in CSV (see {@link #classAreaColumn}).
 */
public enum Statistic {
    MEAN("mean", Unit.INDEX, ZonalStatistics::mean, true, "Area-weighted mean index value of the valid pixels"),
    STD("std", Unit.INDEX, ZonalStatistics::std, false, "Area-weighted population standard deviation of the valid values"),
    MIN("min", Unit.INDEX, ZonalStatistics::min, false, "Smallest valid value of a covered pixel"),
    MAX("max", Unit.INDEX, ZonalStatistics::max, false, "Largest valid value of a covered pixel"),
    MEDIAN("median", Unit.INDEX, ZonalStatistics::median, true,
            "Lower weighted median of the valid values (histogram, 1e-4 steps)"),
    P10("p10", Unit.INDEX, ZonalStatistics::p10, false, "Lower weighted 10th percentile of the valid values"),
    P90("p90", Unit.INDEX, ZonalStatistics::p90, false, "Lower weighted 90th percentile of the valid values"),
    FVC("fvc", Unit.FRACTION, ZonalStatistics::fvc, true,
            "Mean fractional vegetation cover, clamp((NDVI - ndviSoil) / (ndviVeg - ndviSoil), 0, 1)"),
    SITE_AREA_M2("siteAreaM2", Unit.SQUARE_METRE, ZonalStatistics::siteAreaM2, false, "Area of the whole site polygon"),
    VALID_AREA_M2("validAreaM2", Unit.SQUARE_METRE, ZonalStatistics::validAreaM2, false, "Covered area of valid pixels"),
    VALID_FRACTION("validFraction", Unit.FRACTION, ZonalStatistics::validFraction, false,
            "Valid (clear land) area over the site area (the six class fractions sum to 1)"),
    CLEAR_FRACTION("clearFraction", Unit.FRACTION, ZonalStatistics::clearFraction, false,
            "Area seen from above (valid land or water) over the site area: 1 - cloud - shadow - snow - nodata; minValid judges it"),
    CLOUD_FRACTION("cloudFraction", Unit.FRACTION, ZonalStatistics::cloudFraction, false,
            "Cloud area (with its dilation buffer) over the site area; includes shadow when shadowFraction is null"),
    SHADOW_FRACTION("shadowFraction", Unit.FRACTION, ZonalStatistics::shadowFraction, false,
            "Cloud-shadow and dark-area pixels (with their buffer) over the site area; null for scenes stored before it was separated from cloud"),
    SNOW_FRACTION("snowFraction", Unit.FRACTION, ZonalStatistics::snowFraction, false, "Snow area over the site area"),
    WATER_FRACTION("waterFraction", Unit.FRACTION, ZonalStatistics::waterFraction, false, "Water area over the site area"),
    NODATA_FRACTION("nodataFraction", Unit.FRACTION, ZonalStatistics::nodataFraction, false,
            "Area not observed as valid, cloud, shadow, snow or water, over the site area"),
    GREEN_AREA_M2("greenAreaM2", Unit.SQUARE_METRE, ZonalStatistics::greenAreaM2, true,
            "Valid area with a value at or above the threshold"),
    GREEN_FRACTION("greenFraction", Unit.FRACTION, ZonalStatistics::greenFraction, true, "greenAreaM2 / validAreaM2"),
    THRESHOLD("threshold", Unit.INDEX, ZonalStatistics::threshold, false, "The green threshold these statistics used");

    /** The unit a statistic is expressed in. */
    public enum Unit {
        /** Index units, e.g. NDVI in [-1, 1]. */
        INDEX("index"),
        /** Square metres. */
        SQUARE_METRE("m2"),
        /** A dimensionless fraction in [0, 1]. */
        FRACTION("1");

        private final String symbol;

        Unit(String symbol) { this.symbol = symbol; }

        /** The unit's symbol as published: {@code index}, {@code m2} or {@code 1}. */
        public String symbol() { return symbol; }
    }

    private static final List<Statistic> ALL = List.of(values());
    private static final List<Statistic> TRENDABLE = ALL.stream().filter(Statistic::isTrendable).toList();

    private final String key;
    private final Unit unit;
    private final ToDoubleFunction<ZonalStatistics> extractor;
    private final boolean trendable;
    private final String description;

    Statistic(String key, Unit unit, ToDoubleFunction<ZonalStatistics> extractor, boolean trendable, String description) {
        this.key = key;
        this.unit = unit;
        this.extractor = extractor;
        this.trendable = trendable;
        this.description = description;
    }

    /** The published name, e.g. {@code greenFraction}: JSON field, CSV column and {@code trend=} value. */
    public String key() { return key; }

    public Unit unit() { return unit; }

    /** One sentence for API documentation. */
    public String description() { return description; }

    /** True when a time series may be trended on this statistic ({@code trend=}). */
    public boolean isTrendable() { return trendable; }

    /** This statistic's value in {@code s}; NaN where {@link ZonalStatistics} documents NaN. */
    public double of(ZonalStatistics s) { return extractor.applyAsDouble(s); }

    /** Every statistic in publication order. */
    public static List<Statistic> all() { return ALL; }

    /** The trendable statistics in publication order ({@code mean, median, fvc, greenAreaM2, greenFraction}). */
    public static List<Statistic> trendable() { return TRENDABLE; }

    /** The trendable keys for a message: {@code "mean, median, fvc, greenAreaM2 or greenFraction"}. */
    public static String trendableKeys() {
        List<String> keys = TRENDABLE.stream().map(Statistic::key).toList();
        return String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
    }

    /** The statistic published as {@code key} (exact, case-sensitive as published), if any. */
    public static Optional<Statistic> find(String key) {
        for (Statistic s : ALL) if (s.key.equals(key)) return Optional.of(s);
        return Optional.empty();
    }

    /** The CSV column of the area of cover class {@code name} (a {@link CoverClasses#NAMES} key): {@code bareAreaM2}. */
    public static String classAreaColumn(String name) { return name.toLowerCase(Locale.ROOT) + "AreaM2"; }
}
