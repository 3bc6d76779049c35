package greencover.service.map;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.core.raster.IndexRaster;
import greencover.service.DataStore;
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
 * rebuilt only when the store's version changes.
 */
public final class CatalogMapData implements MapData {
    private final DataStore store;
    private final SeriesService series;
    private final VersionedSnapshot<Snapshot> snapshot;

    private record Snapshot(long version, List<MapScene> scenes, List<MapSite> sites) {}

    public CatalogMapData(DataStore store) {
        this.store = store;
        this.series = new SeriesService(store);
        this.snapshot = new VersionedSnapshot<>(store::version, this::read);
    }

    private Snapshot current() { return snapshot.get(); }

    private Snapshot read(long version) {
        List<MapScene> scenes = new ArrayList<>();
        for (Scene sc : store.catalog().scenes(null, null)) {
            Map<String, IndexRaster> rasters = new LinkedHashMap<>();
            for (String ix : sc.indices()) rasters.put(ix, store.raster(sc.id(), ix));
            scenes.add(new MapScene(sc.id(), sc.name(), sc.date(), sc.sensor(), rasters));
        }
        List<MapSite> sites = new ArrayList<>();
        for (Site site : store.catalog().sites()) sites.add(new MapSite(site.id(), site.name(), site.wgs84(), properties(site)));
        return new Snapshot(version, List.copyOf(scenes), List.copyOf(sites));
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

    @Override public long version() { return store.version(); }
}
