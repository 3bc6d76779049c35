package greencover.http.rest;

import greencover.service.SeriesPoint;
import greencover.service.StatisticsView;
import greencover.service.TimeSeries;
import java.util.Map;

/** Writes a time series as CSV: one header row, then one row per point with the same fields as the JSON. */
final class Csv {
    private Csv() {}

    static String of(TimeSeries ts) {
        StringBuilder b = new StringBuilder("date,sceneIds,sensor");
        for (String f : StatisticsView.FIELDS) b.append(',').append(f);
        b.append(",bareAreaM2,sparseAreaM2,moderateAreaM2,denseAreaM2,quality\n");
        for (SeriesPoint p : ts.points()) {
            Map<String, Object> m = StatisticsView.of(p);
            b.append(p.date()).append(',').append(String.join(";", p.sceneIds())).append(',').append(p.sensor());
            for (String f : StatisticsView.FIELDS) b.append(',').append(cell(m.get(f)));
            @SuppressWarnings("unchecked")
            Map<String, Object> classes = (Map<String, Object>) m.get("classAreasM2");
            for (Object v : classes.values()) b.append(',').append(cell(v));
            b.append(',').append(p.quality()).append('\n');
        }
        return b.toString();
    }

    private static String cell(Object v) { return v == null ? "" : v.toString(); }
}
