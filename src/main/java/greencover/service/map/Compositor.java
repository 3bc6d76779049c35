package greencover.service.map;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.CrsTransforms;
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
 * snow, water), else no data. One instance serves one request, on one thread (it works in that thread's
 * {@link RenderScratch}).
 */
final class Compositor {
    private final TargetGrid target;
    private final CrsTransforms transforms;
    private final boolean max;
    private final boolean bilinear;
    private final boolean levelZero;
    private final Map<CoordinateReferenceSystem, GridWarper> warpers = new HashMap<>();
    private record GridKey(CoordinateReferenceSystem crs, RasterGrid grid) {}

    private final Map<GridKey, float[][]> coordinates = new HashMap<>();
    private final RenderScratch scratch = RenderScratch.get();
    private final short[] codes;
    private final int[] winner;
    private int validCount;

    /**
     * @param bilinear interpolate when level 0 is magnified
     * @param levelZero always read level 0 (point queries)
     * @param trackWinner record which raster supplied each pixel ({@link #winner()})
     */
    Compositor(TargetGrid target, CrsTransforms transforms, boolean max, boolean bilinear, boolean levelZero,
               boolean trackWinner) {
        this.target = target;
        this.transforms = transforms;
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
            warper = new GridWarper(target, mt);
            warpers.put(raster.crs(), warper);
        }
        double unitsPerPx = warper.sourceUnitsPerPixel();
        int level = levelZero ? 0 : level(raster, unitsPerPx);
        RasterGrid grid = raster.grid(level);
        GridKey key = new GridKey(raster.crs(), grid);
        float[][] cr = coordinates.get(key);
        if (cr == null) {
            int n = codes.length;
            // the first grid's positions use the thread's scratch arrays, any further grid its own
            cr = coordinates.isEmpty() ? new float[][] {scratch.col(n), scratch.row(n)}
                    : new float[][] {new float[n], new float[n]};
            warper.fill(grid, cr[0], cr[1]);
            coordinates.put(key, cr);
        }
        RasterGrid g0 = raster.grid();
        boolean magnify = bilinear && level == 0 && unitsPerPx < Math.sqrt(g0.pixelWidth() * g0.pixelHeight()) * 0.999;
        if (magnify) sampleBilinear(raster, grid, cr[0], cr[1], index);
        else sampleNearest(raster, level, grid, cr[0], cr[1], index);
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

    private void sampleNearest(IndexRaster raster, int level, RasterGrid grid, float[] col, float[] row, int index) {
        int n = codes.length, gw = grid.width(), gh = grid.height();
        int c0 = Integer.MAX_VALUE, r0 = Integer.MAX_VALUE, c1 = -1, r1 = -1;
        for (int p = 0; p < n; p++) {
            float c = col[p], r = row[p];
            if (c >= 0 && c < gw && r >= 0 && r < gh) {
                int ic = (int) c, ir = (int) r;
                if (ic < c0) c0 = ic;
                if (ic > c1) c1 = ic;
                if (ir < r0) r0 = ir;
                if (ir > r1) r1 = ir;
            }
        }
        if (c1 < 0) return; // the raster does not reach the target
        int ww = c1 - c0 + 1, wh = r1 - r0 + 1;
        long cells = (long) ww * wh;
        if (cells <= 4L * n + 65536) {
            short[] window = scratch.window((int) cells);
            raster.read(level, c0, r0, ww, wh, window);
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

    private void sampleBilinear(IndexRaster raster, RasterGrid grid, float[] col, float[] row, int index) {
        int n = codes.length, gw = grid.width(), gh = grid.height();
        int c0 = Integer.MAX_VALUE, r0 = Integer.MAX_VALUE, c1 = Integer.MIN_VALUE, r1 = Integer.MIN_VALUE;
        for (int p = 0; p < n; p++) {
            float c = col[p], r = row[p];
            if (c >= 0 && c < gw && r >= 0 && r < gh) {
                int ic = (int) c, ir = (int) r;
                c0 = Math.min(c0, ic - 1);
                c1 = Math.max(c1, ic + 1);
                r0 = Math.min(r0, ir - 1);
                r1 = Math.max(r1, ir + 1);
            }
        }
        if (c1 == Integer.MIN_VALUE) return;
        int ww = c1 - c0 + 1, wh = r1 - r0 + 1;
        long cells = (long) ww * wh;
        if (cells > 4L * n + 65536) {
            sampleNearest(raster, 0, grid, col, row, index);
            return;
        }
        short[] win = scratch.window((int) cells);
        raster.read(0, c0, r0, ww, wh, win);
        for (int p = 0; p < n; p++) {
            float c = col[p], r = row[p];
            if (!(c >= 0 && c < gw && r >= 0 && r < gh)) continue;
            int nc = (int) c - c0, nr = (int) r - r0;
            short s = win[nr * ww + nc];
            if (s >= IndexCodes.MIN_VALUE) {
                float u = c - 0.5f, v = r - 0.5f;
                int x0 = (int) (u + 1f) - 1, y0 = (int) (v + 1f) - 1; // floor for u, v >= -0.5
                float fx = u - x0, fy = v - y0;
                int a = (y0 - r0) * ww + (x0 - c0);
                int s00 = win[a], s10 = win[a + 1], s01 = win[a + ww], s11 = win[a + ww + 1];
                if (s00 >= IndexCodes.MIN_VALUE && s10 >= IndexCodes.MIN_VALUE
                        && s01 >= IndexCodes.MIN_VALUE && s11 >= IndexCodes.MIN_VALUE) {
                    float top = s00 + (s10 - s00) * fx, bottom = s01 + (s11 - s01) * fx;
                    s = (short) Math.round(top + (bottom - top) * fy);
                }
            }
            merge(p, s, index);
        }
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

    /** Codes of b − a where both are valid (clamped to the value range), else the class code of b, else a's. */
    static short[] difference(short[] a, short[] b) {
        short[] d = new short[a.length];
        for (int p = 0; p < a.length; p++) {
            short x = a[p], y = b[p];
            if (x >= IndexCodes.MIN_VALUE && y >= IndexCodes.MIN_VALUE) {
                int v = y - x;
                d[p] = (short) Math.max(IndexCodes.MIN_VALUE, Math.min(IndexCodes.MAX_VALUE, v));
            } else {
                d[p] = y < IndexCodes.MIN_VALUE ? y : x;
            }
        }
        return d;
    }

    /** Shortcut for a list of rasters in order. */
    void addAll(List<IndexRaster> rasters) throws FactoryException {
        for (int i = 0; i < rasters.size() && !complete(); i++) add(rasters.get(i), i);
    }
}
