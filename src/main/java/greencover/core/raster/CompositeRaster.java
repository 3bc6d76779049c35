package greencover.core.raster;

import java.util.Arrays;
import java.util.List;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * The per-pixel composite of rasters on one grid, computed on read: at every level, each cell is composited from the
 * same cell of every source by the one rule of per-pixel composites. The cell's observations that count are its valid
 * index values (clear land); with at least {@code minObservations} (and at least one) the composite is their maximum
 * (the greenest, Holben 1986) or their median (the middle value, or the mean of the two middle values rounded to the
 * 1e-4 quantisation); with fewer it is the class most frequent among its non-valid observations (ties: the lower
 * class code, no data &gt; cloud &gt; snow &gt; water &gt; shadow), or no data when it has none. Time series
 * ({@code pixel-max}, {@code pixel-median}), the change between two periods and the change map layers all read
 * composites through this class, so they cannot disagree. The sources stay owned by the caller; thread-safe for
 * reads as the sources are.
 */
public final class CompositeRaster implements IndexRaster {
    /** Cells of all observations read at once (8 MiB of shorts). */
    private static final int CHUNK_CELLS = 1 << 22;

    private final List<IndexRaster> sources;
    private final boolean median;
    private final int need;
    private final int levels;

    /**
     * @param sources at least one raster, all on the grid (and CRS) of the first
     * @param median  true for the per-pixel median, false for the maximum
     * @param minObservations the fewest valid values a cell needs (values below 1 count as 1)
     * @throws IllegalArgumentException when there is no source or a source has another grid
     */
    public CompositeRaster(List<IndexRaster> sources, boolean median, int minObservations) {
        this.sources = List.copyOf(sources);
        if (this.sources.isEmpty()) throw new IllegalArgumentException("a composite needs at least one raster");
        RasterGrid g = this.sources.get(0).grid();
        int l = Integer.MAX_VALUE;
        for (IndexRaster r : this.sources) {
            if (!r.grid().equals(g)) throw new IllegalArgumentException("rasters of a composite must share one grid: " + r.grid() + " vs " + g);
            l = Math.min(l, r.levelCount());
        }
        this.levels = l;
        this.median = median;
        this.need = Math.max(1, minObservations);
    }

    @Override public RasterGrid grid() { return sources.get(0).grid(); }

    @Override public CoordinateReferenceSystem crs() { return sources.get(0).crs(); }

    @Override public int epsg() { return sources.get(0).epsg(); }

    @Override public int levelCount() { return levels; }

    @Override
    public short sample(int level, int col, int row) {
        short[] one = new short[1];
        read(level, col, row, 1, 1, one);
        return one[0];
    }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        // in bands of rows, so that k observations of a large window never sit in memory at once
        int k = sources.size(), band = Math.max(1, Math.min(h, CHUNK_CELLS / Math.max(1, w * k)));
        short[][] values = new short[k][Math.multiplyExact(w, band)];
        short[] part = band == h ? out : new short[w * band];
        for (int r = 0; r < h; r += band) {
            int rows = Math.min(band, h - r), n = w * rows;
            for (int i = 0; i < k; i++) sources.get(i).read(level, col0, row0 + r, w, rows, values[i]);
            composite(values, n, median, need, part);
            if (part != out) System.arraycopy(part, 0, out, r * w, n);
        }
    }

    /**
     * The rule of the class over {@code values[i][0..n)} (one array per observation) into {@code out[0..n)}.
     *
     * @param median true for the median, false for the maximum
     */
    public static void composite(short[][] values, int n, boolean median, int minObservations, short[] out) {
        int k = values.length, need = Math.max(1, minObservations);
        short[] clear = new short[k];
        int[] classCount = new int[PixelClass.values().length];
        for (int p = 0; p < n; p++) {
            int m = 0;
            Arrays.fill(classCount, 0);
            for (int i = 0; i < k; i++) {
                short v = values[i][p];
                if (IndexCodes.isValue(v)) clear[m++] = v;
                else classCount[IndexCodes.classOf(v)]++;
            }
            out[p] = m >= need ? (median ? median(clear, m) : max(clear, m)) : IndexCodes.codeOf(mostFrequent(classCount));
        }
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

    /** Nothing to release: the sources belong to the caller. */
    @Override public void close() { }

    @Override
    public String toString() { return "CompositeRaster[" + (median ? "median" : "max") + " of " + sources.size() + ", min " + need + "]"; }

    @Override
    public boolean intact() {
        for (IndexRaster r : sources) if (!r.intact()) return false;
        return true;
    }
}
