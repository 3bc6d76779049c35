package greencover.core.raster;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * The pixel-by-pixel change from one raster to another on the same grid, computed on read: each cell is
 * {@link PixelChange#of(short, short) op(from, to)} of the two cells at the same level. Used for the change layers of
 * the map over two period composites ({@link CompositeRaster}); the change between two periods of a site applies the
 * same ops to the same composites. The rasters stay owned by the caller.
 */
public final class ChangeRaster implements IndexRaster {
    /** What one cell of the change is, from the stored codes of the two periods (values or class codes). */
    @FunctionalInterface
    public interface PixelChange {
        short of(short from, short to);
    }

    /**
     * {@code to − from} where both are values (clamped to the value range); else the class code of {@code to} when
     * it is not a value, else that of {@code from}.
     */
    public static final PixelChange DIFFERENCE = (x, y) -> {
        if (IndexCodes.isValue(x) && IndexCodes.isValue(y)) {
            return (short) Math.max(IndexCodes.MIN_VALUE, Math.min(IndexCodes.MAX_VALUE, y - x));
        }
        return notBoth(x, y);
    };

    /** The class code of a cell that is not a value in both periods: {@code to}'s when it is not a value, else {@code from}'s. */
    public static short notBoth(short from, short to) { return IndexCodes.isValue(to) ? from : to; }

    private final IndexRaster from, to;
    private final PixelChange op;

    /** @throws IllegalArgumentException when the two rasters are not on one grid */
    public ChangeRaster(IndexRaster from, IndexRaster to, PixelChange op) {
        if (!from.grid().equals(to.grid())) throw new IllegalArgumentException("a change needs two rasters on one grid");
        this.from = from;
        this.to = to;
        this.op = op;
    }

    @Override public RasterGrid grid() { return to.grid(); }

    @Override public CoordinateReferenceSystem crs() { return to.crs(); }

    @Override public int epsg() { return to.epsg(); }

    @Override public int levelCount() { return Math.min(from.levelCount(), to.levelCount()); }

    @Override
    public short sample(int level, int col, int row) { return op.of(from.sample(level, col, row), to.sample(level, col, row)); }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        int n = Math.multiplyExact(w, h);
        short[] a = new short[n];
        from.read(level, col0, row0, w, h, a);
        to.read(level, col0, row0, w, h, out);
        for (int p = 0; p < n; p++) out[p] = op.of(a[p], out[p]);
    }

    @Override public boolean intact() { return from.intact() && to.intact(); }

    /** Nothing to release: the rasters belong to the caller. */
    @Override public void close() { }
}
