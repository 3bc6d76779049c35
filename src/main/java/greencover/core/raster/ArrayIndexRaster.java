package greencover.core.raster;

import java.util.Arrays;
import java.util.Objects;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * An {@link IndexRaster} held in memory: level 0 is the given array, the overviews are computed at
 * construction by {@link Overviews} (the rule the {@link IndexTiffWriter} files follow too: the rounded mean of
 * the valid level-0 values beneath each cell, else the most frequent class code). Immutable and thread-safe.
 */
public final class ArrayIndexRaster implements IndexRaster {
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
        Overviews.build(grid, levelCount, level0, (k, row, samples, width) ->
                System.arraycopy(samples, 0, levels[k], row * width, width));
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
}
