package greencover.core.raster;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

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
    private final double cellW, cellH; // a cell's ground size
    private final float r2; // the squared buffer with its slack
    private final double[] water; // the permanent water's edges, (x1, y1, x2, y2) each; null for none
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
        this.cellW = cellWidthM;
        this.cellH = cellHeightM;
        this.r2 = (float) ((bufferM + tol) * (bufferM + tol));
        boolean hasWater = water != null && !water.isEmpty();
        this.water = hasWater ? edges(water) : null;
        this.waterEnvelope = hasWater ? water.getEnvelopeInternal() : null;
    }

    /** Whether this view changes anything (a buffer of at least one cell, or permanent water). */
    public boolean changes() { return kx > 0 || ky > 0 || water != null; }

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
        if (kx > 0 || ky > 0) applyBuffer(win, ww, wh, w, h, out);
    }

    /** The edges of every ring of the polygons of {@code g}, as (x1, y1, x2, y2). */
    private static double[] edges(Geometry g) {
        java.util.List<LineString> rings = new java.util.ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (!(g.getGeometryN(i) instanceof Polygon p)) continue;
            rings.add(p.getExteriorRing());
            for (int k = 0; k < p.getNumInteriorRing(); k++) rings.add(p.getInteriorRingN(k));
        }
        int n = 0;
        for (LineString r : rings) n += Math.max(0, r.getNumPoints() - 1);
        double[] e = new double[4 * n];
        int j = 0;
        for (LineString r : rings) {
            Coordinate[] cs = r.getCoordinates();
            for (int k = 0; k + 1 < cs.length; k++) {
                e[j++] = cs[k].x;
                e[j++] = cs[k].y;
                e[j++] = cs[k + 1].x;
                e[j++] = cs[k + 1].y;
            }
        }
        return e;
    }

    /**
     * Valid cells whose centre lies inside the permanent water become water: per row, the spans between the crossings
     * of the centre line with the rings (even-odd, which for a valid polygon is inside; a centre exactly on an edge
     * follows the half-open rule of the crossing test).
     */
    private void applyWater(int col0, int row0, int w, int h, short[] out) {
        RasterGrid g = base.grid();
        int r0 = Math.max(0, (int) Math.floor(g.rowOf(waterEnvelope.getMaxY())) - row0);
        int r1 = Math.min(h, (int) Math.ceil(g.rowOf(waterEnvelope.getMinY())) - row0);
        double[] xs = new double[16];
        for (int r = r0; r < r1; r++) {
            double y = g.centerY(row0 + r);
            int n = 0;
            for (int k = 0; k < water.length; k += 4) {
                double y1 = water[k + 1], y2 = water[k + 3];
                if ((y1 > y) == (y2 > y)) continue;
                if (n == xs.length) xs = java.util.Arrays.copyOf(xs, 2 * n);
                xs[n++] = water[k] + (y - y1) * (water[k + 2] - water[k]) / (y2 - y1);
            }
            java.util.Arrays.sort(xs, 0, n);
            for (int k = 0; k + 1 < n; k += 2) {
                // cells whose centre x lies in [xs[k], xs[k + 1]): col + 0.5 >= colOf(a) and col + 0.5 < colOf(b)
                int a = Math.max(0, (int) Math.ceil(g.colOf(xs[k]) - 0.5) - col0);
                int b = Math.min(w, (int) Math.ceil(g.colOf(xs[k + 1]) - 0.5) - col0);
                for (int c = a; c < b; c++) {
                    int i = r * w + c;
                    if (IndexCodes.isValue(out[i])) out[i] = IndexCodes.WATER;
                }
            }
        }
    }

    /**
     * Marks the clear cells of {@code out} within the buffer of a stored cloud (else shadow) cell of {@code win} (the
     * window with its halo): an exact Euclidean distance transform on the ground (squared distances (dc·w)² + (dr·h)²,
     * rows by a scan, columns by the lower envelope of parabolas of Felzenszwalb &amp; Huttenlocher 2012), so the cost
     * does not grow with the buffer.
     */
    private void applyBuffer(short[] win, int ww, int wh, int w, int h, short[] out) {
        float[] d = new float[ww * wh];
        for (short code : new short[] {IndexCodes.CLOUD, IndexCodes.SHADOW}) { // cloud first: it wins where both reach
            if (!distances(win, ww, wh, code, d)) continue;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    int i = r * w + c;
                    short s = out[i];
                    if ((IndexCodes.isValue(s) || s == IndexCodes.WATER) && d[(r + ky) * ww + (c + kx)] <= r2) out[i] = code;
                }
            }
        }
    }

    /**
     * Fills {@code d} with the squared ground distance of every window cell to the nearest cell holding {@code code}
     * (infinity where the window has none in reach); false when the window has no such cell at all.
     */
    private boolean distances(short[] win, int ww, int wh, short code, float[] d) {
        boolean any = false;
        double w2 = cellW * cellW;
        for (int r = 0; r < wh; r++) { // along each row: the nearest such cell of the row, by two scans
            int base = r * ww, last = -1;
            for (int c = 0; c < ww; c++) {
                if (win[base + c] == code) {
                    last = c;
                    any = true;
                }
                d[base + c] = last < 0 ? Float.POSITIVE_INFINITY : (float) ((c - last) * (double) (c - last) * w2);
            }
            last = -1;
            for (int c = ww - 1; c >= 0; c--) {
                if (win[base + c] == code) last = c;
                if (last >= 0) d[base + c] = Math.min(d[base + c], (float) ((last - c) * (double) (last - c) * w2));
            }
        }
        if (!any) return false;
        // down each column: min over rows r' of d(r', c) + ((r - r')·h)², in blocks of columns gathered row by row (a
        // column read on its own strides across the window); a row distance beyond the buffer cannot come within it,
        // and a column with none within it is left as it is
        int block = 32;
        double[] f = new double[wh * block], col = new double[wh], z = new double[wh + 1];
        boolean[] finite = new boolean[block];
        int[] v = new int[wh];
        double h2 = cellH * cellH;
        for (int c0 = 0; c0 < ww; c0 += block) {
            int bw = Math.min(block, ww - c0);
            java.util.Arrays.fill(finite, false);
            for (int r = 0; r < wh; r++) {
                int base = r * ww + c0;
                for (int b = 0; b < bw; b++) {
                    float x = d[base + b];
                    boolean in = x <= r2;
                    f[b * wh + r] = in ? x : Double.POSITIVE_INFINITY;
                    finite[b] |= in;
                }
            }
            for (int b = 0; b < bw; b++) {
                if (!finite[b]) {
                    for (int r = 0; r < wh; r++) d[r * ww + c0 + b] = Float.POSITIVE_INFINITY;
                    continue;
                }
                envelope(f, b * wh, wh, h2, col, v, z);
                for (int r = 0; r < wh; r++) d[r * ww + c0 + b] = (float) col[r];
            }
        }
        return true;
    }

    /** Where the parabolas of q and p (q &gt; p) cross. */
    private static double cross(double[] f, int o, double a, int q, int p) {
        return ((f[o + q] + a * q * q) - (f[o + p] + a * (double) p * p)) / (2 * a * (q - p));
    }

    /** out[q] = min over p with a finite f[o + p] of f[o + p] + a·(q − p)², q and p in [0, n) (infinity when none is finite). */
    static void envelope(double[] f, int o, int n, double a, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[o + q] == Double.POSITIVE_INFINITY) continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double s = cross(f, o, a, q, v[k]);
            while (s <= z[k]) { // never below k = 0, whose z is -infinity
                k--;
                s = cross(f, o, a, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            java.util.Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) j++;
            double dq = q - v[j];
            out[q] = f[o + v[j]] + a * dq * dq;
        }
    }

    @Override
    public void close() { base.close(); }
}
