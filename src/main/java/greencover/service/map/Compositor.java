package greencover.service.map;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.Extent;
import greencover.core.tiles.GridWarper;
import greencover.core.tiles.TargetGrid;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;

/**
 * Composites index rasters into the codes of a target grid: each raster is warped (nearest neighbour, or
 * bilinear between four valid values when magnifying level 0) at the overview level matching the target
 * resolution, and merged pixel by pixel. Rule "first": the first raster with a valid value wins (rasters come
 * latest first, or in id order for one date), so clouds never hide a clear observation. Rule "max": the largest
 * valid value wins. Where no raster is valid the pixel keeps the first class code other than no data (cloud,
 * snow, water), else no data. One instance serves one request, on one thread, and works in the
 * {@link RenderScratch} it is given, which nothing else may use until the composite is done.
 */
final class Compositor {
    /** Control-grid spacing of the warps, in target pixels. */
    static final int CONTROL_STEP_PX = 32;

    private final TargetGrid target;
    private final CrsTransforms transforms;
    private final boolean max;
    private final boolean bilinear;
    private final boolean levelZero;
    private final Map<CoordinateReferenceSystem, GridWarper> warpers = new HashMap<>();
    private record GridKey(CoordinateReferenceSystem crs, RasterGrid grid) {}

    /** Source positions of every target pixel in one grid, and their bounds (null when none is finite). */
    private record Positions(float[] col, float[] row, Extent bounds) {}

    private final Map<GridKey, Positions> coordinates = new HashMap<>();
    private final RenderScratch scratch;
    private final short[] codes;
    private final int[] winner;
    private int validCount;
    /** True until a raster has been merged: every code is still no data, so merging is a plain copy. */
    private boolean untouched = true;

    /**
     * @param scratch working arrays for this composite alone, until its last {@link #add}
     * @param bilinear interpolate when level 0 is magnified
     * @param levelZero always read level 0 (point queries)
     * @param trackWinner record which raster supplied each pixel ({@link #winner()})
     */
    Compositor(TargetGrid target, CrsTransforms transforms, RenderScratch scratch, boolean max, boolean bilinear,
               boolean levelZero, boolean trackWinner) {
        this.target = target;
        this.transforms = transforms;
        this.scratch = scratch;
        this.max = max;
        this.bilinear = bilinear;
        this.levelZero = levelZero;
        int n = target.width() * target.height();
        this.codes = new short[n];
        Arrays.fill(codes, IndexCodes.NODATA);
        this.winner = trackWinner ? new int[n] : null;
        if (winner != null) Arrays.fill(winner, -1);
    }

    short[] codes() { return codes; }

    /** Index (in the order of {@link #add} calls) of the raster that supplied each pixel, -1 for none. */
    int[] winner() { return winner; }

    /** True when every pixel holds a valid value (later rasters cannot change a "first" composite). */
    boolean complete() { return !max && validCount == codes.length; }

    int validCount() { return validCount; }

    /** Merges {@code raster} (the {@code index}-th added) into the composite. */
    void add(IndexRaster raster, int index) throws FactoryException {
        if (complete()) return;
        GridWarper warper = warpers.get(raster.crs());
        if (warper == null) {
            MathTransform mt = transforms.find(target.crs(), raster.crs());
            // a coarser control grid than the default: a map reads the level whose cells match its pixels, where
            // 32 px cells stay within the error bound (GridWarperTest); point queries read level 0 through 1 px
            warper = new GridWarper(target, mt, CONTROL_STEP_PX, GridWarper.DEFAULT_MAX_ERROR_PX);
            warpers.put(raster.crs(), warper);
        }
        double unitsPerPx = warper.sourceUnitsPerPixel();
        int level = levelZero ? 0 : level(raster, unitsPerPx);
        RasterGrid grid = raster.grid(level);
        GridKey key = new GridKey(raster.crs(), grid);
        Positions pos = coordinates.get(key);
        if (pos == null) {
            int n = codes.length;
            // the first grid's positions use the scratch arrays, any further grid its own
            float[] col = coordinates.isEmpty() ? scratch.col(n) : new float[n];
            float[] row = coordinates.isEmpty() ? scratch.row(n) : new float[n];
            pos = new Positions(col, row, warper.fill(grid, col, row));
            coordinates.put(key, pos);
        }
        if (pos.bounds() == null) return; // nothing of the target maps into the raster's CRS
        RasterGrid g0 = raster.grid();
        boolean magnify = bilinear && level == 0 && unitsPerPx < Math.sqrt(g0.pixelWidth() * g0.pixelHeight()) * 0.999;
        if (magnify) sampleBilinear(raster, grid, pos, index);
        else sampleNearest(raster, level, grid, pos, index);
        untouched = false;
    }

    /** The coarsest level whose cells are not larger than a target pixel. */
    static int level(IndexRaster raster, double unitsPerPx) {
        if (!(unitsPerPx > 0)) return 0;
        RasterGrid g = raster.grid();
        double px = Math.sqrt(g.pixelWidth() * g.pixelHeight());
        int k = 0;
        while (k + 1 < raster.levelCount() && px * (1L << (k + 1)) <= unitsPerPx * 1.0001) k++;
        return k;
    }

    /**
     * The window of cells [c0, c1] × [r0, r1] (inclusive, clipped to lo..hi) that holds every position of
     * {@code b} widened by {@code margin} cells (one of which absorbs float rounding of the stored positions);
     * null when it is empty.
     */
    private static int[] window(Extent b, int margin, int loC, int hiC, int loR, int hiR) {
        int c0 = (int) Math.max(loC, Math.floor(b.minX()) - margin), c1 = (int) Math.min(hiC, Math.floor(b.maxX()) + margin);
        int r0 = (int) Math.max(loR, Math.floor(b.minY()) - margin), r1 = (int) Math.min(hiR, Math.floor(b.maxY()) + margin);
        return c0 <= c1 && r0 <= r1 ? new int[] {c0, r0, c1, r1} : null;
    }

    private void sampleNearest(IndexRaster raster, int level, RasterGrid grid, Positions pos, int index) {
        int n = codes.length, gw = grid.width(), gh = grid.height();
        float[] col = pos.col(), row = pos.row();
        int[] win = window(pos.bounds(), 1, 0, gw - 1, 0, gh - 1);
        if (win == null) return; // the raster does not reach the target
        int c0 = win[0], r0 = win[1], ww = win[2] - c0 + 1, wh = win[3] - r0 + 1;
        long cells = (long) ww * wh;
        if (cells <= 4L * n + 65536) {
            short[] window = scratch.window((int) cells);
            raster.read(level, c0, r0, ww, wh, window);
            if (untouched && winner == null) {
                // the first raster: a copy (no data stays no data), counting valid values
                int valid = 0;
                for (int p = 0; p < n; p++) {
                    float c = col[p], r = row[p];
                    if (!(c >= 0 && c < gw && r >= 0 && r < gh)) continue;
                    short s = window[((int) r - r0) * ww + ((int) c - c0)];
                    codes[p] = s;
                    if (s >= IndexCodes.MIN_VALUE) valid++;
                }
                validCount += valid;
                return;
            }
            for (int p = 0; p < n; p++) {
                float c = col[p], r = row[p];
                if (!(c >= 0 && c < gw && r >= 0 && r < gh)) continue;
                merge(p, window[((int) r - r0) * ww + ((int) c - c0)], index);
            }
        } else {
            for (int p = 0; p < n; p++) {
                float c = col[p], r = row[p];
                if (!(c >= 0 && c < gw && r >= 0 && r < gh)) continue;
                merge(p, raster.sample(level, (int) c, (int) r), index);
            }
        }
    }

    private void sampleBilinear(IndexRaster raster, RasterGrid grid, Positions pos, int index) {
        int n = codes.length, gw = grid.width(), gh = grid.height();
        float[] col = pos.col(), row = pos.row();
        // the four cell centres around a position reach one cell further; a window may overhang the grid by one
        int[] bounds = window(pos.bounds(), 2, -1, gw, -1, gh);
        if (bounds == null) return;
        int c0 = bounds[0], r0 = bounds[1], ww = bounds[2] - c0 + 1, wh = bounds[3] - r0 + 1;
        long cells = (long) ww * wh;
        if (cells > 4L * n + 65536) {
            sampleNearest(raster, 0, grid, pos, index);
            return;
        }
        short[] win = scratch.window((int) cells);
        raster.read(0, c0, r0, ww, wh, win);
        boolean copy = untouched && winner == null;
        int valid = 0;
        for (int p = 0; p < n; p++) {
            float c = col[p], r = row[p];
            if (!(c >= 0 && c < gw && r >= 0 && r < gh)) continue;
            short s = win[((int) r - r0) * ww + ((int) c - c0)];
            if (s >= IndexCodes.MIN_VALUE) {
                // fixed point, 1/256 cell: position from the centre of cell (x0, y0), the upper-left of the four
                // cell centres around (c, r); c, r >= 0 so the casts floor, and >> floors -0.5 to -1
                int fu = (int) (c * 256f) - 128, fv = (int) (r * 256f) - 128;
                int x0 = fu >> 8, y0 = fv >> 8, fx = fu & 0xFF, fy = fv & 0xFF;
                int a = (y0 - r0) * ww + (x0 - c0);
                int s00 = win[a], s10 = win[a + 1], s01 = win[a + ww], s11 = win[a + ww + 1];
                if (s00 >= IndexCodes.MIN_VALUE && s10 >= IndexCodes.MIN_VALUE
                        && s01 >= IndexCodes.MIN_VALUE && s11 >= IndexCodes.MIN_VALUE) {
                    int top = (s00 << 8) + (s10 - s00) * fx, bottom = (s01 << 8) + (s11 - s01) * fx; // x 256
                    s = (short) ((((long) top << 8) + (long) (bottom - top) * fy + 32768) >> 16);  // rounded
                }
            }
            if (copy) {
                codes[p] = s;
                if (s >= IndexCodes.MIN_VALUE) valid++;
            } else {
                merge(p, s, index);
            }
        }
        validCount += valid;
    }

    private void merge(int p, short s, int index) {
        short cur = codes[p];
        if (s >= IndexCodes.MIN_VALUE) {
            if (cur < IndexCodes.MIN_VALUE) {
                codes[p] = s;
                validCount++;
                if (winner != null) winner[p] = index;
            } else if (max && s > cur) {
                codes[p] = s;
                if (winner != null) winner[p] = index;
            }
        } else if (cur == IndexCodes.NODATA && s != IndexCodes.NODATA) {
            codes[p] = s;
            if (winner != null) winner[p] = index;
        }
    }

    /** Shortcut for a list of rasters in order. */
    void addAll(List<IndexRaster> rasters) throws FactoryException {
        for (int i = 0; i < rasters.size() && !complete(); i++) add(rasters.get(i), i);
    }
}
