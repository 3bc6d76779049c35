package greencover.bench;

import greencover.core.index.SpectralIndices;
import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.Extent;
import greencover.core.tiles.TileMatrixSet;
import greencover.service.map.MapData;
import greencover.core.tiles.TargetGrid;
import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapRenderer;
import greencover.service.map.TimeSelection;
import greencover.service.map.MapRequest;
import greencover.service.map.MapScene;
import greencover.service.map.MapSite;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;

/**
 * Measures single-threaded rendering of random 256 × 256 PNG WebMercatorQuad tiles, zoom 10 to 16, inside one
 * synthetic 10980 × 10980 Sentinel-2-like NDVI scene (10 m, EPSG:32650, smooth field with cloud patches).
 * Not a test: run with {@code java -Xmx2g -cp target/classes:target/test-classes:<deps> greencover.bench.TileRenderBench [tiles] [layer]}.
 */
public final class TileRenderBench {
    private TileRenderBench() {}

    record Data(List<MapScene> scenes, List<MapSite> sites, long version) implements MapData {}

    public static void main(String[] args) throws Exception {
        int tiles = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String layer = args.length > 1 ? args[1] : "ndvi";
        int size = 10980;
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        RasterGrid grid = new RasterGrid(size, size, 399960, 2900040, 10, 10);
        long t0 = System.nanoTime();
        short[] codes = new short[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double v = 0.35 + 0.3 * Math.sin(c / 430.0) * Math.cos(r / 610.0) + 0.1 * Math.sin((c + r) / 57.0);
                double cloud = Math.sin(c / 1300.0 + 1) * Math.sin(r / 1700.0 + 2);
                codes[r * size + c] = cloud > 0.85 ? IndexCodes.CLOUD : IndexCodes.encode(v);
            }
        }
        ArrayIndexRaster raster = new ArrayIndexRaster(grid, utm, 32650, codes);
        System.out.printf("synthetic scene %dx%d, %d levels, built in %.1f s%n", size, size, raster.levelCount(),
                (System.nanoTime() - t0) / 1e9);
        MapScene scene = new MapScene("bench", "bench", LocalDate.of(2024, 6, 1), "S2A", Map.of("ndvi", raster));
        MapRenderer renderer = new MapRenderer(new Data(List.of(scene), List.of(), 1), SpectralIndices.defaults());
        CoordinateReferenceSystem merc = CRS.decode("EPSG:3857", true);
        MathTransform toLonLat = CRS.findMathTransform(utm, DefaultGeographicCRS.WGS84, true);
        TileMatrixSet tms = TileMatrixSet.WEB_MERCATOR_QUAD;
        Random random = new Random(42);
        int n = tiles + 500;
        MapRequest[] requests = new MapRequest[n];
        int[] zooms = new int[n];
        for (int k = 0; k < n; k++) {
            double[] p = {grid.minX() + random.nextDouble() * size * 10, grid.minY() + random.nextDouble() * size * 10};
            toLonLat.transform(p, 0, p, 0, 1);
            int z = 10 + random.nextInt(7);
            long x = (long) Math.floor((p[0] + 180) / 360 * (1L << z));
            double lat = Math.toRadians(p[1]);
            long y = (long) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * (1L << z));
            Extent b = tms.tileBounds(z, x, y);
            zooms[k] = z;
            requests[k] = new MapRequest(layer, null, TimeSelection.LATEST, Composite.LATEST, new TargetGrid(merc,
                    b.minX(), b.minY(), b.maxX(), b.maxY(), 256, 256), ImageFormat.PNG, true, 0xFFFFFF);
        }
        for (int k = 0; k < 500; k++) renderer.render(requests[k]); // warm-up
        long[] ns = new long[tiles];
        long bytes = 0;
        int empty = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int k = 0; k < tiles; k++) {
            long a = System.nanoTime();
            var m = renderer.render(requests[500 + k]);
            ns[k] = System.nanoTime() - a;
            bytes += m.bytes().length;
            if (m.empty()) empty++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        System.out.printf("layer %s: %d tiles in %.2f s: %.0f tiles/s single-threaded, mean %.2f ms, p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms, mean PNG %d bytes, %d empty%n",
                layer, tiles, seconds, tiles / seconds, seconds * 1000 / tiles, sorted[tiles / 2] / 1e6,
                sorted[(int) (tiles * 0.99)] / 1e6, sorted[tiles - 1] / 1e6, bytes / tiles, empty);
        System.out.printf("  thread CPU time %.2f ms per tile (%.0f tiles per CPU-second; wall time includes waiting"
                + " for a core on a shared machine)%n", cpuSeconds * 1000 / tiles, tiles / cpuSeconds);
        for (int z = 10; z <= 16; z++) {
            long sum = 0;
            int count = 0;
            for (int k = 0; k < tiles; k++) {
                if (zooms[500 + k] == z) { sum += ns[k]; count++; }
            }
            if (count > 0) System.out.printf("  z%d: %d tiles, mean %.2f ms%n", z, count, sum / 1e6 / count);
        }
    }
}
