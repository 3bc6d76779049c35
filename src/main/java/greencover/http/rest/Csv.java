package greencover.http.rest;

import greencover.core.index.CoverClasses;
import greencover.core.zonal.Statistic;
import greencover.service.series.SeriesPoint;
import greencover.service.series.TimeSeries;

/**
 * Writes a time series as CSV: one header row, then one row per point with the fields of the JSON points: date,
 * sceneIds ({@code ;}-joined), sensor, one column per {@link Statistic}, one {@code <class>AreaM2} column per cover
 * class, quality. NaN is an empty cell.
 */
public final class Csv {
    private Csv() {}

    public static String of(TimeSeries ts) {
        StringBuilder b = new StringBuilder("date,sceneIds,sensor");
        for (Statistic s : Statistic.all()) b.append(',').append(s.key());
        for (String c : CoverClasses.NAMES) b.append(',').append(Statistic.classAreaColumn(c));
        b.append(",quality\n");
        for (SeriesPoint p : ts.points()) {
            b.append(p.date()).append(',').append(String.join(";", p.sceneIds())).append(',').append(p.sensor());
            for (Statistic s : Statistic.all()) cell(b, s.of(p.statistics()));
            for (String c : CoverClasses.NAMES) cell(b, p.statistics().classAreasM2().getOrDefault(c, Double.NaN));
            b.append(',').append(p.quality().key()).append('\n');
        }
        return b.toString();
    }

    private static void cell(StringBuilder b, double v) {
        b.append(',');
        if (Double.isFinite(v)) b.append(v);
    }
}
