package greencover.http.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.domain.Site;
import greencover.geojson.GeoJsonCodec;
import greencover.service.series.SiteSummaryView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site on the wire: a GeoJSON Feature with the site id, the properties shown for it (stored and computed,
 * chosen by the caller) and its WGS84 outline; several sites as a FeatureCollection.
 */
final class SiteJson {
    private SiteJson() {}

    static ObjectNode feature(Site s, Map<String, Object> properties) {
        ObjectNode f = RestJson.MAPPER.createObjectNode();
        f.put("type", "Feature");
        f.put("id", s.id());
        f.set("properties", RestJson.MAPPER.valueToTree(properties));
        f.set("geometry", GeoJsonCodec.write(s.wgs84()));
        return f;
    }

    static ObjectNode collection(List<ObjectNode> features) {
        ObjectNode fc = RestJson.MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode fs = fc.putArray("features");
        features.forEach(fs::add);
        return fc;
    }

    /**
     * The properties of a listed site: {@code id}, {@code name}, {@code areaM2}, {@code greenThreshold},
     * {@code ndviSoil}, {@code ndviVeg}, {@code permanentWater} (WGS84 GeoJSON geometry or null), {@code maskBufferM}
     * (null: the sensors' default), the {@code timeseries} link, {@code latest} (a series point, or null) and
     * {@code observations}, {@code referenceSite} and {@code targetGreenFraction} or {@code targetMeanIndex} when set, then the submitted feature's own properties, which never override the computed ones.
     */
    static Map<String, Object> properties(Site site, SiteSummaryView summary) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", site.id());
        p.put("name", site.name());
        p.put("areaM2", site.areaM2());
        p.put("greenThreshold", site.greenThreshold());
        p.put("ndviSoil", site.ndviSoil());
        p.put("ndviVeg", site.ndviVeg());
        p.put("permanentWater", site.permanentWaterWgs84() == null ? null : GeoJsonCodec.write(site.permanentWaterWgs84()));
        p.put("maskBufferM", site.maskBufferM());
        p.put("timeseries", "/api/v1/sites/" + site.id() + "/timeseries");
        p.put("latest", summary.latest() == null ? null : SeriesJson.point(summary.latest()));
        p.put("observations", summary.observations());
        var goals = site.goals();
        if (goals.referenceSite() != null) p.put("referenceSite", goals.referenceSite());
        if (goals.hasTarget()) {
            p.put(goals.targetMetric().equals(greencover.domain.SiteGoals.GREEN_FRACTION) ? "targetGreenFraction" : "targetMeanIndex",
                    goals.targetValue());
        }
        site.properties().forEach(p::putIfAbsent);
        return p;
    }
}
