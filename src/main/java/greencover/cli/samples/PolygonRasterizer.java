package greencover.cli.samples;

import greencover.core.raster.RasterGrid;
import java.util.Arrays;
import java.util.List;

/**
 * Burns polygons into a grid by the centre-point rule with even-odd filling: a cell is inside when its
 * centre is inside the polygon (holes excluded). A centre exactly on a left edge counts as inside, on a
 * right edge as outside, so two polygons sharing an edge never both claim a cell.
 */
final class PolygonRasterizer {

    private PolygonRasterizer() {
    }

    /**
     * Computes the cells of {@code grid} whose centres fall inside the polygon given by {@code rings}
     * (interleaved x,y, closed; exterior and holes alike), as a row-major mask.
     */
    static boolean[] mask(RasterGrid grid, List<double[]> rings) {
        boolean[] inside = new boolean[grid.width() * grid.height()];
        double[] crossings = new double[16];
        for (int row = 0; row < grid.height(); row++) {
            double y = grid.centerY(row);
            int n = 0;
            for (double[] ring : rings) {
                for (int i = 0; i + 3 < ring.length; i += 2) {
                    double x1 = ring[i], y1 = ring[i + 1], x2 = ring[i + 2], y2 = ring[i + 3];
                    if ((y1 > y) != (y2 > y)) {
                        if (n == crossings.length) {
                            crossings = Arrays.copyOf(crossings, n * 2);
                        }
                        crossings[n++] = x1 + (y - y1) * (x2 - x1) / (y2 - y1);
                    }
                }
            }
            Arrays.sort(crossings, 0, n);
            int rowStart = row * grid.width();
            for (int k = 0; k + 1 < n; k += 2) {
                int from = (int) Math.max(0, Math.ceil(grid.colOf(crossings[k]) - 0.5));
                int to = (int) Math.min(grid.width(), Math.ceil(grid.colOf(crossings[k + 1]) - 0.5));
                for (int col = from; col < to; col++) {
                    inside[rowStart + col] = true;
                }
            }
        }
        return inside;
    }
}
