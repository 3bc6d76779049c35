package greencover.http.rest;

import greencover.domain.Scene;
import greencover.service.SceneService;
import greencover.service.SummaryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scene on the wire, chosen field by field from the stored record (so storage columns are not the API):
 * id, name, sensor, acquisition instant and date, CRS, grid size and pixel size, bounding boxes (grid CRS and
 * WGS84), the Sentinel-2 baseline when known, DN offset, bands, indices, valid and cloud fractions, content hash,
 * {@code state} ({@code active} or {@code damaged}) and, for a damaged scene, {@code damage: {reason, at}}.
 * Also the ingest answer and the per-site statistics rows of ingest and ad-hoc statistics.
 */
final class SceneJson {
    private SceneJson() {}

    static Map<String, Object> of(Scene s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("sensor", s.sensor());
        m.put("acquired", s.acquiredAt().toString());
        m.put("date", s.date().toString());
        m.put("crs", s.epsg() > 0 ? "EPSG:" + s.epsg() : "user-defined");
        if (s.epsg() == 0) m.put("crsWkt", s.crsWkt());
        m.put("width", s.grid().width());
        m.put("height", s.grid().height());
        m.put("pixelSizeM", s.grid().pixelWidth());
        m.put("bbox", new double[] {s.grid().minX(), s.grid().minY(), s.grid().maxX(), s.grid().maxY()});
        var e = s.footprintWgs84().getEnvelopeInternal();
        m.put("bboxWgs84", new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()});
        Map<String, String> settings = s.sensorSettings();
        if (settings.containsKey("processingBaseline")) {
            m.put("processingBaseline", settings.get("processingBaseline"));
            m.put("baselineRule", settings.get("baselineRule"));
        }
        m.put("offsetDn", Integer.parseInt(settings.getOrDefault("offsetDn", "0")));
        if (settings.containsKey("offsetRule")) m.put("offsetRule", settings.get("offsetRule"));
        if (settings.containsKey("offsetApplied")) m.put("offsetApplied", Boolean.parseBoolean(settings.get("offsetApplied")));
        for (String k : new String[] {"hlsPlatform", "hlsPlatformRule", "hlsCoefficients"}) {
            if (settings.containsKey(k)) m.put(k, settings.get(k));
        }
        m.put("bands", s.bands());
        m.put("indices", s.indices());
        m.put("validFraction", s.validFraction());
        m.put("cloudFraction", s.cloudFraction());
        m.put("contentHash", s.contentHash());
        if (s.isRemote()) m.put("source", s.source());
        m.put("state", s.isDamaged() ? "damaged" : "active");
        if (s.isDamaged()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("reason", s.damage().reason());
            d.put("at", s.damage().at().toString());
            m.put("damage", d);
        }
        return m;
    }

    /** {@code {"scenes": [...]}}. */
    static Map<String, Object> list(List<Scene> scenes) {
        List<Object> out = new ArrayList<>();
        for (Scene s : scenes) out.add(of(s));
        return Map.of("scenes", out);
    }

    /** {@code {"scene", "duplicate", "statistics"}}. */
    static Map<String, Object> ingested(SceneService.IngestResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scene", of(r.scene()));
        m.put("duplicate", r.duplicate());
        m.put("warnings", r.warnings());
        m.put("statistics", StatisticsJson.ofScenes(r.statistics()));
        return m;
    }
}
