package greencover.service.map;

import greencover.core.tiles.Extent;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.api.referencing.operation.TransformException;

/** Computes the bounds of a transformed rectangle by densifying its edges. */
final class MapGeometry {
    private MapGeometry() {}

    /**
     * The bounds of the rectangle's image under {@code mt}, from {@code n} points per edge; points that fail to
     * transform are skipped; null when none transforms.
     */
    static Extent transformedBounds(MathTransform mt, double minX, double minY, double maxX, double maxY, int n) {
        double[] pts = new double[8 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double t = i / (double) n;
            pts[k++] = minX + (maxX - minX) * t; pts[k++] = minY;
            pts[k++] = maxX; pts[k++] = minY + (maxY - minY) * t;
            pts[k++] = maxX - (maxX - minX) * t; pts[k++] = maxY;
            pts[k++] = minX; pts[k++] = maxY - (maxY - minY) * t;
        }
        double[] out = new double[pts.length];
        try {
            mt.transform(pts, 0, out, 0, pts.length / 2);
        } catch (TransformException | RuntimeException e) {
            double[] one = new double[2];
            for (int i = 0; i < pts.length; i += 2) {
                try {
                    mt.transform(pts, i, one, 0, 1);
                    out[i] = one[0];
                    out[i + 1] = one[1];
                } catch (TransformException | RuntimeException e2) {
                    out[i] = Double.NaN;
                    out[i + 1] = Double.NaN;
                }
            }
        }
        double x0 = Double.POSITIVE_INFINITY, y0 = x0, x1 = Double.NEGATIVE_INFINITY, y1 = x1;
        for (int i = 0; i < out.length; i += 2) {
            if (!Double.isFinite(out[i]) || !Double.isFinite(out[i + 1])) continue;
            x0 = Math.min(x0, out[i]);
            x1 = Math.max(x1, out[i]);
            y0 = Math.min(y0, out[i + 1]);
            y1 = Math.max(y1, out[i + 1]);
        }
        return x0 <= x1 ? new Extent(x0, y0, x1, y1) : null;
    }
}
