package greencover.core.raster;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/**
 * A site's view of a stored index raster at level 0, with the site's own mask rules applied to the stored classes:
 * <ol>
 *   <li><b>Permanent water</b>: a valid (land) pixel whose centre lies inside the declared permanent water is water.
 *       A tailings pond is then never averaged into the land statistics, whatever the sensor's mask called it (a
 *       turbid pond is often "bare soil" in SCL), and stays a clear observation.</li>
 *   <li><b>Mask buffer</b>: a clear pixel (valid or water) whose centre lies within {@code bufferM} metres of the
 *       centre of a stored cloud pixel becomes cloud; otherwise, within {@code bufferM} of a stored shadow pixel, it
 *       becomes shadow (a disc on the ground: cell offsets (i, j) with (i·w)² + (j·h)² ≤ bufferM², w and h the cell's
 *       ground width and height, to within {@link #TOLERANCE}). Only stored classes are dilated (a buffer is not buffered again); snow and no data
 *       stay as they are.</li>
 * </ol>
 * A window read looks {@code bufferM} beyond its edges, so a band of rows gives the same classes as the whole raster.
 * Overview levels (maps) are the stored ones, unchanged.
 */
public final class MaskedIndexRaster implements IndexRaster {
    /**
     * Relative slack of the buffer distance: a map's grid metres differ from ground metres by the projection's scale
     * (UTM: −0.04 % on the central meridian to +0.1 % at a zone's edge), so a 10 m buffer on 10 m UTM pixels reaches the
     * neighbouring cell as the user means.
     */
    public static final double TOLERANCE = 2e-3;
    private final IndexRaster base;
    private final int kx, ky;
    private final int[] offsets; // (dc, dr) pairs of the disc, without (0, 0)
    private final IndexedPointInAreaLocator water;
    private final Envelope waterEnvelope;

    /**
     * @param base        the stored raster
     * @param bufferM     the cloud and shadow buffer in metres on the ground (0: none)
     * @param cellWidthM  a cell's ground width in metres at the site
     * @param cellHeightM a cell's ground height in metres at the site
     * @param water       the permanent water in the raster's CRS, or null (or empty) for none
     */
    public MaskedIndexRaster(IndexRaster base, double bufferM, double cellWidthM, double cellHeightM, Geometry water) {
        if (!(bufferM >= 0)) throw new IllegalArgumentException("bufferM must be >= 0 but was " + bufferM);
        this.base = base;
        double tol = TOLERANCE * bufferM;
        this.kx = bufferM > 0 ? (int) Math.floor((bufferM + tol) / cellWidthM) : 0;
        this.ky = bufferM > 0 ? (int) Math.floor((bufferM + tol) / cellHeightM) : 0;
        java.util.List<int[]> disc = new java.util.ArrayList<>();
        double r2 = (bufferM + tol) * (bufferM + tol);
        for (int dr = -ky; dr <= ky; dr++) {
            for (int dc = -kx; dc <= kx; dc++) {
                if ((dc != 0 || dr != 0) && sq(dc * cellWidthM) + sq(dr * cellHeightM) <= r2) disc.add(new int[] {dc, dr});
            }
        }
        this.offsets = new int[disc.size() * 2];
        for (int i = 0; i < disc.size(); i++) {
            offsets[2 * i] = disc.get(i)[0];
            offsets[2 * i + 1] = disc.get(i)[1];
        }
        boolean hasWater = water != null && !water.isEmpty();
        this.water = hasWater ? new IndexedPointInAreaLocator(water) : null;
        this.waterEnvelope = hasWater ? water.getEnvelopeInternal() : null;
    }

    private static double sq(double v) { return v * v; }

    /** Whether this view changes anything (a buffer of at least one cell, or permanent water). */
    public boolean changes() { return offsets.length > 0 || water != null; }

    @Override public RasterGrid grid() { return base.grid(); }

    @Override public CoordinateReferenceSystem crs() { return base.crs(); }

    @Override public int epsg() { return base.epsg(); }

    @Override public int levelCount() { return base.levelCount(); }

    @Override public boolean intact() { return base.intact(); }

    @Override
    public short sample(int level, int col, int row) {
        if (level != 0 || !changes()) return base.sample(level, col, row);
        short[] one = new short[1];
        read(0, col, row, 1, 1, one);
        return one[0];
    }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        if (level != 0 || !changes()) {
            base.read(level, col0, row0, w, h, out);
            return;
        }
        int ww = w + 2 * kx, wh = h + 2 * ky;
        short[] win = new short[ww * wh];
        base.read(0, col0 - kx, row0 - ky, ww, wh, win);
        for (int r = 0; r < h; r++) System.arraycopy(win, (r + ky) * ww + kx, out, r * w, w);
        if (water != null) applyWater(col0, row0, w, h, out);
        if (offsets.length > 0) applyBuffer(win, ww, wh, w, h, out);
    }

    private void applyWater(int col0, int row0, int w, int h, short[] out) {
        RasterGrid g = base.grid();
        int c0 = Math.max(0, (int) Math.floor(g.colOf(waterEnvelope.getMinX())) - col0);
        int c1 = Math.min(w, (int) Math.ceil(g.colOf(waterEnvelope.getMaxX())) - col0);
        int r0 = Math.max(0, (int) Math.floor(g.rowOf(waterEnvelope.getMaxY())) - row0);
        int r1 = Math.min(h, (int) Math.ceil(g.rowOf(waterEnvelope.getMinY())) - row0);
        Coordinate p = new Coordinate();
        for (int r = r0; r < r1; r++) {
            p.y = g.centerY(row0 + r);
            for (int c = c0; c < c1; c++) {
                int i = r * w + c;
                if (!IndexCodes.isValue(out[i])) continue;
                p.x = g.centerX(col0 + c);
                if (water.locate(p) != Location.EXTERIOR) out[i] = IndexCodes.WATER;
            }
        }
    }

    private void applyBuffer(short[] win, int ww, int wh, int w, int h, short[] out) {
        byte[] near = new byte[w * h]; // 2 near cloud, 1 near shadow only
        for (int wr = 0; wr < wh; wr++) {
            for (int wc = 0; wc < ww; wc++) {
                short s = win[wr * ww + wc];
                byte mark = s == IndexCodes.CLOUD ? (byte) 2 : s == IndexCodes.SHADOW ? (byte) 1 : 0;
                if (mark == 0) continue;
                int oc = wc - kx, or = wr - ky; // the stored cell in output coordinates (may lie outside)
                for (int k = 0; k < offsets.length; k += 2) {
                    int c = oc + offsets[k], r = or + offsets[k + 1];
                    if (c < 0 || c >= w || r < 0 || r >= h) continue;
                    int i = r * w + c;
                    if (near[i] < mark) near[i] = mark;
                }
            }
        }
        for (int i = 0; i < w * h; i++) {
            if (near[i] == 0) continue;
            short s = out[i];
            if (IndexCodes.isValue(s) || s == IndexCodes.WATER) out[i] = near[i] == 2 ? IndexCodes.CLOUD : IndexCodes.SHADOW;
        }
    }

    @Override
    public void close() { base.close(); }
}
