package greencover.http.rest;

import greencover.core.series.TargetProjection;
import greencover.core.series.Trend;
import greencover.core.zonal.SpatialAutocorrelation;
import greencover.service.series.AnalysedSeries;
import greencover.service.series.SeriesPoint;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An analysed series as JSON: {@link SeriesJson#of} with, per point, {@code uncertainty} (the spatial standard error
 * of the mean and its 95 % interval, or null) and, with a reference site, {@code referenceMean}, {@code relativeIndex}
 * and {@code indexGap}; at the top {@code uncertaintyMethod}, {@code fvcEndmembers}, {@code reference} (its matched
 * points and the trends of relativeIndex and indexGap), {@code target} and {@code warnings}; and in every trend
 * {@code pivotDate} / {@code pivotValue}, the point the slope interval's lines turn about (the chart's trend band).
 */
public final class AnalysedSeriesJson {
    /** The name of the uncertainty method ({@link SpatialAutocorrelation}). */
    public static final String UNCERTAINTY_METHOD = "moran-rook-ar1";

    private AnalysedSeriesJson() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(AnalysedSeries a) { return of(a, null); }

    /** As above; with {@code sources} (scene id to its recorded source), each point names where its scenes came from. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(AnalysedSeries a, java.util.function.Function<String, Map<String, String>> sources) {
        Map<String, Object> m = SeriesJson.of(a.series(), sources);
        List<Object> pts = (List<Object>) m.get("points");
        Map<LocalDate, AnalysedSeries.Pair> pairs = new HashMap<>();
        if (a.reference() != null) for (AnalysedSeries.Pair p : a.reference().pairs()) pairs.put(p.date(), p);
        for (int i = 0; i < pts.size(); i++) {
            Map<String, Object> pm = (Map<String, Object>) pts.get(i);
            pm.put("uncertainty", uncertainty(a.uncertainty().get(i)));
            if (a.reference() != null) {
                AnalysedSeries.Pair pair = pairs.get(a.series().points().get(i).date());
                pm.put("referenceMean", pair == null ? null : StatisticsJson.num(pair.referenceMean()));
                pm.put("relativeIndex", pair == null ? null : StatisticsJson.num(pair.relativeIndex()));
                pm.put("indexGap", pair == null ? null : StatisticsJson.num(pair.indexGap()));
            }
        }
        List<LocalDate> okDates = new ArrayList<>();
        for (SeriesPoint p : a.series().points()) if (p.isOk()) okDates.add(p.date());
        addPivot((Map<String, Object>) m.get("trend"), a.series().trend(), okDates);
        m.put("uncertaintyMethod", UNCERTAINTY_METHOD);
        Map<String, Object> fvc = new LinkedHashMap<>();
        fvc.put("ndviSoil", a.endmembers().ndviSoil());
        fvc.put("ndviVeg", a.endmembers().ndviVeg());
        fvc.put("source", a.endmembers().source().key());
        m.put("fvcEndmembers", fvc);
        m.put("reference", reference(a.reference()));
        m.put("target", target(a.target()));
        m.put("warnings", a.warnings());
        return m;
    }

    static Map<String, Object> uncertainty(SpatialAutocorrelation.Estimate e) {
        if (e == null) return null;
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("standardError", StatisticsJson.num(e.standardError()));
        u.put("lower95", StatisticsJson.num(e.lower95()));
        u.put("upper95", StatisticsJson.num(e.upper95()));
        u.put("moranI", StatisticsJson.num(e.moranI()));
        u.put("n", StatisticsJson.num(e.n()));
        u.put("effectiveN", StatisticsJson.num(e.effectiveN()));
        return u;
    }

    private static Map<String, Object> reference(AnalysedSeries.Reference r) {
        if (r == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", r.siteId());
        m.put("matchedBy", r.matchedBy());
        List<Object> points = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (AnalysedSeries.Pair p : r.pairs()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("date", p.date().toString());
            pm.put("referenceDate", p.referenceDate().toString());
            pm.put("siteMean", StatisticsJson.num(p.siteMean()));
            pm.put("referenceMean", StatisticsJson.num(p.referenceMean()));
            pm.put("relativeIndex", StatisticsJson.num(p.relativeIndex()));
            pm.put("indexGap", StatisticsJson.num(p.indexGap()));
            points.add(pm);
            dates.add(p.date());
        }
        m.put("points", points);
        m.put("relativeTrend", trend(r.relativeTrend(), dates));
        m.put("gapTrend", trend(r.gapTrend(), dates));
        return m;
    }

    static Map<String, Object> trend(Trend t, List<LocalDate> dates) {
        Map<String, Object> tr = SeriesJson.trend(t, dates.isEmpty() ? null : dates.get(0).toString());
        addPivot(tr, t, dates);
        return tr;
    }

    /** {@code pivotDate} and {@code pivotValue}: the fitted line at the median time of {@code dates} (null without a line). */
    private static void addPivot(Map<String, Object> tr, Trend t, List<LocalDate> dates) {
        if (dates.isEmpty() || !Double.isFinite(t.slopePerYear())) {
            tr.put("pivotDate", null);
            tr.put("pivotValue", null);
            return;
        }
        double[] years = new double[dates.size()];
        for (int i = 0; i < years.length; i++) years[i] = ChronoUnit.DAYS.between(dates.get(0), dates.get(i)) / Trend.DAYS_PER_YEAR;
        double pivot = TargetProjection.medianYears(years);
        tr.put("pivotDate", dates.get(0).plusDays(Math.round(pivot * Trend.DAYS_PER_YEAR)).toString());
        tr.put("pivotValue", StatisticsJson.num(t.interceptValue() + t.slopePerYear() * pivot));
    }

    private static Map<String, Object> target(TargetProjection t) {
        if (t == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", t.metric());
        m.put("value", t.value());
        m.put("status", t.status());
        if (t.status().equals(TargetProjection.REACHED)) {
            m.put("reachedOn", t.reachedOn().toString());
        } else if (t.status().equals(TargetProjection.PROJECTED)) {
            m.put("projectedDate", str(t.projectedDate()));
            m.put("projectedDateLow", str(t.projectedDateLow()));
            m.put("projectedDateHigh", str(t.projectedDateHigh()));
        }
        m.put("reason", t.reason());
        return m;
    }

    private static String str(LocalDate d) { return d == null ? null : d.toString(); }
}
