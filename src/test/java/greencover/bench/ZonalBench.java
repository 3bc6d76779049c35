package greencover.bench;

import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PolygonCoverage;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import java.util.Arrays;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Measures exact zonal statistics throughput (coverage + accumulation, data already decoded) on one core:
 * a Sentinel-2-sized 10980 × 10980 grid of 10 m pixels and an irregular polygon of ~2000 vertices with a hole
 * whose bounding window is 6000 × 6000 pixels, processed in bands of 512 rows. Not a test; run with
 * {@code java -cp <test classpath> greencover.bench.ZonalBench [iterations] [validPercent]}.
 */
public final class ZonalBench {

    private ZonalBench() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int validPercent = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        int band = 512;
        RasterGrid grid = new RasterGrid(10980, 10980, 399960, 4600020, 10, 10);
        Polygon site = site(grid, 2000, 42L);
        PolygonCoverage probe = PolygonCoverage.of(site, grid);
        int w = probe.windowWidth(), h = probe.windowHeight();
        System.out.printf("window %d x %d = %.1f Mpx, polygon %d vertices, area %.1f km², %d%% valid (i.i.d.)%n",
                w, h, w * (double) h / 1e6, site.getNumPoints(), site.getArea() / 1e6, validPercent);

        // decoded data for the window only (stride w): i.i.d. random classes and values
        Random rnd = new Random(1);
        byte[] classes = new byte[w * h];
        float[] values = new float[w * h];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = rnd.nextInt(100) < validPercent ? PixelClass.VALID_CODE : (byte) (1 + rnd.nextInt(4));
            values[i] = (float) (rnd.nextDouble() * 1.1 - 0.2);
        }
        float[] cov = new float[band * w];
        double[] mpx = new double[iterations];
        ZonalSummary last = null;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            PolygonCoverage coverage = PolygonCoverage.of(site, grid);
            ZonalSummary s = new ZonalSummary(site.getArea());
            long fillNanos = 0;
            for (int r = coverage.rowMin(); r < coverage.rowMax(); r += band) {
                int re = Math.min(coverage.rowMax(), r + band);
                long f0 = System.nanoTime();
                coverage.fillRows(r, re, cov);
                fillNanos += System.nanoTime() - f0;
                s.addBlock(cov, 0, w, classes, values, (r - coverage.rowMin()) * w, w, w, re - r, grid.pixelArea());
            }
            long t1 = System.nanoTime();
            mpx[it] = w * (double) h / ((t1 - t0) / 1e3);
            System.out.printf("iteration %d: %.0f ms (coverage %.0f ms), %.1f Mpx/s%n", it, (t1 - t0) / 1e6,
                    fillNanos / 1e6, mpx[it]);
            last = s;
        }
        double[] sorted = mpx.clone();
        Arrays.sort(sorted);
        System.out.printf("best %.1f Mpx/s, median %.1f Mpx/s%n", sorted[sorted.length - 1], sorted[sorted.length / 2]);
        ZonalStatistics st = ZonalStatistics.from(last, 0.3, 0.05, 0.85);
        System.out.printf("check: valid %.1f km², mean %.4f, green %.4f, nodata %.4f%n",
                st.validAreaM2() / 1e6, st.mean(), st.greenFraction(), st.nodataFraction());
    }

    /** A star-shaped polygon of {@code n} vertices filling a 6000-pixel window of {@code grid}, with a hole. */
    static Polygon site(RasterGrid grid, int n, long seed) {
        GeometryFactory gf = new GeometryFactory();
        Random rnd = new Random(seed);
        double px = grid.pixelWidth();
        double cx = grid.minX() + 5000.3 * px, cy = grid.maxY() - 5000.7 * px;
        double rMax = 3000 * px;
        Coordinate[] shell = new Coordinate[n + 1];
        double r = 0.8 * rMax;
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            r = Math.max(0.45 * rMax, Math.min(rMax, r + (rnd.nextDouble() - 0.5) * 0.06 * rMax));
            double rr = i == 0 || i == n / 4 || i == n / 2 || i == 3 * n / 4 ? rMax : r; // span the full window
            shell[i] = new Coordinate(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
        }
        shell[n] = shell[0];
        double hr = 0.2 * rMax;
        Coordinate[] hole = new Coordinate[65];
        for (int i = 0; i < 64; i++) {
            double a = -2 * Math.PI * i / 64;
            hole[i] = new Coordinate(cx + 0.1 * rMax + hr * Math.cos(a), cy + hr * Math.sin(a));
        }
        hole[64] = hole[0];
        return gf.createPolygon(gf.createLinearRing(shell), new LinearRing[] {gf.createLinearRing(hole)});
    }
}
