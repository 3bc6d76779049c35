package greencover.service.series;

import greencover.core.index.Fvc;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.service.Geo;
import greencover.service.PolygonRules;
import greencover.service.SceneDamages;
import greencover.service.SiteSummarizer;
import greencover.service.SummaryService;
import greencover.service.admission.MemoryBudget;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.PayloadTooLargeException;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * Statistics of an ad-hoc polygon over stored scenes, computed from the index rasters and never stored
 * ({@code POST /api/v1/statistics}). Each scene counts the whole polygon: unlike a site's series, results are per
 * scene, so scenes of one date are not merged and their footprints are not subtracted.
 */
public final class AdHocStatisticsService {
    /** The most scenes one request may name. */
    public static final int MAX_SCENES = 1000;

    private final SceneRepository scenes;
    private final SceneDamages damages;
    private final MemoryBudget memory;

    /** @param memory the budget each scene's computation reserves its working memory from ({@link SiteSummarizer#workingBytes}) */
    public AdHocStatisticsService(SceneRepository scenes, SceneFileStore files, MemoryBudget memory) {
        this(scenes, new SceneDamages(scenes, files), memory);
    }

    /**
     * @param damages where a scene whose rasters fail to read is recorded (it is then left out of the answer)
     * @param memory  the budget each scene's computation reserves its working memory from ({@link SiteSummarizer#workingBytes})
     */
    public AdHocStatisticsService(SceneRepository scenes, SceneDamages damages, MemoryBudget memory) {
        this.scenes = scenes;
        this.damages = damages;
        this.memory = java.util.Objects.requireNonNull(memory, "memory");
    }

    /**
     * Statistics of {@code wgs84} (polygonal, WGS84 lon/lat) over the scenes {@code sceneIds} (every scene whose
     * footprint intersects it when empty) that carry index {@code index}, in scene order.
     *
     * @throws NoSuchResourceException   (field {@code scenes}) when a named scene does not exist
     * @throws PayloadTooLargeException when more than {@link #MAX_SCENES} scenes are named
     * @throws InvalidInputException    (field {@code threshold}) when the threshold is outside [-1, 1]; (field
     *                                  {@code geometry}) when {@code wgs84} breaks the {@link PolygonRules}
     * @throws greencover.service.error.OverloadedException when the memory budget has no room for a scene's
     *                                  computation within its wait; {@code PayloadTooLargeException} (field
     *                                  {@code geometry}) when one needs more than the whole budget
     */
    public List<SummaryService.SiteSceneStatistics> statistics(Geometry wgs84, List<String> sceneIds, String index,
                                                               double threshold, Fvc fvc, PixelRule rule) {
        PolygonRules.check(wgs84, "geometry");
        if (!(threshold >= -1 && threshold <= 1)) {
            throw InvalidInputException.invalid("threshold", "threshold must be in [-1, 1] but was " + threshold);
        }
        List<Scene> chosen = new ArrayList<>();
        if (sceneIds == null || sceneIds.isEmpty()) {
            for (Scene s : scenes.all()) if (s.footprintWgs84().intersects(wgs84)) chosen.add(s);
        } else {
            if (sceneIds.size() > MAX_SCENES) throw new PayloadTooLargeException("scenes", "at most " + MAX_SCENES + " scenes per request");
            for (String id : sceneIds) chosen.add(scenes.byId(id).orElseThrow(() -> damagedOrMissing(id)));
        }
        List<SummaryService.SiteSceneStatistics> out = new ArrayList<>();
        double ground = Geo.areaM2(wgs84);
        for (Scene s : chosen) {
            if (!s.indices().contains(index)) continue;
            Geometry g = Geo.fromWgs84(wgs84, Geo.crsOf(s));
            java.util.Optional<ZonalSummary> z;
            try (MemoryBudget.Reservation held = memory.reserve(damages.read(s, () -> SiteSummarizer.workingBytes(
                    damages.raster(s, index).grid(), g)).orElse(0L), "geometry", "the statistics of this polygon")) {
                z = damages.read(s, () -> SiteSummarizer.summarize(damages.raster(s, index), g, g, ground, rule));
            }
            if (z.isEmpty()) continue; // its files are damaged: marked, and left out as from every read
            out.add(new SummaryService.SiteSceneStatistics(null, s.id(), s.date(), ZonalStatistics.from(z.get(), threshold, fvc)));
        }
        return out;
    }

    private InvalidInputException damagedOrMissing(String id) {
        for (Scene d : scenes.damaged()) {
            if (d.id().equals(id)) {
                return new InvalidInputException("scene_damaged", "scenes", "scene '" + id + "' is damaged (" + d.damage().reason()
                        + "); DELETE it or ingest its files again");
            }
        }
        return new InvalidInputException("not_found", "scenes", "scene '" + id + "' does not exist");
    }
}
