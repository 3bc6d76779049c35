package greencover.service.map;

import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import java.util.Objects;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * An {@link IndexRaster} held in memory: level 0 is the given array, the overviews are computed at
 * construction as {@link IndexRaster} defines them — the mean (rounded half up) of the valid level-0 values
 * beneath each overview cell, or, when none is valid, the most frequent class code beneath it (ties resolved in
 * the priority order no data, cloud, snow, water). Cells of a coarser level that hang over the grid's east or
 * south edge summarise only the level-0 cells that exist. Immutable and thread-safe.
 */
public final class ArrayIndexRaster implements IndexRaster {
    private static final short[] CLASS_CODES = {IndexCodes.NODATA, IndexCodes.CLOUD, IndexCodes.SNOW, IndexCodes.WATER};

    private final RasterGrid grid;
    private final CoordinateReferenceSystem crs;
    private final int epsg;
    private final short[][] levels;

    /** Creates a raster with overviews down to the first level that fits in 256 × 256 cells. */
    public ArrayIndexRaster(RasterGrid grid, CoordinateReferenceSystem crs, int epsg, short[] level0) {
        this(grid, crs, epsg, level0, defaultLevelCount(grid));
    }

    /**
     * Creates a raster with {@code levelCount} levels (1 = no overview). The raster keeps {@code level0}
     * without copying it; the caller must not modify it afterwards.
     */
    public ArrayIndexRaster(RasterGrid grid, CoordinateReferenceSystem crs, int epsg, short[] level0, int levelCount) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.crs = Objects.requireNonNull(crs, "crs");
        this.epsg = epsg;
        Objects.requireNonNull(level0, "level0");
        if (level0.length != grid.pixelCount()) {
            throw new IllegalArgumentException("level0 must hold " + grid.pixelCount() + " cells but had " + level0.length);
        }
        if (levelCount < 1 || levelCount > 31) {
            throw new IllegalArgumentException("levelCount must be 1..31 but was " + levelCount);
        }
        levels = new short[levelCount][];
        levels[0] = level0;
        for (int k = 1; k < levelCount; k++) {
            RasterGrid g = grid.overview(k);
            levels[k] = new short[Math.toIntExact(g.pixelCount())];
        }
        if (levelCount > 1) new OverviewBuilder().run();
    }

    /** The number of levels until the coarsest fits in 256 × 256 cells. */
    public static int defaultLevelCount(RasterGrid grid) {
        return grid.levelsToFit(256);
    }

    @Override public RasterGrid grid() { return grid; }

    @Override public CoordinateReferenceSystem crs() { return crs; }

    @Override public int epsg() { return epsg; }

    @Override public int levelCount() { return levels.length; }

    @Override
    public short sample(int level, int col, int row) {
        RasterGrid g = grid(level);
        if (col < 0 || row < 0 || col >= g.width() || row >= g.height()) return IndexCodes.NODATA;
        return levels[level][row * g.width() + col];
    }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        if (w < 0 || h < 0) throw new IllegalArgumentException("window size must not be negative: " + w + "x" + h);
        if (out.length < (long) w * h) throw new IllegalArgumentException("out must hold " + (long) w * h + " cells");
        RasterGrid g = grid(level);
        short[] data = levels[level];
        int gw = g.width(), gh = g.height();
        int c0 = Math.max(col0, 0), c1 = Math.min(col0 + w, gw); // clipped columns [c0, c1)
        for (int r = 0; r < h; r++) {
            int row = row0 + r, o = r * w;
            if (row < 0 || row >= gh || c0 >= c1) {
                Arrays.fill(out, o, o + w, IndexCodes.NODATA);
                continue;
            }
            if (c0 > col0) Arrays.fill(out, o, o + (c0 - col0), IndexCodes.NODATA);
            System.arraycopy(data, row * gw + c0, out, o + (c0 - col0), c1 - c0);
            if (c1 < col0 + w) Arrays.fill(out, o + (c1 - col0), o + w, IndexCodes.NODATA);
        }
    }

    @Override
    public void close() {}

    private static int classIndex(short code) {
        switch (code) {
            case IndexCodes.CLOUD: return 1;
            case IndexCodes.SNOW: return 2;
            case IndexCodes.WATER: return 3;
            default: return 0;
        }
    }

    /**
     * Streams level 0 row by row into per-level accumulators of one output row (sum and count of valid values,
     * count of each class), so every overview is exact over level 0 with memory of one row per level.
     */
    private final class OverviewBuilder {
        private final long[][] sum = new long[levels.length][];
        private final int[][] count = new int[levels.length][];
        private final int[][] classes = new int[levels.length][];

        OverviewBuilder() {
            for (int k = 1; k < levels.length; k++) {
                int wk = grid.overview(k).width();
                sum[k] = new long[wk];
                count[k] = new int[wk];
                classes[k] = new int[4 * wk];
            }
        }

        void run() {
            int w = grid.width(), h = grid.height();
            short[] data = levels[0];
            long[] s1 = sum[1];
            int[] n1 = count[1], k1 = classes[1];
            for (int r = 0; r < h; r++) {
                int base = r * w;
                for (int c = 0; c < w; c++) {
                    short v = data[base + c];
                    int t = c >> 1;
                    if (v >= IndexCodes.MIN_VALUE) {
                        s1[t] += v;
                        n1[t]++;
                    } else {
                        k1[4 * t + classIndex(v)]++;
                    }
                }
                if ((r & 1) == 1 || r == h - 1) emit(1, r >> 1);
            }
        }

        private void emit(int k, int rowK) {
            RasterGrid g = grid.overview(k);
            int wk = g.width();
            short[] out = levels[k];
            long[] s = sum[k];
            int[] n = count[k], cl = classes[k];
            for (int c = 0; c < wk; c++) {
                short code;
                if (n[c] > 0) {
                    code = (short) Math.round((double) s[c] / n[c]);
                } else {
                    int best = 0;
                    for (int q = 1; q < 4; q++) if (cl[4 * c + q] > cl[4 * c + best]) best = q;
                    code = CLASS_CODES[best];
                }
                out[rowK * wk + c] = code;
            }
            if (k + 1 < levels.length) {
                long[] s2 = sum[k + 1];
                int[] n2 = count[k + 1], cl2 = classes[k + 1];
                for (int c = 0; c < wk; c++) {
                    int t = c >> 1;
                    s2[t] += s[c];
                    n2[t] += n[c];
                    for (int q = 0; q < 4; q++) cl2[4 * t + q] += cl[4 * c + q];
                }
            }
            Arrays.fill(s, 0);
            Arrays.fill(n, 0);
            Arrays.fill(cl, 0);
            if (k + 1 < levels.length && ((rowK & 1) == 1 || rowK == g.height() - 1)) emit(k + 1, rowK >> 1);
        }
    }
}
