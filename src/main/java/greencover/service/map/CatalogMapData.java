package greencover.service.map;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.core.raster.IndexRaster;
import greencover.store.CatalogVersion;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.service.SeriesPoint;
import greencover.service.SeriesService;
import greencover.service.StatisticsView;
import greencover.service.TimeSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map's view of the catalog: scenes with their index rasters and sites with their latest statistics,
 * rebuilt only when the {@link CatalogVersion} changes (whoever wrote: this process or another sharing the database).
 */
public final class CatalogMapData implements MapData {
    private final SceneRepository scenes;
    private final SiteRepository sites;
    private final SceneFileStore files;
    private final CatalogVersion version;
    private final SeriesService series;
    private volatile Snapshot snapshot;

    private record Snapshot(long version, List<MapScene> scenes, List<MapSite> sites) {}

    public CatalogMapData(SceneRepository scenes, SiteRepository sites, SceneFileStore files, CatalogVersion version,
                          SeriesService series) {
        this.scenes = scenes;
        this.sites = sites;
        this.files = files;
        this.version = version;
        this.series = series;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long v = version.current();
        if (s != null && s.version == v) return s;
        synchronized (this) {
            s = snapshot;
            if (s != null && s.version == v) return s;
            List<MapScene> mapScenes = new ArrayList<>();
            for (Scene sc : scenes.all()) {
                Map<String, IndexRaster> rasters = new LinkedHashMap<>();
                for (String ix : sc.indices()) rasters.put(ix, files.indexRaster(sc.id(), ix));
                mapScenes.add(new MapScene(sc.id(), sc.name(), sc.date(), sc.sensor(), rasters));
            }
            List<MapSite> mapSites = new ArrayList<>();
            for (Site site : sites.all()) mapSites.add(new MapSite(site.id(), site.name(), site.wgs84(), properties(site)));
            snapshot = s = new Snapshot(v, List.copyOf(mapScenes), List.copyOf(mapSites));
            return s;
        }
    }

    /**
     * The properties of site {@code id} as of the current data version (computed once per version), or
     * those of {@code site} computed now when the snapshot does not have it yet.
     */
    public Map<String, Object> propertiesOf(Site site) {
        for (MapSite s : current().sites) if (s.id().equals(site.id())) return s.properties();
        return properties(site);
    }

    /** Properties shown for a site: name, area, thresholds, latest statistics and a link to its series. */
    private Map<String, Object> properties(Site site) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", site.id());
        p.put("name", site.name());
        p.put("areaM2", site.areaM2());
        p.put("greenThreshold", site.greenThreshold());
        p.put("ndviSoil", site.ndviSoil());
        p.put("ndviVeg", site.ndviVeg());
        p.put("timeseries", "/api/v1/sites/" + site.id() + "/timeseries");
        TimeSeries ts = series.timeseries(site.id(), new SeriesService.Query(null, null, null, null, null, null, null, null));
        SeriesPoint latest = null;
        for (SeriesPoint pt : ts.points()) if (pt.isOk()) latest = pt;
        if (latest == null && !ts.points().isEmpty()) latest = ts.points().get(ts.points().size() - 1);
        p.put("latest", latest == null ? null : StatisticsView.of(latest));
        p.put("observations", ts.points().size());
        site.properties().forEach(p::putIfAbsent); // the submitted feature's own properties never override computed ones
        return p;
    }

    @Override public List<MapScene> scenes() { return current().scenes; }

    @Override public List<MapSite> sites() { return current().sites; }

    @Override public long version() { return version.current(); }
}
