package greencover.service;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;

/**
 * Computes and recomputes the stored zonal summaries. A site's part accounted to a scene follows
 * {@link SameDateFootprints}, so summaries of one date add up to the site's observation.
 */
public final class SummaryService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository stored;
    private final SceneFileStore files;
    private final SceneDamages damages;

    public SummaryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SceneFileStore files) {
        this(sites, scenes, stored, files, new SceneDamages(scenes, files));
    }

    /** @param damages where a stored scene whose rasters fail to read is recorded (it is then left out) */
    public SummaryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SceneFileStore files,
                          SceneDamages damages) {
        this.sites = sites;
        this.scenes = scenes;
        this.stored = stored;
        this.files = files;
        this.damages = damages;
    }

    /** Statistics of one site over one scene (NDVI at the site's threshold), as returned by an ingest. */
    public record SiteSceneStatistics(String siteId, String sceneId, java.time.LocalDate date, ZonalStatistics statistics) {}

    /** Rows for a scene whose files are published but which is not yet in the catalog. */
    List<SummaryRow> summarizeNewScene(Scene scene) {
        List<Scene> earlier = scenes.between(scene.date(), scene.date());
        List<SummaryRow> rows = new ArrayList<>();
        for (Site site : sites.all()) {
            if (!site.wgs84().intersects(scene.footprintWgs84())) continue;
            rows.addAll(rowsFor(site, scene, earlier, false));
        }
        return rows;
    }

    /** Rows to rewrite for the other scenes of {@code removed}'s date once it is gone. */
    List<SummaryRow> summariesAfterRemoving(Scene removed) {
        List<Scene> sameDate = new ArrayList<>(scenes.between(removed.date(), removed.date()));
        int at = indexOf(sameDate, removed.id());
        sameDate.removeIf(s -> s.id().equals(removed.id()));
        List<SummaryRow> rows = new ArrayList<>();
        for (Site site : sites.all()) {
            for (int i = Math.max(0, at); i < sameDate.size(); i++) {
                Scene s = sameDate.get(i);
                if (site.wgs84().intersects(s.footprintWgs84())) rows.addAll(rowsFor(site, s, sameDate.subList(0, i), true));
            }
        }
        return rows;
    }

    /** Rows of a new site over every stored scene it intersects. */
    List<SummaryRow> backfill(Site site) {
        List<SummaryRow> rows = new ArrayList<>();
        backfill(site, scenes.all(), Map.of(), false, null).values().forEach(b -> rows.addAll(b.rows()));
        return rows;
    }

    /**
     * A new site's rows over one scene, with the ids of the scenes of that date stored before it (in catalog order),
     * which are all that shaped them besides the site and the scene: equal ids, equal rows.
     */
    record Backfilled(List<String> earlierIds, List<SummaryRow> rows) {}

    /**
     * The rows of {@code site} over every scene of {@code ordered} (the catalog's scenes in catalog order) that it
     * intersects, by scene id. A scene whose entry in {@code reuse} was computed after the same earlier scenes keeps
     * those rows; the others are computed. With {@code tolerant}, a scene that cannot be read (deleted meanwhile, when
     * the caller does not hold the write lock) is left out instead of failing, for the caller to redo later.
     *
     * @param progress told after each computed scene ("backfill site i/n"), may be null
     */
    Map<String, Backfilled> backfill(Site site, List<Scene> ordered, Map<String, Backfilled> reuse, boolean tolerant,
                                     java.util.function.Consumer<String> progress) {
        Map<String, Backfilled> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Scene s = ordered.get(i);
            if (!site.wgs84().intersects(s.footprintWgs84())) continue;
            List<Scene> earlier = SameDateFootprints.earlier(ordered, i);
            List<String> ids = earlier.stream().map(Scene::id).toList();
            Backfilled kept = reuse.get(s.id());
            if (kept != null && kept.earlierIds().equals(ids)) {
                out.put(s.id(), kept);
                continue;
            }
            try {
                out.put(s.id(), new Backfilled(ids, rowsFor(site, s, earlier, true)));
            } catch (RuntimeException e) {
                if (!tolerant) throw e;
            }
            if (progress != null) progress.accept("backfill " + site.id() + " " + (i + 1) + "/" + ordered.size());
        }
        return out;
    }

    /**
     * The rows of {@code site} over {@code scene}. A {@code stored} scene whose rasters cannot be read is marked
     * damaged and gives no rows (it is left out, as every read leaves a damaged scene out); the rasters of a scene
     * being ingested ({@code stored} false) were just written, and a failure to read them fails the ingest.
     */
    private List<SummaryRow> rowsFor(Site site, Scene scene, List<Scene> earlierSameDate, boolean stored) {
        Geometry whole = Geo.fromWgs84(site.wgs84(), Geo.crsOf(scene));
        Geometry part = SameDateFootprints.portion(whole, scene, earlierSameDate);
        List<SummaryRow> rows = new ArrayList<>();
        if (part.isEmpty()) return rows;
        double ground = Geo.areaM2(site.wgs84());
        if (stored) {
            return damages.read(scene, () -> rows(site, scene, part, whole, ground, true)).orElse(List.of());
        }
        return rows(site, scene, part, whole, ground, false);
    }

    private List<SummaryRow> rows(Site site, Scene scene, Geometry part, Geometry whole, double ground, boolean stored) {
        List<SummaryRow> rows = new ArrayList<>();
        for (String index : scene.indices()) {
            var raster = stored ? damages.raster(scene, index) : files.indexRaster(scene, index);
            ZonalSummary z = SiteSummarizer.summarize(raster, part, whole, ground, PixelRule.EXACT);
            rows.add(new SummaryRow(site.id(), scene.id(), index, z.toBytes()));
        }
        return rows;
    }

    /** NDVI statistics of every site over {@code scene}, at each site's threshold and endmembers. */
    List<SiteSceneStatistics> statisticsOfScene(Scene scene) {
        Map<String, SummaryRow> bySite = new TreeMap<>();
        for (SummaryRow r : stored.ofScene(scene.id(), "ndvi")) bySite.put(r.siteId(), r);
        List<SiteSceneStatistics> out = new ArrayList<>();
        for (Site site : sites.all()) {
            SummaryRow r = bySite.get(site.id());
            if (r == null) continue;
            ZonalSummary z = ZonalSummary.fromBytes(r.summary());
            out.add(new SiteSceneStatistics(site.id(), scene.id(), scene.date(),
                    ZonalStatistics.from(z, site.greenThreshold(), site.ndviSoil(), site.ndviVeg())));
        }
        return out;
    }

    private static int indexOf(List<Scene> scenes, String id) {
        for (int i = 0; i < scenes.size(); i++) if (scenes.get(i).id().equals(id)) return i;
        return -1;
    }
}
