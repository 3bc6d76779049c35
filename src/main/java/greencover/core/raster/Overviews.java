package greencover.core.raster;

import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the overview levels of an index raster from its level-0 rows: the one overview rule of every
 * {@link IndexRaster} (the in-memory {@link ArrayIndexRaster} and the {@link IndexTiffWriter} files alike).
 *
 * <h2>The rule</h2>
 * A cell of level k ≥ 1 covers the 2^k × 2^k level-0 cells beneath it (fewer where it hangs over the grid's east
 * or south edge: it summarises only the cells that exist). It holds
 * <ul>
 *   <li>the mean of the <em>valid level-0 values</em> beneath it, rounded half up ({@link Math#round(double)}),
 *       when at least one is valid;</li>
 *   <li>otherwise the most frequent class code among the level-0 cells beneath it, ties resolved in the order
 *       {@link IndexCodes#NODATA}, {@link IndexCodes#CLOUD}, {@link IndexCodes#SNOW}, {@link IndexCodes#WATER},
 *       {@link IndexCodes#SHADOW}
 *       (a sample below {@link IndexCodes#MIN_VALUE} that is none of those counts as NODATA).</li>
 * </ul>
 * The rule is exact over level 0, not a mean of rounded means of level k − 1: a level-2 cell over the values
 * {1000, 3000, 2000} in one quadrant and {4000, 4000, 4000, 4000} in another is 22000 / 7 → 3143, not
 * (2000 + 4000) / 2 = 3000. So a zoomed-out map shows what the zonal mean of the same ground says, rounding never
 * compounds across levels, and a quadrant with one valid pixel does not weigh as much as one with four.
 *
 * <h2>Streaming</h2>
 * Rows arrive top to bottom through {@link #addRow}; each overview row is handed to the {@link RowSink} as soon as
 * the level-0 rows beneath it have all arrived. Level 1 is computed from each pair of level-0 rows directly (a
 * 2 × 2 block of valid values is one integer sum); levels ≥ 2 from one row of accumulators per level (the sum and
 * count of the valid level-0 values and, for cells without any, the count of each class), so the work is about
 * one add per level-0 sample and memory is a few rows. Not thread-safe; one builder per raster.
 */
public final class Overviews {

    /** Receives each finished overview row. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * Takes row {@code row} of overview level {@code level} (≥ 1): {@code samples[0 .. width)}. The array is
         * reused for the next row of that level, so the sink copies what it keeps.
         */
        void row(int level, int row, short[] samples, int width);
    }

    private static final short[] CLASS_CODES = {IndexCodes.NODATA, IndexCodes.CLOUD, IndexCodes.SNOW, IndexCodes.WATER,
        IndexCodes.SHADOW};
    /** The number of class codes counted per cell. */
    private static final int CLASSES = CLASS_CODES.length;

    private final RasterGrid grid;
    private final int levels;
    private final RowSink sink;
    /** The even level-0 row waiting for the odd row below it. */
    private final short[] pending;
    /** Per level k ≥ 2, one output row of accumulators: sum and count of valid values, count of each class. */
    private final long[][] sum;
    private final int[][] count;
    private final int[][] classes;
    /** Per level k ≥ 1, the output row handed to the sink. */
    private final short[][] out;
    private final int[] blockClasses = new int[CLASSES];
    private int rowsAdded;

    /**
     * Creates a builder of levels {@code 1 .. levelCount - 1} of {@code grid}; {@code levelCount} 1 builds nothing.
     *
     * @throws IllegalArgumentException if {@code levelCount} is outside 1..31
     */
    public Overviews(RasterGrid grid, int levelCount, RowSink sink) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (levelCount < 1 || levelCount > 31) {
            throw new IllegalArgumentException("levelCount must be 1..31 but was " + levelCount);
        }
        this.levels = levelCount;
        pending = new short[levelCount > 1 ? grid.width() : 0];
        sum = new long[levelCount][];
        count = new int[levelCount][];
        classes = new int[levelCount][];
        out = new short[levelCount][];
        for (int k = 1; k < levelCount; k++) {
            int wk = grid.overview(k).width();
            out[k] = new short[wk];
            if (k >= 2) {
                sum[k] = new long[wk];
                count[k] = new int[wk];
                classes[k] = new int[CLASSES * wk];
            }
        }
    }

    /** Builds every overview of a complete row-major level 0 and hands each row to {@code sink}. */
    public static void build(RasterGrid grid, int levelCount, short[] level0, RowSink sink) {
        Overviews o = new Overviews(grid, levelCount, sink);
        int w = grid.width();
        for (int r = 0; r < grid.height(); r++) o.addRow(level0, r * w);
    }

    /** The number of level-0 rows added so far. */
    public int rowsAdded() { return rowsAdded; }

    /** True once every level-0 row has been added (and so every overview row emitted). */
    public boolean isComplete() { return rowsAdded == grid.height(); }

    /**
     * Adds the next level-0 row, {@code data[offset .. offset + grid.width())}, and emits the overview rows it
     * completes. The row is copied where it must be kept, so the caller may reuse {@code data}.
     *
     * @throws IllegalStateException if every row has already been added
     */
    public void addRow(short[] data, int offset) {
        int h = grid.height();
        if (rowsAdded >= h) throw new IllegalStateException("all " + h + " rows were already added");
        int r = rowsAdded++;
        if (levels == 1) return;
        if ((r & 1) == 1) {
            levelOne(pending, 0, data, offset, r >> 1);
        } else if (r == h - 1) {
            levelOne(data, offset, null, 0, r >> 1);
        } else {
            System.arraycopy(data, offset, pending, 0, grid.width());
        }
    }

    /** Builds level-1 row {@code row1} from a top and (unless at an odd bottom edge, null) a bottom level-0 row. */
    private void levelOne(short[] top, int t0, short[] bottom, int b0, int row1) {
        int w = grid.width(), w1 = (w + 1) >> 1;
        short[] o = out[1];
        boolean up = levels > 2;
        long[] s2 = sum[up ? 2 : 0];
        int[] n2 = count[up ? 2 : 0], cl2 = classes[up ? 2 : 0];
        int[] cl = blockClasses;
        for (int dc = 0; dc < w1; dc++) {
            int c0 = dc << 1;
            boolean twoCols = c0 + 1 < w;
            if (bottom != null && twoCols) {
                short p = top[t0 + c0], q = top[t0 + c0 + 1], r = bottom[b0 + c0], t = bottom[b0 + c0 + 1];
                if (p >= IndexCodes.MIN_VALUE && q >= IndexCodes.MIN_VALUE && r >= IndexCodes.MIN_VALUE
                        && t >= IndexCodes.MIN_VALUE) {
                    // the common case: four valid values; (s + 2) >> 2 is Math.round(s / 4.0) in integers
                    int s = p + q + r + t;
                    o[dc] = (short) ((s + 2) >> 2);
                    if (up) {
                        s2[dc >> 1] += s;
                        n2[dc >> 1] += 4;
                    }
                    continue;
                }
            }
            long s = 0;
            int n = 0;
            Arrays.fill(cl, 0);
            for (int q = 0; q < 4; q++) {
                int c = c0 + (q & 1);
                boolean second = q >= 2;
                if (c >= w || (second && bottom == null)) continue;
                short v = second ? bottom[b0 + c] : top[t0 + c];
                if (v >= IndexCodes.MIN_VALUE) {
                    s += v;
                    n++;
                } else {
                    cl[classIndex(v)]++;
                }
            }
            if (n > 0) {
                o[dc] = (short) Math.round((double) s / n);
                if (up) {
                    s2[dc >> 1] += s;
                    n2[dc >> 1] += n;
                }
            } else {
                o[dc] = mode(cl, 0);
                if (up) for (int q = 0; q < CLASSES; q++) cl2[CLASSES * (dc >> 1) + q] += cl[q];
            }
        }
        sink.row(1, row1, o, w1);
        if (up && ((row1 & 1) == 1 || row1 == grid.overview(1).height() - 1)) emit(2, row1 >> 1);
    }

    /**
     * Writes row {@code rowK} of level {@code k} ≥ 2 from its accumulators, passes them up to level k + 1 and resets
     * them. Class counts go up only from cells without a valid value: a cell with one has a parent with one.
     */
    private void emit(int k, int rowK) {
        RasterGrid g = grid.overview(k);
        int wk = g.width();
        short[] row = out[k];
        long[] s = sum[k];
        int[] n = count[k], cl = classes[k];
        for (int c = 0; c < wk; c++) row[c] = n[c] > 0 ? (short) Math.round((double) s[c] / n[c]) : mode(cl, CLASSES * c);
        sink.row(k, rowK, row, wk);
        boolean up = k + 1 < levels;
        if (up) {
            long[] s2 = sum[k + 1];
            int[] n2 = count[k + 1], cl2 = classes[k + 1];
            for (int c = 0; c < wk; c++) {
                int t = c >> 1;
                if (n[c] > 0) {
                    s2[t] += s[c];
                    n2[t] += n[c];
                } else {
                    for (int q = 0; q < CLASSES; q++) cl2[CLASSES * t + q] += cl[CLASSES * c + q];
                }
            }
        }
        Arrays.fill(s, 0);
        Arrays.fill(n, 0);
        Arrays.fill(cl, 0);
        if (up && ((rowK & 1) == 1 || rowK == g.height() - 1)) emit(k + 1, rowK >> 1);
    }

    /** 0..4 for NODATA, CLOUD, SNOW, WATER, SHADOW; any other class code counts as NODATA. */
    private static int classIndex(short code) {
        int q = code - IndexCodes.NODATA;
        return q >= CLASSES ? 0 : q;
    }

    /** The most frequent of the class counts at {@code counts[at .. at + CLASSES)}, ties to the first. */
    private static short mode(int[] counts, int at) {
        int best = 0;
        for (int q = 1; q < CLASSES; q++) if (counts[at + q] > counts[at + best]) best = q;
        return CLASS_CODES[best];
    }
}
