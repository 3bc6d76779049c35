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
 * Computes and recomputes the stored zonal summaries. A site's part accounted to a scene is its share of the date
 * ({@link SameDateMerge}): the ground it observed best among the date's scenes, so summaries of one date add up to the
 * site's observation and are the same whatever order the scenes were ingested in. Adding or deleting a scene
 * recomputes every scene of its date over the sites it touches.
 */
public final class SummaryService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository stored;
    private final SceneFileStore files;
    private final SceneDamages damages;
    private final SiteOutlines outlines;

    public SummaryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SceneFileStore files) {
        this(sites, scenes, stored, files, new SceneDamages(scenes, files));
    }

    /** @param damages where a stored scene whose rasters fail to read is recorded (it is then left out) */
    public SummaryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SceneFileStore files,
                          SceneDamages damages) {
        this(sites, scenes, stored, files, damages, new SiteOutlines(null));
    }

    /** @param outlines which outline of a site counts on each date ({@link SiteOutlines}) */
    public SummaryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SceneFileStore files,
                          SceneDamages damages, SiteOutlines outlines) {
        this.outlines = java.util.Objects.requireNonNull(outlines, "outlines");
        this.sites = sites;
        this.scenes = scenes;
        this.stored = stored;
        this.files = files;
        this.damages = damages;
    }

    /** Statistics of one site over one scene (NDVI at the site's threshold), as returned by an ingest. */
    public record SiteSceneStatistics(String siteId, String sceneId, java.time.LocalDate date, ZonalStatistics statistics) {}

    /**
     * Rows for a scene whose files are published but which is not yet in the catalog: for every site it touches, the
     * shares of every scene of its date over that site ({@link SameDateMerge}), the new scene's among them.
     */
    List<SummaryRow> summarizeNewScene(Scene scene) {
        List<Scene> sameDate = new ArrayList<>(scenes.between(scene.date(), scene.date()));
        sameDate.removeIf(s -> s.id().equals(scene.id()));
        sameDate.add(scene);
        List<SummaryRow> rows = new ArrayList<>();
        SiteOutlines.View view = outlines.view();
        for (Site base : sites.all()) {
            Site site = view.on(base, scene.date());
            if (!site.wgs84().intersects(scene.footprintWgs84())) continue;
            rows.addAll(rowsFor(site, SameDateMerge.group(sameDate, scene, site.wgs84()), scene));
        }
        return rows;
    }

    /**
     * Rows for a scene about to replace the scenes {@code replaced} of its date (older processings of its acquisition)
     * in one commit: for every site it touches, the shares of the date's scenes without the replaced ones, the new
     * one's among them; for the sites only a replaced scene touched, the shares of the others (as after a delete).
     */
    List<SummaryRow> summarizeReplacing(Scene scene, List<Scene> replaced) {
        java.util.Set<String> gone = new java.util.HashSet<>();
        for (Scene r : replaced) gone.add(r.id());
        List<Scene> sameDate = new ArrayList<>(scenes.between(scene.date(), scene.date()));
        sameDate.removeIf(s -> s.id().equals(scene.id()) || gone.contains(s.id()));
        sameDate.add(scene);
        List<SummaryRow> rows = new ArrayList<>();
        SiteOutlines.View view = outlines.view();
        for (Site base : sites.all()) {
            Site site = view.on(base, scene.date());
            boolean onNew = site.wgs84().intersects(scene.footprintWgs84());
            if (!onNew && replaced.stream().noneMatch(r -> site.wgs84().intersects(r.footprintWgs84()))) continue;
            List<Scene> group = SameDateMerge.group(sameDate, scene, site.wgs84());
            if (!group.isEmpty()) rows.addAll(rowsFor(site, group, onNew ? scene : null));
        }
        return rows;
    }

    /** Rows to rewrite for the other scenes of {@code removed}'s date once it is gone (the sites it touched only). */
    List<SummaryRow> summariesAfterRemoving(Scene removed) {
        List<Scene> sameDate = new ArrayList<>(scenes.between(removed.date(), removed.date()));
        sameDate.removeIf(s -> s.id().equals(removed.id()));
        List<SummaryRow> rows = new ArrayList<>();
        if (sameDate.isEmpty()) return rows;
        SiteOutlines.View view = outlines.view();
        for (Site base : sites.all()) {
            Site site = view.on(base, removed.date());
            if (!site.wgs84().intersects(removed.footprintWgs84())) continue;
            List<Scene> group = SameDateMerge.group(sameDate, removed, site.wgs84());
            if (!group.isEmpty()) rows.addAll(rowsFor(site, group, null));
        }
        return rows;
    }

    /**
     * Rows of every site over date {@code date}'s scenes, merged ({@link SameDateMerge}), for the sites that more than
     * one of them touches (a scene alone on its date over a site has the same rows under every rule).
     */
    List<SummaryRow> remergeDate(java.time.LocalDate date) {
        List<Scene> sameDate = scenes.between(date, date);
        List<SummaryRow> rows = new ArrayList<>();
        if (sameDate.size() < 2) return rows;
        SiteOutlines.View view = outlines.view();
        for (Site base : sites.all()) {
            Site site = view.on(base, date);
            List<Scene> group = SameDateMerge.group(sameDate, sameDate.get(0), site.wgs84());
            if (group.size() > 1) rows.addAll(rowsFor(site, group, null));
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
     * A new site's rows over one scene, with the ids of the scenes of that date over the site (sorted), which are all
     * that shaped them besides the site and the scene: equal ids, equal rows.
     */
    record Backfilled(List<String> sameDateIds, List<SummaryRow> rows) {}

    /**
     * The rows of {@code site} over every scene of {@code ordered} (the catalog's scenes) that it intersects, by scene
     * id, computed date by date ({@link SameDateMerge}). A date whose scenes over the site are those of its entries in
     * {@code reuse} keeps those rows; the others are computed. With {@code tolerant}, a date that cannot be read (a
     * scene deleted meanwhile, when the caller does not hold the write lock) is left out instead of failing, for the
     * caller to redo later.
     *
     * @param progress told after each computed date ("backfill site i/n", i counting scenes), may be null
     */
    Map<String, Backfilled> backfill(Site base, List<Scene> ordered, Map<String, Backfilled> reuse, boolean tolerant,
                                     java.util.function.Consumer<String> progress) {
        return backfill(base, ordered, reuse, tolerant, progress, null);
    }

    /**
     * As above; {@code rasters} (may be null, or answer null) gives the index raster of a scene of {@code ordered} that is
     * not the stored one (a remote scene read again over the site's window, {@link SceneService#reread}).
     */
    Map<String, Backfilled> backfill(Site base, List<Scene> ordered, Map<String, Backfilled> reuse, boolean tolerant,
                                     java.util.function.Consumer<String> progress,
                                     java.util.function.BiFunction<Scene, String, greencover.core.raster.IndexRaster> rasters) {
        Map<String, Backfilled> out = new java.util.LinkedHashMap<>();
        java.util.Set<java.time.LocalDate> done = new java.util.HashSet<>();
        SiteOutlines.View view = outlines.view();
        for (int i = 0; i < ordered.size(); i++) {
            Scene s = ordered.get(i);
            Site site = view.on(base, s.date());
            if (!site.wgs84().intersects(s.footprintWgs84()) || !done.add(s.date())) continue;
            List<Scene> group = SameDateMerge.group(ordered, s, site.wgs84());
            List<String> ids = group.stream().map(Scene::id).toList();
            if (group.stream().allMatch(g -> reuse.containsKey(g.id()) && reuse.get(g.id()).sameDateIds().equals(ids))) {
                for (Scene g : group) out.put(g.id(), reuse.get(g.id()));
                continue;
            }
            List<SummaryRow> rows;
            try {
                rows = rowsFor(site, group, null, rasters);
            } catch (RuntimeException e) {
                if (!tolerant) throw e;
                continue;
            }
            for (Scene g : group) {
                out.put(g.id(), new Backfilled(ids, rows.stream().filter(r -> r.sceneId().equals(g.id())).toList()));
            }
            if (progress != null) progress.accept("backfill " + site.id() + " " + (i + 1) + "/" + ordered.size());
        }
        return out;
    }

    /**
     * The rows of {@code site} over the scenes of {@code group} (one date, all over the site): per index, every scene's
     * share ({@link SameDateMerge}), through the site's own masks ({@link SiteMasks}). An HLS-adjusted index ({@code ndvi-hls}) is merged with the scenes that lack it
     * entering with the plain index (as a harmonised series takes them), and stored for the scenes that have it. A
     * stored scene whose rasters cannot be read is marked damaged and left out (as every read leaves a damaged scene
     * out); the rasters of {@code fresh} (the scene being ingested, may be null) were just written, and a failure to
     * read them fails the ingest.
     */
    List<SummaryRow> rowsFor(Site site, List<Scene> group, Scene fresh) { return rowsFor(site, group, fresh, null); }

    private List<SummaryRow> rowsFor(Site site, List<Scene> group, Scene fresh,
                                     java.util.function.BiFunction<Scene, String, greencover.core.raster.IndexRaster> rasters) {
        List<SummaryRow> rows = new ArrayList<>();
        double ground = Geo.areaM2(site.wgs84());
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        for (Scene s : group) keys.addAll(s.indices());
        for (String key : keys) {
            String plain = key.endsWith(SceneService.HLS_SUFFIX) ? key.substring(0, key.length() - SceneService.HLS_SUFFIX.length()) : null;
            List<SameDateMerge.Entry> entries = new ArrayList<>();
            for (Scene s : group) {
                String use = s.indices().contains(key) ? key : plain != null && s.indices().contains(plain) ? plain : null;
                if (use == null) continue;
                greencover.core.raster.IndexRaster other = rasters == null ? null : rasters.apply(s, use);
                if (other != null) {
                    entries.add(new SameDateMerge.Entry(s, SiteMasks.view(site, s, other, ground)));
                } else if (fresh != null && s.id().equals(fresh.id())) {
                    entries.add(new SameDateMerge.Entry(s, SiteMasks.view(site, s, files.indexRaster(s, use), ground)));
                } else {
                    damages.read(s, () -> damages.guarded(s, use))
                            .ifPresent(r -> entries.add(new SameDateMerge.Entry(s, SiteMasks.view(site, s, r, ground))));
                }
            }
            for (var e : SameDateMerge.shares(site.wgs84(), ground, entries, PixelRule.EXACT).entrySet()) {
                Scene s = group.stream().filter(g -> g.id().equals(e.getKey())).findFirst().orElseThrow();
                if (s.indices().contains(key)) rows.add(new SummaryRow(site.id(), s.id(), key, e.getValue().toBytes()));
            }
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

}
