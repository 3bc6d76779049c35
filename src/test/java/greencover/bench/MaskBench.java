package greencover.bench;

import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.MaskedIndexRaster;
import greencover.core.raster.RasterGrid;
import java.util.Random;
import org.geotools.referencing.CRS;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * Measures a site's mask view ({@link MaskedIndexRaster}) against the stored raster read as it is: a 4000 × 4000 grid
 * of 10 m pixels (16 Mpx) with ~10 % cloud in round blobs and their shadows, read in bands of 256 rows as the
 * summariser reads it; buffers 0 (the raster itself), 60 m, 300 m and 1000 m, and a permanent-water polygon of 400
 * vertices over a quarter of the grid. Not a test; run with
 * {@code java -cp <test classpath> greencover.bench.MaskBench [iterations]}.
 */
public final class MaskBench {

    private MaskBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int n = 4000;
        RasterGrid grid = new RasterGrid(n, n, 500000, 2800000, 10, 10);
        short[] level0 = new short[n * n];
        Random rnd = new Random(3);
        for (int i = 0; i < level0.length; i++) level0[i] = (short) (1000 + rnd.nextInt(7000));
        for (int b = 0; b < 400; b++) { // blobs of radius 5..25 pixels, shadow displaced by (30, 40)
            int cx = rnd.nextInt(n), cy = rnd.nextInt(n), rad = 5 + rnd.nextInt(21);
            for (int y = Math.max(0, cy - rad); y < Math.min(n, cy + rad); y++) {
                for (int x = Math.max(0, cx - rad); x < Math.min(n, cx + rad); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > rad * rad) continue;
                    level0[y * n + x] = IndexCodes.CLOUD;
                    int sx = x + 30, sy = y + 40;
                    if (sx < n && sy < n && level0[sy * n + sx] != IndexCodes.CLOUD) level0[sy * n + sx] = IndexCodes.SHADOW;
                }
            }
        }
        IndexRaster base = new ArrayIndexRaster(grid, CRS.decode("EPSG:32650", true), 32650, level0, 1);
        StringBuilder ring = new StringBuilder("POLYGON ((");
        for (int k = 0; k <= 400; k++) {
            double a = 2 * Math.PI * (k % 400) / 400, r = 10000 * (1 + 0.1 * Math.sin(7 * a));
            ring.append(k == 0 ? "" : ", ").append(510000 + r * Math.cos(a)).append(' ').append(2790000 + r * Math.sin(a));
        }
        Geometry pond = new WKTReader().read(ring.append("))").toString());
        run("stored raster", base, iterations, n);
        for (double buffer : new double[] {60, 300, 1000}) {
            run("buffer " + (int) buffer + " m", new MaskedIndexRaster(base, buffer, 10, 10, null), iterations, n);
        }
        run("permanent water", new MaskedIndexRaster(base, 0, 10, 10, pond), iterations, n);
    }

    private static void run(String label, IndexRaster r, int iterations, int n) {
        short[] band = new short[256 * n];
        double best = Double.MAX_VALUE;
        long clouds = 0;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            clouds = 0;
            for (int r0 = 0; r0 < n; r0 += 256) {
                int rows = Math.min(256, n - r0);
                r.read(0, 0, r0, n, rows, band);
                for (int i = 0; i < rows * n; i++) if (band[i] == IndexCodes.CLOUD) clouds++;
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("%-16s best of %d: %6.3f s, %6.1f Mpx/s, cloud %.1f %%%n", label, iterations, best, n * (double) n / best / 1e6,
                100.0 * clouds / ((double) n * n));
    }
}
