package greencover.core.zonal;

import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;

/**
 * The weight in [0, 1] of every cell of a {@link RasterGrid} for one polygon, produced band of rows by band
 * of rows.
 *
 * <h2>Exact coverage</h2>
 * Under {@link PixelRule#EXACT} the weight of a cell is the fraction of its area inside the polygon, computed
 * exactly (to floating-point rounding) the way anti-aliasing font rasterisers do it: every polygon edge adds,
 * for each row it crosses, its signed trapezoid area to an accumulation row ("the part of the cell to the
 * right of the edge") and the rest of its height to the next cell; a prefix sum along the row then yields the
 * covered area of every cell. Ring orientation is normalised (exterior and holes opposite), so holes subtract
 * and the parts of a MultiPolygon add (overlapping parts are clamped to 1). Parts of the polygon outside the grid
 * are simply not covered: {@code Σ coverage × pixelArea = area(polygon ∩ grid extent)}.
 *
 * <h2>Centre rule</h2>
 * Under {@link PixelRule#CENTER} a cell weighs 1 when its centre is inside the polygon (non-zero winding),
 * with GDAL's scanline tie rule: row {@code r} is sampled at row coordinate {@code r + 0.5} and an edge counts
 * when {@code yTop <= r + 0.5 < yBottom}; a crossing at column coordinate {@code x} switches the cells from
 * {@code floor(x + 0.5)} on. A centre exactly on the boundary is therefore inside on a northern or eastern
 * boundary and outside on a southern or western one. This equals GDAL's {@code GDALRasterize} (rasterio
 * {@code all_touched=False}) for counter-clockwise exterior rings; GDAL additionally burns horizontal edges
 * lying exactly on a row of centres when they run westwards, which makes its result depend on ring
 * orientation; that quirk is not reproduced.
 *
 * <h2>All-touched rule</h2>
 * Under {@link PixelRule#ALL_TOUCHED} a cell weighs 1 when the polygon boundary passes through its interior
 * or the cell lies inside the polygon (exact coverage &gt; 0.5 and not crossed); touching only along a cell
 * edge or at a corner does not count.
 *
 * <h2>Streaming and thread-safety</h2>
 * Only the window {@code [colMin, colMax) × [rowMin, rowMax)} of cells that may be non-zero (the polygon's
 * envelope clipped to the grid) is produced. Edges are bucketed by row at construction, in pieces of at most
 * {@value #CHUNK_ROWS} rows, so {@link #fillRows(int, int, float[])} on any band costs O(edge pieces near the
 * band + cells of the band) and never allocates more than a few rows. Instances are immutable and
 * {@code fillRows} may be called concurrently from several threads.
 *
 * <p>The polygon must be valid (non-self-intersecting rings, holes inside their shell) and in the grid's CRS.
 */
public final class PolygonCoverage {

    /** Longest run of rows one stored edge piece spans; bounds the look-back of {@code fillRows}. */
    static final int CHUNK_ROWS = 64;
    /**
     * Coverage within this of 0 or 1 is snapped to it, so that rounding noise of the accumulation never makes an
     * outside cell "covered" (which would count it in min/max); the area error is at most 1e-10 of a cell.
     */
    private static final double SNAP = 1e-10;

    private final PixelRule rule;
    private final int colMin, colMax, rowMin, rowMax;
    private final double areaCrs;

    // Non-horizontal edge pieces in window-local column coordinates (x in [0, width]) and absolute row
    // coordinates, top end first (y0 < y1), sorted by first row; wt is +1/-1 (direction × ring orientation).
    private final double[] ex0, ey0, ex1, ey1, slope, wt;
    private final int[] lastRow;
    private final int[] bucket; // bucket[r - rowMin] = first piece whose first row is r; length rows + 1

    // Horizontal edges strictly inside a row (only kept for ALL_TOUCHED): row, x range, sorted by row.
    private final int[] hRow;
    private final double[] hLo, hHi;

    private PolygonCoverage(PixelRule rule, int colMin, int colMax, int rowMin, int rowMax, double areaCrs,
                            EdgeBuffer edges) {
        this.rule = rule;
        this.colMin = colMin;
        this.colMax = colMax;
        this.rowMin = rowMin;
        this.rowMax = rowMax;
        this.areaCrs = areaCrs;
        int rows = rowMax - rowMin;
        int n = edges.n;
        bucket = new int[rows + 1];
        for (int i = 0; i < n; i++) bucket[edges.firstRow[i] - rowMin + 1]++;
        for (int r = 0; r < rows; r++) bucket[r + 1] += bucket[r];
        int[] next = Arrays.copyOf(bucket, rows);
        ex0 = new double[n]; ey0 = new double[n]; ex1 = new double[n]; ey1 = new double[n];
        slope = new double[n]; wt = new double[n]; lastRow = new int[n];
        for (int i = 0; i < n; i++) {
            int j = next[edges.firstRow[i] - rowMin]++;
            ex0[j] = edges.x0[i]; ey0[j] = edges.y0[i]; ex1[j] = edges.x1[i]; ey1[j] = edges.y1[i];
            slope[j] = (ex1[j] - ex0[j]) / (ey1[j] - ey0[j]);
            wt[j] = edges.wt[i];
            lastRow[j] = (int) Math.ceil(ey1[j]) - 1;
        }
        int nh = edges.nh;
        Integer[] order = new Integer[nh];
        for (int i = 0; i < nh; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(edges.hRow[a], edges.hRow[b]));
        hRow = new int[nh]; hLo = new double[nh]; hHi = new double[nh];
        for (int i = 0; i < nh; i++) {
            hRow[i] = edges.hRow[order[i]]; hLo[i] = edges.hLo[order[i]]; hHi[i] = edges.hHi[order[i]];
        }
    }

    /** Computes the exact coverage of {@code polygonal} over {@code grid}; see {@link #of(Geometry, RasterGrid, PixelRule)}. */
    public static PolygonCoverage of(Geometry polygonal, RasterGrid grid) {
        return of(polygonal, grid, PixelRule.EXACT);
    }

    /**
     * Prepares the coverage of {@code polygonal} (a Polygon or MultiPolygon, holes allowed, in the CRS of
     * {@code grid}) under {@code rule}. The work per cell is done later by {@link #fillRows}.
     *
     * @throws IllegalArgumentException if {@code polygonal} is null, not polygonal or has non-finite coordinates
     */
    public static PolygonCoverage of(Geometry polygonal, RasterGrid grid, PixelRule rule) {
        if (polygonal == null) throw new IllegalArgumentException("geometry must not be null");
        if (!(polygonal instanceof Polygonal)) {
            throw new IllegalArgumentException("geometry must be a Polygon or MultiPolygon but was "
                    + polygonal.getGeometryType());
        }
        if (grid == null) throw new IllegalArgumentException("grid must not be null");
        if (rule == null) throw new IllegalArgumentException("rule must not be null");
        double areaCrs = polygonal.getArea();
        Envelope env = polygonal.getEnvelopeInternal();
        if (env.isNull()) return new PolygonCoverage(rule, 0, 0, 0, 0, 0, new EdgeBuffer(rule, 0, 0, 0));
        if (!Double.isFinite(env.getMinX()) || !Double.isFinite(env.getMaxX())
                || !Double.isFinite(env.getMinY()) || !Double.isFinite(env.getMaxY())) {
            throw new IllegalArgumentException("geometry has non-finite coordinates: " + env);
        }
        int colMin = clampToInt(Math.floor(grid.colOf(env.getMinX())), grid.width());
        int colMax = clampToInt(Math.ceil(grid.colOf(env.getMaxX())), grid.width());
        int rowMin = clampToInt(Math.floor(grid.rowOf(env.getMaxY())), grid.height());
        int rowMax = clampToInt(Math.ceil(grid.rowOf(env.getMinY())), grid.height());
        if (colMin >= colMax || rowMin >= rowMax) {
            return new PolygonCoverage(rule, 0, 0, 0, 0, areaCrs, new EdgeBuffer(rule, 0, 0, 0));
        }
        EdgeBuffer edges = new EdgeBuffer(rule, colMax - colMin, rowMin, rowMax);
        for (int g = 0; g < polygonal.getNumGeometries(); g++) {
            Polygon p = (Polygon) polygonal.getGeometryN(g);
            if (p.isEmpty()) continue;
            addRing(edges, p.getExteriorRing().getCoordinateSequence(), true, grid, colMin);
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                addRing(edges, p.getInteriorRingN(h).getCoordinateSequence(), false, grid, colMin);
            }
        }
        return new PolygonCoverage(rule, colMin, colMax, rowMin, rowMax, areaCrs, edges);
    }

    private static int clampToInt(double v, int max) {
        return (int) Math.max(0, Math.min(max, v));
    }

    private static void addRing(EdgeBuffer edges, CoordinateSequence seq, boolean exterior, RasterGrid grid,
                                int colMin) {
        int n = seq.size();
        if (n < 4) return;
        double[] u = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = grid.colOf(seq.getX(i)) - colMin;
            v[i] = grid.rowOf(seq.getY(i));
        }
        // Area the accumulation would give this ring as traversed: -∮ u dv (shifted by u[0] for precision).
        double a = 0;
        for (int i = 0; i + 1 < n; i++) a -= ((u[i] - u[0]) + (u[i + 1] - u[0])) * (v[i + 1] - v[i]);
        if (a == 0) return;
        double sign = (a > 0) == exterior ? 1 : -1;
        for (int i = 0; i + 1 < n; i++) edges.addEdge(u[i], v[i], u[i + 1], v[i + 1], sign);
    }

    /** The rule this coverage applies. */
    public PixelRule rule() { return rule; }

    /** First grid column of the window of cells that may be non-zero. */
    public int colMin() { return colMin; }

    /** Grid column after the last one of the window (exclusive). */
    public int colMax() { return colMax; }

    /** First grid row of the window of cells that may be non-zero. */
    public int rowMin() { return rowMin; }

    /** Grid row after the last one of the window (exclusive). */
    public int rowMax() { return rowMax; }

    /** Width of the window in cells, the row stride of {@link #fillRows} output. */
    public int windowWidth() { return colMax - colMin; }

    /** Height of the window in rows. */
    public int windowHeight() { return rowMax - rowMin; }

    /** True when no cell of the grid can be covered (the polygon is empty or disjoint from the grid). */
    public boolean isEmpty() { return colMin >= colMax || rowMin >= rowMax; }

    /** Area of the whole polygon in squared CRS units (m² for a metric CRS), including any part outside the grid. */
    public double area() { return areaCrs; }

    /**
     * Writes the weights of window rows {@code rowStart..rowEnd-1} (grid row numbers) into {@code out}, row-major
     * with stride {@link #windowWidth()}, starting at index 0. Values are in [0, 1].
     *
     * @throws IllegalArgumentException if the rows are not inside {@code [rowMin, rowMax]} or {@code out} is too short
     */
    public void fillRows(int rowStart, int rowEnd, float[] out) {
        fill(rowStart, rowEnd, out, null);
    }

    /** Writes the weights of rows {@code rowStart..rowEnd-1} in double precision; see {@link #fillRows(int, int, float[])}. */
    public void fillRows(int rowStart, int rowEnd, double[] out) {
        fill(rowStart, rowEnd, null, out);
    }

    private void fill(int rowStart, int rowEnd, float[] fout, double[] dout) {
        if (rowStart > rowEnd || (rowStart < rowEnd && (rowStart < rowMin || rowEnd > rowMax))) {
            throw new IllegalArgumentException("rows [" + rowStart + ", " + rowEnd + ") must lie within the window rows ["
                    + rowMin + ", " + rowMax + ")");
        }
        int w = colMax - colMin;
        long need = (long) (rowEnd - rowStart) * w;
        int outLength = fout != null ? fout.length : dout.length;
        if (outLength < need) {
            throw new IllegalArgumentException("out must hold " + need + " values but has " + outLength);
        }
        if (rowStart == rowEnd) return;

        double[] acc = new double[w + 2];
        byte[] touched = rule == PixelRule.ALL_TOUCHED ? new byte[w + 1] : null;
        int lookBack = Math.max(rowMin, rowStart - CHUNK_ROWS + 1) - rowMin;
        int[] active = new int[bucket[rowEnd - rowMin] - bucket[lookBack]];
        int nActive = 0;
        for (int e = bucket[lookBack]; e < bucket[rowStart - rowMin]; e++) {
            if (lastRow[e] >= rowStart) active[nActive++] = e;
        }
        int h = firstHorizontalAtOrAfter(rowStart);

        int o = 0;
        for (int r = rowStart; r < rowEnd; r++, o += w) {
            for (int e = bucket[r - rowMin], end = bucket[r - rowMin + 1]; e < end; e++) active[nActive++] = e;
            if (rule == PixelRule.CENTER) {
                crossCentres(r, active, nActive, acc, w);
                writeWinding(acc, w, fout, dout, o);
            } else {
                for (int i = 0; i < nActive; i++) accumulate(active[i], r, acc, touched, w);
                if (touched != null) {
                    for (; h < hRow.length && hRow[h] == r; h++) markHorizontal(hLo[h], hHi[h], touched, w);
                    writeTouched(acc, touched, w, fout, dout, o);
                } else {
                    writeExact(acc, w, fout, dout, o);
                }
            }
            int kept = 0;
            for (int i = 0; i < nActive; i++) {
                if (lastRow[active[i]] > r) active[kept++] = active[i];
            }
            nActive = kept;
        }
    }

    /** Adds the signed area of the piece of edge {@code e} inside row {@code r} to {@code acc}. */
    private void accumulate(int e, int r, double[] acc, byte[] touched, int w) {
        double y0 = ey0[e], y1 = ey1[e];
        double ya = y0 > r ? y0 : r;
        double yb = y1 < r + 1 ? y1 : r + 1;
        double dy = yb - ya;
        if (!(dy > 0)) return;
        double x0 = ex0[e], x1 = ex1[e];
        double xa = ya == y0 ? x0 : x0 + (ya - y0) * slope[e];
        double xb = yb == y1 ? x1 : x0 + (yb - y0) * slope[e];
        double lo = Math.max(0, Math.min(xa, xb));
        double hi = Math.min(w, Math.max(xa, xb));
        if (hi < lo) hi = lo;
        double wd = wt[e] * dy;
        int c = (int) lo;
        int cEnd = (int) Math.ceil(hi) - 1;
        if (cEnd <= c) {
            // Whole piece within column c: area right of it inside the cell is wd × (c + 1 - mean x).
            double a = wd * (c + 1 - 0.5 * (lo + hi));
            acc[c] += a;
            acc[c + 1] += wd - a;
            if (touched != null && c < w && (hi > lo || lo > c)) touched[c] = 1;
            return;
        }
        double perX = wd / (hi - lo);
        for (int k = c; k <= cEnd; k++) {
            double l = lo > k ? lo : k;
            double u = hi < k + 1 ? hi : k + 1;
            double part = perX * (u - l);
            double a = part * (k + 1 - 0.5 * (l + u));
            acc[k] += a;
            acc[k + 1] += part - a;
            if (touched != null) touched[k] = 1;
        }
    }

    /** Adds the winding of every edge crossing row {@code r}'s line of centres at the cell it switches on. */
    private void crossCentres(int r, int[] active, int nActive, double[] acc, int w) {
        double yc = r + 0.5;
        for (int i = 0; i < nActive; i++) {
            int e = active[i];
            if (ey0[e] <= yc && yc < ey1[e]) {
                double x = ex0[e] + (yc - ey0[e]) * slope[e];
                int n = (int) Math.floor(x + 0.5);
                if (n < 0) n = 0;
                if (n > w) n = w;
                acc[n] += wt[e];
            }
        }
    }

    private static void markHorizontal(double lo, double hi, byte[] touched, int w) {
        int end = Math.min(w, (int) Math.ceil(hi));
        for (int k = (int) lo; k < end; k++) touched[k] = 1;
    }

    private static void writeExact(double[] acc, int w, float[] fout, double[] dout, int o) {
        double s = 0;
        if (fout != null) {
            for (int c = 0; c < w; c++) {
                s += acc[c];
                acc[c] = 0;
                fout[o + c] = (float) (s < SNAP ? 0 : s > 1 - SNAP ? 1 : s);
            }
        } else {
            for (int c = 0; c < w; c++) {
                s += acc[c];
                acc[c] = 0;
                dout[o + c] = s < SNAP ? 0 : s > 1 - SNAP ? 1 : s;
            }
        }
        acc[w] = 0;
        acc[w + 1] = 0;
    }

    private static void writeWinding(double[] acc, int w, float[] fout, double[] dout, int o) {
        double s = 0;
        for (int c = 0; c < w; c++) {
            s += acc[c];
            acc[c] = 0;
            int v = Math.abs(s) > 0.5 ? 1 : 0;
            if (fout != null) fout[o + c] = v; else dout[o + c] = v;
        }
        acc[w] = 0;
        acc[w + 1] = 0;
    }

    private static void writeTouched(double[] acc, byte[] touched, int w, float[] fout, double[] dout, int o) {
        double s = 0;
        for (int c = 0; c < w; c++) {
            s += acc[c];
            acc[c] = 0;
            int v = touched[c] != 0 || s > 0.5 ? 1 : 0;
            touched[c] = 0;
            if (fout != null) fout[o + c] = v; else dout[o + c] = v;
        }
        acc[w] = 0;
        acc[w + 1] = 0;
        touched[w] = 0;
    }

    private int firstHorizontalAtOrAfter(int row) {
        int lo = 0, hi = hRow.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hRow[mid] < row) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Growable lists of clipped edge pieces, filled while reading the rings. */
    private static final class EdgeBuffer {
        final PixelRule rule;
        final double w;
        final int rowMin, rowMax;
        int n;
        double[] x0 = new double[64], y0 = new double[64], x1 = new double[64], y1 = new double[64], wt = new double[64];
        int[] firstRow = new int[64];
        int nh;
        int[] hRow = new int[0];
        double[] hLo = new double[0], hHi = new double[0];

        EdgeBuffer(PixelRule rule, int w, int rowMin, int rowMax) {
            this.rule = rule;
            this.w = w;
            this.rowMin = rowMin;
            this.rowMax = rowMax;
        }

        /** Adds the edge from (xa, ya) to (xb, yb) of a ring whose orientation sign is {@code sign}. */
        void addEdge(double xa, double ya, double xb, double yb, double sign) {
            if (ya == yb) {
                if (rule == PixelRule.ALL_TOUCHED) addHorizontal(ya, Math.min(xa, xb), Math.max(xa, xb));
                return;
            }
            double s = sign;
            if (ya > yb) {
                double t = xa; xa = xb; xb = t;
                t = ya; ya = yb; yb = t;
                s = -s;
            }
            if (yb <= rowMin || ya >= rowMax) return;
            double k = (xb - xa) / (yb - ya);
            if (ya < rowMin) { double nx = xa + (rowMin - ya) * k; ya = rowMin; xa = nx; }
            if (yb > rowMax) { double nx = xa + (rowMax - ya) * k; yb = rowMax; xb = nx; }
            clipColumns(xa, ya, xb, yb, s);
        }

        /** Splits at x = 0 and x = w: parts west of the window become vertical at x = 0, parts east are dropped. */
        private void clipColumns(double xa, double ya, double xb, double yb, double s) {
            double[] xs = new double[4], ys = new double[4];
            int m = 0;
            xs[m] = xa; ys[m++] = ya;
            double k = (yb - ya) / (xb - xa); // dy per dx; infinite when vertical (never used then)
            double[] cuts = xa < xb ? new double[] {0, w} : new double[] {w, 0};
            for (double cx : cuts) {
                if ((xa < cx && cx < xb) || (xb < cx && cx < xa)) {
                    double cy = ya + (cx - xa) * k;
                    if (cy > ys[m - 1] && cy < yb) { xs[m] = cx; ys[m++] = cy; }
                }
            }
            xs[m] = xb; ys[m++] = yb;
            for (int i = 0; i + 1 < m; i++) {
                double px0 = xs[i], px1 = xs[i + 1];
                double mid = 0.5 * (px0 + px1);
                if (mid >= w) continue;
                if (mid <= 0) { px0 = 0; px1 = 0; }
                px0 = Math.max(0, Math.min(w, px0));
                px1 = Math.max(0, Math.min(w, px1));
                addChunked(px0, ys[i], px1, ys[i + 1], s);
            }
        }

        /** Stores the piece in runs of at most {@link #CHUNK_ROWS} rows. */
        private void addChunked(double xa, double ya, double xb, double yb, double s) {
            double k = (xb - xa) / (yb - ya);
            while (true) {
                double boundary = (Math.floor(ya / CHUNK_ROWS) + 1) * CHUNK_ROWS;
                if (yb <= boundary) {
                    store(xa, ya, xb, yb, s);
                    return;
                }
                double bx = xa + (boundary - ya) * k;
                store(xa, ya, bx, boundary, s);
                xa = bx;
                ya = boundary;
            }
        }

        private void store(double xa, double ya, double xb, double yb, double s) {
            if (n == x0.length) {
                int cap = n * 2;
                x0 = Arrays.copyOf(x0, cap); y0 = Arrays.copyOf(y0, cap);
                x1 = Arrays.copyOf(x1, cap); y1 = Arrays.copyOf(y1, cap);
                wt = Arrays.copyOf(wt, cap); firstRow = Arrays.copyOf(firstRow, cap);
            }
            x0[n] = xa; y0[n] = ya; x1[n] = xb; y1[n] = yb; wt[n] = s;
            firstRow[n] = (int) Math.floor(ya);
            n++;
        }

        private void addHorizontal(double y, double lo, double hi) {
            if (!(y > rowMin && y < rowMax) || y == Math.floor(y)) return;
            lo = Math.max(0, lo);
            hi = Math.min(w, hi);
            if (!(hi > lo)) return;
            if (nh == hRow.length) {
                int cap = Math.max(16, nh * 2);
                hRow = Arrays.copyOf(hRow, cap); hLo = Arrays.copyOf(hLo, cap); hHi = Arrays.copyOf(hHi, cap);
            }
            hRow[nh] = (int) Math.floor(y); hLo[nh] = lo; hHi[nh] = hi;
            nh++;
        }
    }
}
