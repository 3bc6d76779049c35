package greencover.core.tiles;

import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import java.util.Objects;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.api.referencing.operation.TransformException;

/**
 * Maps every pixel of a {@link TargetGrid} to continuous coordinates of a source {@link RasterGrid} through an
 * approximate transform. The exact transform (target east/north → source east/north) is evaluated on a
 * control grid every {@code step} pixels; inside each cell the source position is interpolated bilinearly from
 * the four corners when the interpolation misses the exact transform at the cell centre by at most
 * {@code maxErrorPx} source pixels, and the cell is split in four otherwise (down to exact per-pixel
 * transforms). Source coordinates are continuous: column 0.0 is the west edge of the grid, so the pixel that
 * holds a position is {@code floor(col)}. Positions the transform cannot compute are NaN, and so are those whose
 * source position does not map back to within one target pixel of them (projections such as Transverse
 * Mercator fold far from their zone); a cell whose four corners and centre are all NaN is NaN throughout.
 * <p>The control grid is built once at construction; {@link #fill} may then be called for several source
 * grids (overview levels) of the same CRS. An instance is not thread-safe.
 */
public final class GridWarper {
    public static final int DEFAULT_STEP = 16;
    public static final double DEFAULT_MAX_ERROR_PX = 0.125;

    private final TargetGrid target;
    private final MathTransform transform;
    private final int step;
    private final double maxErrorPx;
    private final int[] ci;
    private final int[] cj;
    /** Source x, y (CRS units) of control point (kx, ky) at [2 * (ky * nx + kx)]. */
    private final double[] control;
    /** Exact source x, y of the centre of cell (kx, ky) at [2 * (ky * (nx - 1) + kx)]. */
    private final double[] centres;
    private final boolean identity;
    /** The inverse transform, to reject positions that do not map back (projections folding far from their zone). */
    private final MathTransform inverse;
    private final double[] one = new double[2];

    /** Creates a warper with the default step (16 px) and error bound (0.125 source px). */
    public GridWarper(TargetGrid target, MathTransform targetToSource) {
        this(target, targetToSource, DEFAULT_STEP, DEFAULT_MAX_ERROR_PX);
    }

    /**
     * Creates a warper.
     *
     * @param targetToSource from target east/north to source east/north coordinates
     * @param step control-grid spacing in target pixels (≥ 2)
     * @param maxErrorPx largest tolerated interpolation error at a cell centre, in source pixels
     */
    public GridWarper(TargetGrid target, MathTransform targetToSource, int step, double maxErrorPx) {
        this.target = Objects.requireNonNull(target, "target");
        this.transform = Objects.requireNonNull(targetToSource, "targetToSource");
        if (step < 2) throw new IllegalArgumentException("step must be at least 2 but was " + step);
        if (!(maxErrorPx > 0)) throw new IllegalArgumentException("maxErrorPx must be positive but was " + maxErrorPx);
        this.step = step;
        this.maxErrorPx = maxErrorPx;
        this.identity = targetToSource.isIdentity();
        MathTransform inv;
        try {
            inv = identity ? null : targetToSource.inverse();
        } catch (org.geotools.api.referencing.operation.NoninvertibleTransformException e) {
            inv = null;
        }
        this.inverse = inv;
        this.ci = controlIndices(target.width(), step);
        this.cj = controlIndices(target.height(), step);
        int nx = ci.length, ny = cj.length;
        control = new double[2 * nx * ny];
        for (int ky = 0; ky < ny; ky++) {
            for (int kx = 0; kx < nx; kx++) {
                control[2 * (ky * nx + kx)] = target.x(ci[kx]);
                control[2 * (ky * nx + kx) + 1] = target.y(cj[ky]);
            }
        }
        transformAll(control);
        int cx = Math.max(nx - 1, 0), cy = Math.max(ny - 1, 0);
        centres = new double[2 * cx * cy];
        for (int ky = 0; ky < cy; ky++) {
            for (int kx = 0; kx < cx; kx++) {
                centres[2 * (ky * cx + kx)] = target.x((ci[kx] + ci[kx + 1]) * 0.5);
                centres[2 * (ky * cx + kx) + 1] = target.y((cj[ky] + cj[ky + 1]) * 0.5);
            }
        }
        transformAll(centres);
    }

    private static int[] controlIndices(int size, int step) {
        if (size == 1) return new int[] {0};
        int n = (size - 1 + step - 1) / step + 1;
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) idx[k] = Math.min(k * step, size - 1);
        return idx;
    }

    private void transformAll(double[] pts) {
        if (identity || pts.length == 0) return;
        double[] src = pts.clone();
        try {
            transform.transform(src, 0, pts, 0, pts.length / 2);
        } catch (TransformException | RuntimeException e) {
            // some points are outside the domain of the projection: transform them one by one
            for (int k = 0; k < pts.length; k += 2) exact(src[k], src[k + 1], pts, k);
            return;
        }
        for (int k = 0; k < pts.length; k++) if (!Double.isFinite(pts[k])) pts[k] = Double.NaN;
        if (inverse == null) return;
        double[] back = new double[pts.length];
        try {
            inverse.transform(pts, 0, back, 0, pts.length / 2);
        } catch (TransformException | RuntimeException e) {
            for (int k = 0; k < pts.length; k += 2) exact(src[k], src[k + 1], pts, k);
            return;
        }
        for (int k = 0; k < pts.length; k += 2) {
            if (!mapsBack(src[k], src[k + 1], back[k], back[k + 1])) {
                pts[k] = Double.NaN;
                pts[k + 1] = Double.NaN;
            }
        }
    }

    /** True when a target point (x, y) and the inverse image (bx, by) of its source position are within a pixel. */
    private boolean mapsBack(double x, double y, double bx, double by) {
        return Math.abs(bx - x) <= target.pixelWidth() && Math.abs(by - y) <= target.pixelHeight();
    }

    /** Transforms (x, y) into {@code out[at]}, {@code out[at + 1]}; NaN when the transform fails. */
    private void exact(double x, double y, double[] out, int at) {
        if (identity) {
            out[at] = x;
            out[at + 1] = y;
            return;
        }
        one[0] = x;
        one[1] = y;
        try {
            transform.transform(one, 0, one, 0, 1);
            boolean ok = Double.isFinite(one[0]) && Double.isFinite(one[1]);
            out[at] = ok ? one[0] : Double.NaN;
            out[at + 1] = ok ? one[1] : Double.NaN;
            if (ok && inverse != null) {
                inverse.transform(one, 0, one, 0, 1);
                if (!mapsBack(x, y, one[0], one[1])) {
                    out[at] = Double.NaN;
                    out[at + 1] = Double.NaN;
                }
            }
        } catch (TransformException | RuntimeException e) {
            out[at] = Double.NaN;
            out[at + 1] = Double.NaN;
        }
    }

    public TargetGrid target() { return target; }

    /**
     * The approximate size of one target pixel in source CRS units (square root of the area of its image) near
     * the centre of the target grid, for choosing an overview level; NaN when no control cell is valid.
     */
    public double sourceUnitsPerPixel() {
        int nx = ci.length, ny = cj.length;
        if (nx == 1 || ny == 1) {
            return singleRowOrColumnScale();
        }
        double best = Double.NaN, bestDist = Double.POSITIVE_INFINITY;
        double mx = (nx - 2) / 2.0, my = (ny - 2) / 2.0;
        for (int ky = 0; ky < ny - 1; ky++) {
            for (int kx = 0; kx < nx - 1; kx++) {
                int a = 2 * (ky * nx + kx), b = a + 2, c = 2 * ((ky + 1) * nx + kx);
                double ux = (control[b] - control[a]) / (ci[kx + 1] - ci[kx]);
                double uy = (control[b + 1] - control[a + 1]) / (ci[kx + 1] - ci[kx]);
                double vx = (control[c] - control[a]) / (cj[ky + 1] - cj[ky]);
                double vy = (control[c + 1] - control[a + 1]) / (cj[ky + 1] - cj[ky]);
                double s = Math.sqrt(Math.abs(ux * vy - uy * vx));
                double d = (kx - mx) * (kx - mx) + (ky - my) * (ky - my);
                if (Double.isFinite(s) && s > 0 && d < bestDist) {
                    best = s;
                    bestDist = d;
                }
            }
        }
        return best;
    }

    private double singleRowOrColumnScale() {
        double[] p = new double[4];
        double cx = (target.width() - 1) / 2.0, cy = (target.height() - 1) / 2.0;
        exact(target.x(cx - 0.5), target.y(cy - 0.5), p, 0);
        exact(target.x(cx + 0.5), target.y(cy + 0.5), p, 2);
        double d = Math.hypot(p[2] - p[0], p[3] - p[1]) / Math.sqrt(2);
        return Double.isFinite(d) && d > 0 ? d : Double.NaN;
    }

    /** The bounds {minX, minY, maxX, maxY} of the control points in source CRS units; null when none is valid. */
    public Extent sourceBounds() {
        double x0 = Double.POSITIVE_INFINITY, y0 = x0, x1 = Double.NEGATIVE_INFINITY, y1 = x1;
        for (int k = 0; k < control.length; k += 2) {
            double x = control[k], y = control[k + 1];
            if (Double.isNaN(x) || Double.isNaN(y)) continue;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
        }
        return x0 <= x1 ? new Extent(x0, y0, x1, y1) : null;
    }

    /**
     * Fills the continuous source column and row of the centre of every target pixel (row-major, index
     * {@code j * width + i}); NaN where the transform fails.
     *
     * @return the bounds of the positions written, as an extent whose x is the column and y the row
     *     (exact up to float rounding of the stored values, so callers should allow a cell of margin); null
     *     when no position is finite
     */
    public Extent fill(RasterGrid source, float[] col, float[] row) {
        Objects.requireNonNull(source, "source");
        int w = target.width(), h = target.height();
        if (col.length < w * h || row.length < w * h) {
            throw new IllegalArgumentException("col and row must hold " + w * h + " pixels");
        }
        double sx = 1 / source.pixelWidth(), sy = 1 / source.pixelHeight();
        double ox = source.minX(), oy = source.maxY();
        int nx = ci.length, ny = cj.length;
        if (nx == 1 || ny == 1) {
            Cell cell = new Cell(source, col, row);
            double[] p = new double[2];
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    exact(target.x(i), target.y(j), p, 0);
                    cell.put(i, j, p[0], p[1]);
                }
            }
            return cell.bounds();
        }
        Cell cell = new Cell(source, col, row);
        for (int ky = 0; ky < ny - 1; ky++) {
            for (int kx = 0; kx < nx - 1; kx++) {
                int a = 2 * (ky * nx + kx), b = a + 2, c = 2 * ((ky + 1) * nx + kx), d = c + 2;
                int m = 2 * (ky * (nx - 1) + kx);
                cell.refine(ci[kx], cj[ky], ci[kx + 1], cj[ky + 1],
                        control[a], control[a + 1], control[b], control[b + 1],
                        control[c], control[c + 1], control[d], control[d + 1],
                        centres[m], centres[m + 1]);
            }
        }
        return cell.bounds();
    }

    /** Recursive cell refinement for one {@link #fill} call; tracks the bounds of the positions written. */
    private final class Cell {
        private final double ox, oy, sx, sy;
        private final float[] col, row;
        private final int w;
        private final double[] p = new double[2];
        private double minC = Double.POSITIVE_INFINITY, minR = Double.POSITIVE_INFINITY;
        private double maxC = Double.NEGATIVE_INFINITY, maxR = Double.NEGATIVE_INFINITY;

        Extent bounds() { return minC <= maxC && minR <= maxR ? new Extent(minC, minR, maxC, maxR) : null; }

        /** Widens the bounds to (c, r) when both are finite. */
        private void track(double c, double r) {
            if (!Double.isFinite(c) || !Double.isFinite(r)) return;
            if (c < minC) minC = c;
            if (c > maxC) maxC = c;
            if (r < minR) minR = r;
            if (r > maxR) maxR = r;
        }

        Cell(RasterGrid source, float[] col, float[] row) {
            this.ox = source.minX();
            this.oy = source.maxY();
            this.sx = 1 / source.pixelWidth();
            this.sy = 1 / source.pixelHeight();
            this.col = col;
            this.row = row;
            this.w = target.width();
        }

        /**
         * Fills pixels i0..i1 × j0..j1 (inclusive) from the source positions of the four corners (upper-left,
         * upper-right, lower-left, lower-right) and the exact one of the centre (mx, my).
         */
        void refine(int i0, int j0, int i1, int j1, double ax, double ay, double bx, double by,
                    double cx, double cy, double dx, double dy, double mx, double my) {
            boolean valid = !Double.isNaN(ax + ay + bx + by + cx + cy + dx + dy + mx + my);
            if (valid) {
                double ex = Math.abs((ax + bx + cx + dx) * 0.25 - mx) * sx;
                double ey = Math.abs((ay + by + cy + dy) * 0.25 - my) * sy;
                // the centre of a cell of odd width is not a pixel centre but bilinear interpolation is exact
                // there as everywhere else in the cell, so this measures the interpolation error
                if (ex <= maxErrorPx && ey <= maxErrorPx) {
                    interpolate(i0, j0, i1, j1, ax, ay, bx, by, cx, cy, dx, dy);
                    return;
                }
            }
            if (Double.isNaN(ax + ay) && Double.isNaN(bx + by) && Double.isNaN(cx + cy) && Double.isNaN(dx + dy)
                    && Double.isNaN(mx + my)) {
                // nothing of the cell maps into the source CRS: positions far outside a projection's zone
                for (int j = j0; j <= j1; j++) {
                    Arrays.fill(col, j * w + i0, j * w + i1 + 1, Float.NaN);
                    Arrays.fill(row, j * w + i0, j * w + i1 + 1, Float.NaN);
                }
                return;
            }
            if (i1 - i0 <= 2 && j1 - j0 <= 2) {
                for (int j = j0; j <= j1; j++) {
                    for (int i = i0; i <= i1; i++) {
                        exact(target.x(i), target.y(j), p, 0);
                        put(i, j, p[0], p[1]);
                    }
                }
                return;
            }
            int im = (i0 + i1) >>> 1, jm = (j0 + j1) >>> 1;
            if (i1 - i0 <= 2) im = i0; // split rows only
            if (j1 - j0 <= 2) jm = j0; // split columns only
            if (im == i0) {
                // two cells stacked vertically: (i0..i1, j0..jm) and (i0..i1, jm..j1)
                double[] r = new double[4];
                exact(target.x(i0), target.y(jm), r, 0);
                exact(target.x(i1), target.y(jm), r, 2);
                sub(i0, j0, i1, jm, ax, ay, bx, by, r[0], r[1], r[2], r[3]);
                sub(i0, jm, i1, j1, r[0], r[1], r[2], r[3], cx, cy, dx, dy);
            } else if (jm == j0) {
                // two cells side by side: (i0..im, j0..j1) and (im..i1, j0..j1)
                double[] r = new double[4];
                exact(target.x(im), target.y(j0), r, 0);
                exact(target.x(im), target.y(j1), r, 2);
                sub(i0, j0, im, j1, ax, ay, r[0], r[1], cx, cy, r[2], r[3]);
                sub(im, j0, i1, j1, r[0], r[1], bx, by, r[2], r[3], dx, dy);
            } else {
                // new corner points: top-mid, mid-left, centre, mid-right, bottom-mid
                double[] q = new double[10];
                exact(target.x(im), target.y(j0), q, 0);
                exact(target.x(i0), target.y(jm), q, 2);
                exact(target.x(im), target.y(jm), q, 4);
                exact(target.x(i1), target.y(jm), q, 6);
                exact(target.x(im), target.y(j1), q, 8);
                sub(i0, j0, im, jm, ax, ay, q[0], q[1], q[2], q[3], q[4], q[5]);
                sub(im, j0, i1, jm, q[0], q[1], bx, by, q[4], q[5], q[6], q[7]);
                sub(i0, jm, im, j1, q[2], q[3], q[4], q[5], cx, cy, q[8], q[9]);
                sub(im, jm, i1, j1, q[4], q[5], q[6], q[7], q[8], q[9], dx, dy);
            }
        }

        private void sub(int i0, int j0, int i1, int j1, double ax, double ay, double bx, double by,
                         double cx, double cy, double dx, double dy) {
            double[] m = new double[2];
            exact(target.x((i0 + i1) * 0.5), target.y((j0 + j1) * 0.5), m, 0);
            refine(i0, j0, i1, j1, ax, ay, bx, by, cx, cy, dx, dy, m[0], m[1]);
        }

        private void interpolate(int i0, int j0, int i1, int j1, double ax, double ay, double bx, double by,
                                 double cx, double cy, double dx, double dy) {
            // to source pixel coordinates
            double ac = (ax - ox) * sx, ar = (oy - ay) * sy, bc = (bx - ox) * sx, br = (oy - by) * sy;
            double cc = (cx - ox) * sx, cr = (oy - cy) * sy, dc = (dx - ox) * sx, dr = (oy - dy) * sy;
            // a bilinear patch takes its extremes at its corners
            track(ac, ar);
            track(bc, br);
            track(cc, cr);
            track(dc, dr);
            double invW = 1.0 / (i1 - i0), invH = 1.0 / (j1 - j0);
            for (int j = j0; j <= j1; j++) {
                double t = (j - j0) * invH;
                double lc = ac + (cc - ac) * t, lr = ar + (cr - ar) * t;
                double rc = bc + (dc - bc) * t, rr = br + (dr - br) * t;
                double stepC = (rc - lc) * invW, stepR = (rr - lr) * invW;
                int base = j * w;
                for (int i = i0; i <= i1; i++) {
                    int k = i - i0;
                    col[base + i] = (float) (lc + stepC * k);
                    row[base + i] = (float) (lr + stepR * k);
                }
            }
        }

        void put(int i, int j, double x, double y) {
            double c = (x - ox) * sx, r = (oy - y) * sy;
            col[j * w + i] = (float) c;
            row[j * w + i] = (float) r;
            track(c, r);
        }
    }
}
