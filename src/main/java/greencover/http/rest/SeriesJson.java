package greencover.http.rest;

import greencover.core.series.Trend;
import greencover.service.series.SeriesPoint;
import greencover.service.series.TimeSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A time series as a JSON-ready ordered map: its parameters, its points (a point a damaged scene would have
 * counted in carries {@code "flags": ["damaged-scene"]}), the damaged scenes of its dates ({@code damagedScenes}:
 * id, date, reason) and its trend.
 */
public final class SeriesJson {
    /** The flag of a point a damaged scene would have counted in (its ground there is no data). */
    public static final String DAMAGED_SCENE = "damaged-scene";

    private SeriesJson() {}

    /** One point: {@code date}, {@code sceneIds}, {@code sensor}, the {@link StatisticsJson} fields, {@code quality}. */
    public static Map<String, Object> point(SeriesPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", p.date().toString());
        m.put("sceneIds", p.sceneIds());
        m.put("sensor", p.sensor());
        m.put("harmonization", p.harmonization());
        m.put("notes", p.notes());
        m.putAll(StatisticsJson.of(p.statistics()));
        m.put("quality", p.quality().key());
        m.put("qualityReasons", p.qualityReasons());
        return m;
    }

    private static List<Object> provenance(List<String> sceneIds, java.util.function.Function<String, Map<String, String>> sources) {
        List<Object> out = new ArrayList<>();
        for (String id : sceneIds) {
            Map<String, String> src = sources.apply(id);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sceneId", id);
            boolean stac = src != null && "stac".equals(src.get("kind"));
            m.put("kind", stac ? "stac" : "upload");
            if (stac) {
                m.put("collection", src.get("collection"));
                m.put("itemId", src.get("itemId"));
            }
            out.add(m);
        }
        return out;
    }

    /** The whole series. */
    public static Map<String, Object> of(TimeSeries ts) { return of(ts, null); }

    /**
     * The whole series, each point with its {@code provenance}: per scene id, {@code kind} (upload or stac) and for a
     * STAC scene its {@code collection} and {@code itemId}, from {@code sources} (scene id to its recorded source; null
     * leaves provenance out).
     */
    public static Map<String, Object> of(TimeSeries ts, java.util.function.Function<String, Map<String, String>> sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", ts.siteId());
        m.put("index", ts.index());
        m.put("threshold", ts.threshold());
        m.put("minValid", ts.minValid());
        m.put("composite", ts.composite().key());
        m.put("mode", ts.mode().key());
        m.put("harmonize", ts.harmonize().key());
        m.put("sensors", ts.sensors().isEmpty() ? null : ts.sensors());
        m.put("months", ts.months().toString());
        m.put("minObservations", ts.minObservations());
        m.put("trendTest", ts.trend().test().key());
        List<Object> pts = new ArrayList<>();
        for (SeriesPoint p : ts.points()) {
            Map<String, Object> pm = point(p);
            if (sources != null) pm.put("provenance", provenance(p.sceneIds(), sources));
            if (ts.touchesDamage(p)) pm.put("flags", List.of(DAMAGED_SCENE));
            pts.add(pm);
        }
        m.put("points", pts);
        List<Object> damaged = new ArrayList<>();
        for (var d : ts.damagedScenes()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("id", d.id());
            dm.put("date", d.date().toString());
            dm.put("reason", d.damage().reason());
            damaged.add(dm);
        }
        m.put("damagedScenes", damaged);
        m.put("trend", trend(ts.trend(), ts.points().stream().filter(SeriesPoint::isOk).map(p -> p.date().toString()).findFirst().orElse(null)));
        return m;
    }

    /** A trend as JSON: its slope with Sen's 95 % interval, intercept, Mann–Kendall Z and p, n, method and test. */
    static Map<String, Object> trend(Trend t, String startDate) {
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("metric", t.metric());
        tr.put("slopePerYear", StatisticsJson.num(t.slopePerYear()));
        tr.put("slopeLowerPerYear", StatisticsJson.num(t.slopeLowerPerYear()));
        tr.put("slopeUpperPerYear", StatisticsJson.num(t.slopeUpperPerYear()));
        tr.put("confidence", 0.95);
        tr.put("interceptValue", StatisticsJson.num(t.interceptValue()));
        tr.put("startDate", startDate);
        tr.put("mannKendallZ", StatisticsJson.num(t.mannKendallZ()));
        tr.put("mannKendallP", StatisticsJson.num(t.mannKendallP()));
        tr.put("n", t.n());
        tr.put("method", t.method());
        tr.put("test", t.test().key());
        return tr;
    }
}
