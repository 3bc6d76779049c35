package greencover.service.map;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.core.raster.IndexRaster;
import greencover.store.CatalogVersion;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map's view of the catalog: scenes with their index rasters and sites with their outlines (no statistics:
 * site listings get theirs from {@code service.series.SiteSummaries}), rebuilt only when the {@link CatalogVersion} changes (whoever wrote: this process or another sharing the database).
 */
public final class CatalogMapData implements MapData {
    private final SceneRepository scenes;
    private final SiteRepository sites;
    private final SceneFileStore files;
    private final CatalogVersion version;
    private final VersionedSnapshot<Snapshot> snapshot;

    private record Snapshot(long version, List<MapScene> scenes, List<MapSite> sites) {}

    public CatalogMapData(SceneRepository scenes, SiteRepository sites, SceneFileStore files, CatalogVersion version) {
        this.scenes = scenes;
        this.sites = sites;
        this.files = files;
        this.version = version;
        this.snapshot = new VersionedSnapshot<>(version::current, this::read);
    }

    private Snapshot current() { return snapshot.get(); }

    private Snapshot read(long v) {
        List<MapScene> mapScenes = new ArrayList<>();
        for (Scene sc : scenes.all()) {
            Map<String, IndexRaster> rasters = new LinkedHashMap<>();
            for (String ix : sc.indices()) rasters.put(ix, files.indexRaster(sc.id(), ix));
            mapScenes.add(new MapScene(sc.id(), sc.name(), sc.date(), sc.sensor(), rasters));
        }
        List<MapSite> mapSites = new ArrayList<>();
        for (Site site : sites.all()) mapSites.add(new MapSite(site.id(), site.name(), site.wgs84(), site.properties()));
        return new Snapshot(v, List.copyOf(mapScenes), List.copyOf(mapSites));
    }

    @Override public List<MapScene> scenes() { return current().scenes; }

    @Override public List<MapSite> sites() { return current().sites; }

    @Override public long version() { return version.current(); }
}
