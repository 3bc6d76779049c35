package greencover.http.rest;

import greencover.core.index.SpectralIndices;
import greencover.core.series.TrendTestKind;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.service.error.InvalidInputException;
import greencover.service.series.Composite;
import greencover.service.series.DateRange;
import greencover.service.series.Harmonize;
import greencover.service.series.MonthWindow;
import greencover.service.series.SeriesQuery;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses the query parameters of {@code GET /api/v1/sites/{id}/timeseries} into a {@link SeriesQuery}: {@code index}
 * (a registered key, case-insensitive; default ndvi), {@code from}/{@code to} (ISO date, or date-time with offset),
 * {@code threshold}, {@code minValid} (numbers), {@code composite} ({@link Composite} keys), {@code mode}
 * ({@link PixelRule} keys, also {@code centre}, {@code center-point}, {@code all_touched}) and {@code trend} (a
 * trendable {@link Statistic} key) and {@code trendTest} ({@link TrendTestKind} keys, default mk). A bad value is an {@link InvalidInputException} naming the parameter.
 */
public final class SeriesQueryParams {
    private SeriesQueryParams() {}

    /** The query of {@code ctx}'s parameters; absent ones take the defaults of {@link SeriesQuery#defaults()}. */
    public static SeriesQuery parse(Context ctx, SpectralIndices indices) {
        String index = index(ctx.queryParam("index"), indices);
        DateRange dates = new DateRange(QueryParams.date(ctx, "from"), QueryParams.date(ctx, "to"));
        Double threshold = QueryParams.number(ctx, "threshold");
        Double minValid = QueryParams.number(ctx, "minValid");
        return new SeriesQuery(index, dates, threshold, minValid == null ? SeriesQuery.DEFAULT_MIN_VALID : minValid,
                rule(ctx.queryParam("mode"), "mode"), composite(ctx.queryParam("composite")), trend(ctx.queryParam("trend")),
                trendTest(ctx.queryParam("trendTest")), sensors(ctx.queryParam("sensors")), harmonize(ctx.queryParam("harmonize")),
                MonthWindow.parse(ctx.queryParam("months")), minObservations(ctx));
    }

    /** The registered index key of {@code s} (trimmed, lower-cased); ndvi when absent. */
    public static String index(String s, SpectralIndices indices) {
        String key = s == null || s.isBlank() ? "ndvi" : s.trim().toLowerCase(Locale.ROOT);
        try {
            return indices.parse(key).key();
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.invalid("index", e.getMessage());
        }
    }

    /** The pixel rule named {@code mode} (field {@code field}); exact when absent. */
    public static PixelRule rule(String mode, String field) {
        if (mode == null || mode.isBlank()) return PixelRule.EXACT;
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "exact" -> PixelRule.EXACT;
            case "center", "centre", "center-point" -> PixelRule.CENTER;
            case "all-touched", "all_touched" -> PixelRule.ALL_TOUCHED;
            default -> throw InvalidInputException.invalid(field, field + " must be exact, center or all-touched but was '" + mode + "'");
        };
    }

    static Composite composite(String s) {
        if (s == null) return Composite.NONE;
        return Composite.find(s).orElseThrow(() -> InvalidInputException.invalid("composite", "composite must be "
                + Arrays.stream(Composite.values()).map(Composite::key).collect(Collectors.joining(", "))
                + " but was '" + s + "'"));
    }

    /** The comma-separated sensor ids of {@code s}; empty when absent. An empty value is refused. */
    static java.util.List<String> sensors(String s) {
        if (s == null) return java.util.List.of();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String part : s.split(",")) if (!part.isBlank()) out.add(part.trim());
        if (out.isEmpty()) throw InvalidInputException.invalid("sensors", "sensors must name at least one sensor (e.g. sentinel2-l2a,landsat-c2l2)");
        return out;
    }

    static Harmonize harmonize(String s) {
        if (s == null || s.isBlank()) return Harmonize.AUTO;
        return Harmonize.find(s.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> InvalidInputException.invalid("harmonize",
                "harmonize must be auto, hls or none but was '" + s + "'"));
    }

    static int minObservations(Context ctx) {
        Double d = QueryParams.number(ctx, "minObservations");
        if (d == null) return 1;
        if (d != Math.rint(d)) throw InvalidInputException.invalid("minObservations", "minObservations must be a whole number but was " + d);
        if (d < 1 || d > 366) throw InvalidInputException.invalid("minObservations", "minObservations must be in 1..366 but was " + d);
        return d.intValue();
    }

    static TrendTestKind trendTest(String s) {
        if (s == null || s.isBlank()) return TrendTestKind.MK;
        return TrendTestKind.find(s.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> InvalidInputException.invalid("trendTest",
                "trendTest must be " + String.join(", ", TrendTestKind.keys()) + " but was '" + s + "'"));
    }

    static Statistic trend(String s) {
        if (s == null) return Statistic.MEAN;
        return Statistic.find(s).filter(Statistic::isTrendable).orElseThrow(() -> InvalidInputException.invalid("trend",
                "trend metric must be " + Statistic.trendableKeys() + " but was '" + s + "'"));
    }
}
