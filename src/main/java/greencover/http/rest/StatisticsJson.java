package greencover.http.rest;

import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import greencover.service.SummaryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics as JSON-ready ordered maps: one field per {@link Statistic}, in its order and under its key, then
 * {@code classAreasM2} (an object keyed by cover class). NaN and infinities are written as null.
 */
public final class StatisticsJson {
    private StatisticsJson() {}

    /** The fields of {@code s}. */
    public static Map<String, Object> of(ZonalStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Statistic st : Statistic.all()) m.put(st.key(), num(st.of(s)));
        Map<String, Object> classes = new LinkedHashMap<>();
        s.classAreasM2().forEach((k, a) -> classes.put(k, num(a)));
        m.put("classAreasM2", classes);
        return m;
    }

    /** Per-scene results (an ingest's, or ad-hoc statistics): {@code site} when known, {@code sceneId}, {@code date}, the fields. */
    public static List<Object> ofScenes(List<SummaryService.SiteSceneStatistics> list) {
        List<Object> out = new ArrayList<>();
        for (var s : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (s.siteId() != null) m.put("site", s.siteId());
            m.put("sceneId", s.sceneId());
            m.put("date", s.date().toString());
            m.putAll(of(s.statistics()));
            out.add(m);
        }
        return out;
    }

    /** {@code d}, or null when it is NaN or infinite (JSON has neither). */
    public static Double num(double d) { return Double.isFinite(d) ? d : null; }
}
