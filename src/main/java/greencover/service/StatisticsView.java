package greencover.service;

import greencover.core.zonal.ZonalStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns statistics and series points into ordered maps ready for JSON or CSV: field names as published,
 * NaN and infinities as null.
 */
public final class StatisticsView {
    /** The statistic fields in publication order (CSV columns after date, sceneIds, sensor). */
    public static final String[] FIELDS = {"mean", "std", "min", "max", "median", "p10", "p90", "fvc", "siteAreaM2",
        "validAreaM2", "validFraction", "cloudFraction", "snowFraction", "waterFraction", "nodataFraction", "greenAreaM2",
        "greenFraction", "threshold"};

    private StatisticsView() {}

    public static Map<String, Object> of(ZonalStatistics s) {
        double[] v = {s.mean(), s.std(), s.min(), s.max(), s.median(), s.p10(), s.p90(), s.fvc(), s.siteAreaM2(),
            s.validAreaM2(), s.validFraction(), s.cloudFraction(), s.snowFraction(), s.waterFraction(), s.nodataFraction(),
            s.greenAreaM2(), s.greenFraction(), s.threshold()};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.length; i++) m.put(FIELDS[i], num(v[i]));
        Map<String, Object> classes = new LinkedHashMap<>();
        s.classAreasM2().forEach((k, a) -> classes.put(k, num(a)));
        m.put("classAreasM2", classes);
        return m;
    }

    public static Map<String, Object> of(SeriesPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", p.date().toString());
        m.put("sceneIds", p.sceneIds());
        m.put("sensor", p.sensor());
        m.putAll(of(p.statistics()));
        m.put("quality", p.quality());
        return m;
    }

    public static Double num(double d) { return Double.isFinite(d) ? d : null; }
}
