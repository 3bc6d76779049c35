package greencover.service.series;

import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.service.Geo;
import greencover.service.SiteSummarizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.locationtech.jts.geom.Envelope;
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
        Map<String, List<Scene>> byGrid = new LinkedHashMap<>();
        for (Scene s : scenes) byGrid.computeIfAbsent(s.epsg() + "|" + s.grid(), k -> new ArrayList<>()).add(s);
        List<Scene> used = null;
        for (List<Scene> g : byGrid.values()) if (used == null || g.size() > used.size()) used = g;
        List<Scene> other = new ArrayList<>();
        for (Scene s : scenes) if (!Objects.requireNonNull(used).contains(s)) other.add(s);

        Scene first = used.get(0);
        RasterGrid grid = first.grid();
        Geometry whole = Geo.fromWgs84(siteWgs84, Geo.crsOf(first));
        Envelope e = whole.getEnvelopeInternal();
        int c0 = (int) Math.floor(grid.colOf(e.getMinX())) - 1, c1 = (int) Math.ceil(grid.colOf(e.getMaxX())) + 1;
        int r0 = (int) Math.floor(grid.rowOf(e.getMaxY())) - 1, r1 = (int) Math.ceil(grid.rowOf(e.getMinY())) + 1;
        int w = c1 - c0, h = r1 - r0, n = Math.multiplyExact(w, h);
        RasterGrid window = new RasterGrid(w, h, grid.minX() + c0 * grid.pixelWidth(), grid.maxY() - r0 * grid.pixelHeight(),
                grid.pixelWidth(), grid.pixelHeight());

        int k = used.size();
        short[][] values = new short[k][];
        IndexRaster crsOf = null;
        for (int i = 0; i < k; i++) {
            IndexRaster r = rasterOf.apply(used.get(i));
            if (crsOf == null) crsOf = r;
            values[i] = new short[n];
            r.read(0, c0, r0, w, h, values[i]);
        }
        short[] out = new short[n];
        short[] clear = new short[k];
        int[] classCount = new int[PixelClass.values().length];
        int need = Math.max(1, minObservations);
        for (int p = 0; p < n; p++) {
            int m = 0;
            Arrays.fill(classCount, 0);
            for (int i = 0; i < k; i++) {
                short v = values[i][p];
                if (IndexCodes.isValue(v)) clear[m++] = v;
                else classCount[IndexCodes.classOf(v)]++;
            }
            if (m >= need) {
                out[p] = median ? median(clear, m) : max(clear, m);
            } else {
                out[p] = IndexCodes.codeOf(mostFrequent(classCount));
            }
        }
        IndexRaster composite = new ArrayIndexRaster(window, crsOf.crs(), first.epsg(), out, 1);
        ZonalSummary z = SiteSummarizer.summarize(composite, whole, whole, Geo.areaM2(siteWgs84), rule);
        return new Result(z, List.copyOf(used), List.copyOf(other));
    }

    private static short max(short[] v, int m) {
        short best = v[0];
        for (int i = 1; i < m; i++) if (v[i] > best) best = v[i];
        return best;
    }

    private static short median(short[] v, int m) {
        Arrays.sort(v, 0, m);
        if (m % 2 == 1) return v[m / 2];
        return (short) Math.round((v[m / 2 - 1] + v[m / 2]) / 2.0);
    }

    /** The most frequent non-valid class, ties to the higher priority (lower code); no data when there is none. */
    private static byte mostFrequent(int[] count) {
        byte best = PixelClass.NODATA_CODE;
        int bestCount = 0;
        for (PixelClass c : PixelClass.values()) {
            byte code = c.code();
            if (code == PixelClass.VALID_CODE) continue;
            if (count[code] > bestCount) {
                best = code;
                bestCount = count[code];
            }
        }
        return best;
    }
}
