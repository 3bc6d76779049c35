package greencover.http.rest;

import greencover.core.index.CoverClasses;
import greencover.core.zonal.Statistic;
import greencover.service.series.SeriesPoint;
import greencover.service.series.TimeSeries;

/**
 * Writes a time series as CSV: one header row, then one row per point with the fields of the JSON points: date,
 * sceneIds ({@code ;}-joined), sensor, one column per {@link Statistic}, one {@code <class>AreaM2} column per cover
 * class, quality, then (added last, so column positions of earlier releases hold) harmonization ({@code hls},
 * {@code none} or {@code mixed}), notes ({@code  | }-joined, quoted when needed) and qualityReasons ({@code ;}-joined).
 * NaN is an empty cell.
 */
public final class Csv {
    private Csv() {}

    /**
     * {@link #of(TimeSeries)} with, added last, the spatial uncertainty of each point's mean (meanStandardError,
     * meanLower95, meanUpper95, moranI, effectiveN; empty where none) and the reference comparison (referenceMean,
     * relativeIndex, indexGap; empty where the point has no matched reference point or the site no reference), then
     * the series' trend, the same on every row so that a spreadsheet keeps it beside the points: trendMetric,
     * trendTest (the Mann–Kendall variant), trendSlopePerYear with its 95 % interval trendSlopeLower95 and
     * trendSlopeUpper95 (Theil–Sen, Sen 1968), trendMannKendallZ, trendP, and the trends of relativeIndex and indexGap
     * (slope per year and p; empty without a reference).
     */
    public static String of(greencover.service.series.AnalysedSeries a) {
        String[] rows = of(a.series()).split("\n", -1);
        java.util.Map<java.time.LocalDate, greencover.service.series.AnalysedSeries.Pair> pairs = new java.util.HashMap<>();
        if (a.reference() != null) for (var p : a.reference().pairs()) pairs.put(p.date(), p);
        StringBuilder b = new StringBuilder(rows[0]).append(",meanStandardError,meanLower95,meanUpper95,moranI,effectiveN,referenceMean,relativeIndex,indexGap")
                .append(",trendMetric,trendTest,trendSlopePerYear,trendSlopeLower95,trendSlopeUpper95,trendMannKendallZ,trendP")
                .append(",relativeIndexTrendSlopePerYear,relativeIndexTrendP,indexGapTrendSlopePerYear,indexGapTrendP\n");
        greencover.core.series.Trend t = a.series().trend();
        StringBuilder trend = new StringBuilder().append(',').append(t.metric()).append(',').append(t.test().key());
        for (double v : new double[] {t.slopePerYear(), t.slopeLowerPerYear(), t.slopeUpperPerYear(), t.mannKendallZ(), t.mannKendallP()}) cell(trend, v);
        if (a.reference() == null) {
            trend.append(",,,,");
        } else {
            greencover.core.series.Trend rel = a.reference().relativeTrend(), gap = a.reference().gapTrend();
            for (double v : new double[] {rel.slopePerYear(), rel.mannKendallP(), gap.slopePerYear(), gap.mannKendallP()}) cell(trend, v);
        }
        for (int i = 0; i < a.series().points().size(); i++) {
            b.append(rows[i + 1]);
            var e = a.uncertainty().get(i);
            if (e == null) b.append(",,,,,");
            else for (double v : new double[] {e.standardError(), e.lower95(), e.upper95(), e.moranI(), e.effectiveN()}) cell(b, v);
            var pair = pairs.get(a.series().points().get(i).date());
            if (pair == null) b.append(",,,");
            else for (double v : new double[] {pair.referenceMean(), pair.relativeIndex(), pair.indexGap()}) cell(b, v);
            b.append(trend).append('\n');
        }
        return b.toString();
    }

    public static String of(TimeSeries ts) {
        StringBuilder b = new StringBuilder("date,sceneIds,sensor");
        for (Statistic s : Statistic.all()) b.append(',').append(s.key());
        for (String c : CoverClasses.NAMES) b.append(',').append(Statistic.classAreaColumn(c));
        b.append(",quality,harmonization,notes,qualityReasons\n");
        for (SeriesPoint p : ts.points()) {
            b.append(p.date()).append(',').append(String.join(";", p.sceneIds())).append(',').append(p.sensor());
            for (Statistic s : Statistic.all()) cell(b, s.of(p.statistics()));
            for (String c : CoverClasses.NAMES) cell(b, p.statistics().classAreasM2().getOrDefault(c, Double.NaN));
            b.append(',').append(p.quality().key()).append(',').append(p.harmonization()).append(',')
                    .append(quoted(String.join(" | ", p.notes()))).append(',').append(String.join(";", p.qualityReasons())).append('\n');
        }
        return b.toString();
    }

    /** {@code s} as one CSV field: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
    static String quoted(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void cell(StringBuilder b, double v) {
        b.append(',');
        if (Double.isFinite(v)) b.append(v);
    }
}
