package greencover.http.rest;

import greencover.domain.Site;
import greencover.service.series.SiteSummaryView;
import java.util.LinkedHashMap;
import java.util.Map;

/** The properties of a site's GeoJSON feature. */
public final class SiteJson {
    private SiteJson() {}

    /**
     * {@code id}, {@code name}, {@code areaM2}, {@code greenThreshold}, {@code ndviSoil}, {@code ndviVeg}, the
     * {@code timeseries} link, {@code latest} (a series point, or null) and {@code observations}, then the submitted
     * feature's own properties, which never override the computed ones.
     */
    public static Map<String, Object> properties(Site site, SiteSummaryView summary) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", site.id());
        p.put("name", site.name());
        p.put("areaM2", site.areaM2());
        p.put("greenThreshold", site.greenThreshold());
        p.put("ndviSoil", site.ndviSoil());
        p.put("ndviVeg", site.ndviVeg());
        p.put("timeseries", "/api/v1/sites/" + site.id() + "/timeseries");
        p.put("latest", summary.latest() == null ? null : SeriesJson.point(summary.latest()));
        p.put("observations", summary.observations());
        site.properties().forEach(p::putIfAbsent);
        return p;
    }
}
