package greencover.service.series;

import greencover.core.raster.CompositeRaster;
import greencover.core.raster.IndexRaster;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.service.Geo;
import greencover.service.SiteSummarizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.locationtech.jts.geom.Geometry;

/**
 * Per-pixel annual composites ({@link Composite#PIXEL_MAX}, {@link Composite#PIXEL_MEDIAN}) of one year's scenes over
 * a site, summarised with the series' pixel rule over the composite grid.
 *
 * <p>The rule, pixel by pixel of the scene grid: the pixel's observations that count are its valid index values (clear
 * land) over the year's scenes in the month window; cloud, shadow, snow, water and no data carry no index value. With at least
 * {@code minObservations} (and at least one) of them the composite is their maximum (the greenest observation, the
 * maximum-value composite of Holben 1986, which the maps' {@code COMPOSITE=max} also draws) or their median (the middle
 * value, or the mean of the two middle values rounded to the 1e-4 quantisation). With fewer it takes the class most
 * frequent among its non-clear observations (ties: the lower class code, no data &gt; cloud &gt; snow &gt; water &gt; shadow), or no
 * data when it has none (too few clear observations); a pixel outside every scene is no data. So a permanent pond
 * stays water and a pixel that was never seen stays cloud.
 *
 * <p>The rule is {@link CompositeRaster}'s, which the change between two periods ({@link PeriodChange}) and the
 * change map layers read too.
 *
 * <p>The composite grid is a scene grid: the grid (CRS, origin, pixel size, extent) shared by most of the year's
 * scenes, on a tie the grid of the earliest of them. Scenes on another grid (another UTM zone or tile) are left out of
 * that year's composite and named in the result, since their pixels do not line up; composites never resample.
 */
final class PixelComposites {
    private PixelComposites() {}

    /** A year's composite summary with the scenes used and those left out for being on another grid. */
    record Result(ZonalSummary summary, List<Scene> used, List<Scene> otherGrid) {}

    /**
     * The composite of {@code scenes} (catalog order, all intersecting the site, each with the raster {@code keyOf}
     * names) over {@code siteWgs84}.
     *
     * @param median true for the per-pixel median, false for the maximum
     */
    static Result of(List<Scene> scenes, Function<Scene, String> keyOf, Geometry siteWgs84, boolean median, int minObservations,
                     PixelRule rule, Function<Scene, IndexRaster> rasterOf) {
        List<Scene> used = majorityGrid(scenes);
        List<Scene> other = new ArrayList<>();
        for (Scene s : scenes) if (!used.contains(s)) other.add(s);

        Scene first = used.get(0);
        Geometry whole = Geo.fromWgs84(siteWgs84, Geo.crsOf(first));
        List<IndexRaster> rasters = new ArrayList<>(used.size());
        for (Scene s : used) rasters.add(rasterOf.apply(s));
        IndexRaster composite = new CompositeRaster(rasters, median, minObservations);
        ZonalSummary z = SiteSummarizer.summarize(composite, whole, whole, Geo.areaM2(siteWgs84), rule);
        return new Result(z, List.copyOf(used), List.copyOf(other));
    }

    /**
     * The scenes of {@code scenes} (catalog order, at least one) on the grid most of them share (CRS and grid), on a
     * tie the grid of the earliest of them, in catalog order.
     */
    static List<Scene> majorityGrid(List<Scene> scenes) {
        Map<String, List<Scene>> byGrid = new LinkedHashMap<>();
        for (Scene s : scenes) byGrid.computeIfAbsent(s.epsg() + "|" + s.grid(), k -> new ArrayList<>()).add(s);
        List<Scene> used = null;
        for (List<Scene> g : byGrid.values()) if (used == null || g.size() > used.size()) used = g;
        return Objects.requireNonNull(used, "no scene");
    }
}
