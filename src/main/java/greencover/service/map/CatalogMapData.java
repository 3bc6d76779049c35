package greencover.service.map;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.core.raster.IndexRaster;
import greencover.store.CatalogVersion;
import greencover.service.SceneDamages;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map's view of the catalog: scenes with their index rasters and sites with their outlines (no statistics:
 * site listings get theirs from {@code service.series.SiteSummaries}), rebuilt only when the {@link CatalogVersion} changes (whoever wrote: this process or another sharing the database).
 * A scene whose index rasters are missing or unreadable is marked damaged ({@link SceneDamages}) and left out, so
 * that one damaged scene does not take the maps and {@code /health} down; its rasters are read through
 * {@link SceneDamages#guarded guards}, so a file truncated under a render marks the scene and reads as no data.
 */
public final class CatalogMapData implements MapData {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogMapData.class);
    private final SceneRepository scenes;
    private final SiteRepository sites;
    private final SceneDamages damages;
    private final CatalogVersion version;
    private final VersionedSnapshot<Snapshot> snapshot;

    private record Snapshot(long version, List<MapScene> scenes, List<MapSite> sites) {}

    public CatalogMapData(SceneRepository scenes, SiteRepository sites, SceneFileStore files, CatalogVersion version) {
        this(scenes, sites, new SceneDamages(scenes, files), version);
    }

    /** @param damages where a scene whose rasters fail to open or read is recorded (it is then left out) */
    public CatalogMapData(SceneRepository scenes, SiteRepository sites, SceneDamages damages, CatalogVersion version) {
        this.scenes = scenes;
        this.sites = sites;
        this.damages = damages;
        this.version = version;
        this.snapshot = new VersionedSnapshot<>(version::current, this::read);
    }

    private Snapshot current() { return snapshot.get(); }

    private Snapshot read(long v) {
        List<MapScene> mapScenes = new ArrayList<>();
        for (Scene sc : scenes.all()) {
            Map<String, IndexRaster> rasters = new LinkedHashMap<>();
            try {
                for (String ix : sc.indices()) rasters.put(ix, damages.guarded(sc, ix));
            } catch (SceneDamages.DamagedSceneException e) { // marked damaged: this scene only is left out, never the whole map
                LOG.warn("scene {} is left out of maps: {}", sc.id(), e.getMessage());
                continue;
            }
            // the revision names the generation too: a map drawn while this scene's files failed under it (a hole) is
            // never served for the scene ingested again from the same files
            mapScenes.add(new MapScene(sc.id(), sc.name(), sc.date(), sc.sensor(), rasters, sc.contentHash() + "@" + sc.createdAt()));
        }
        List<MapSite> mapSites = new ArrayList<>();
        for (Site site : sites.all()) mapSites.add(new MapSite(site.id(), site.name(), site.wgs84(), site.properties()));
        return new Snapshot(v, List.copyOf(mapScenes), List.copyOf(mapSites));
    }

    @Override public List<MapScene> scenes() { return current().scenes; }

    @Override public List<MapSite> sites() { return current().sites; }

    @Override public long version() { return version.current(); }
}
