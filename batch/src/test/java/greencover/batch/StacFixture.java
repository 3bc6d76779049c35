package greencover.batch;

import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local STAC of Earth Search style sentinel-2-l2a items (BOA offset applied, so reflectance is DN / 10000) over
 * real tiled DEFLATE COGs served by range requests on loopback. Every item covers x 500000..505120, y
 * 2794880..2800000 of EPSG:32650: red and NIR 512 x 512 pixels of 10 m, SCL 256 x 256 of 20 m, tiles of 256.
 *
 * <p>Item {@code i} (date 2023-06-(1 + i)): red DN 1000 and NIR DN {@link #nir}; its SCL is vegetation (4), except on
 * the items where {@link #cloudyLeft} holds, whose SCL columns 0..127 (x below 502560) are cloud (8). NDVI is then
 * (nir - 1000) / (nir + 1000) on every clear pixel.
 *
 * <p>Sites: {@code west} the square x 500500..501100, y 2799000..2799600 (in the cloudy half); {@code across} the
 * rectangle x 501000..503000, y 2797000..2798000, of which (502560 - 501000) / 2000 = 0.78 lies in the cloudy half.
 */
final class StacFixture implements AutoCloseable {
    static final String SITES = "{\"type\":\"FeatureCollection\",\"features\":["
            + site("west", 500500, 2799000, 501100, 2799600) + "," + site("across", 501000, 2797000, 503000, 2798000) + "]}";

    final Path dir;
    final RangeFileServer files;
    final List<String> itemUrls = new ArrayList<>();

    /** NIR DN of item {@code i}: 3000, 2000, 1500, then repeating (NDVI 0.5, 1/3, 0.2). */
    static int nir(int i) { return new int[] {3000, 2000, 1500}[i % 3]; }

    /** Item {@code i}'s SCL has its cloudy left half on odd items. */
    static boolean cloudyLeft(int i) { return i % 2 == 1; }

    static String date(int i) { return java.time.LocalDate.of(2023, 6, 1).plusDays(i).toString(); }

    StacFixture(Path dir, int items) throws Exception {
        this(dir, items, 512);
    }

    /** {@code size} pixels of 10 m a side (a multiple of 512). */
    StacFixture(Path dir, int items, int size) throws Exception {
        this.dir = Files.createDirectories(dir);
        files = new RangeFileServer(this.dir);
        int[][] red = fill(size, 1000);
        Cogs.write(dir.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        int[][] clear = fill(size / 2, 4), cloudy = fill(size / 2, 4);
        for (int[] row : cloudy) java.util.Arrays.fill(row, 0, 128, 8);
        Cogs.write(dir.resolve("scl-clear.tif"), 32650, 500000, 2800000, 20, clear, 256);
        Cogs.write(dir.resolve("scl-cloudy.tif"), 32650, 500000, 2800000, 20, cloudy, 256);
        for (int n : new int[] {3000, 2000, 1500}) Cogs.write(dir.resolve("nir-" + n + ".tif"), 32650, 500000, 2800000, 10, fill(size, n), 256);
        for (int i = 0; i < items; i++) {
            String name = "item-" + i + ".json";
            Files.writeString(dir.resolve(name), item(i, files.url("red.tif"), files.url("nir-" + nir(i) + ".tif"),
                    files.url(cloudyLeft(i) ? "scl-cloudy.tif" : "scl-clear.tif")));
            itemUrls.add(files.url(name));
        }
    }

    Path sitesFile() throws Exception {
        Path f = dir.resolve("sites.geojson");
        if (!Files.exists(f)) Files.writeString(f, SITES);
        return f;
    }

    static String item(int i, String red, String nir, String scl) {
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2B_50RMN_" + date(i).replace("-", "") + "_" + i + "_L2A\","
                + "\"collection\":\"sentinel-2-l2a\",\"geometry\":null,\"properties\":{\"datetime\":\"" + date(i) + "T03:12:00Z\","
                + "\"platform\":\"sentinel-2b\",\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + red + "\"" + rb + "},\"nir\":{\"href\":\"" + nir + "\"" + rb + "},"
                + "\"scl\":{\"href\":\"" + scl + "\"}}}";
    }

    static String site(String id, double x0, double y0, double x1, double y1) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1
                + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]},\"properties\":{}}";
    }

    private static int[][] fill(int n, int v) {
        int[][] a = new int[n][n];
        for (int[] row : a) java.util.Arrays.fill(row, v);
        return a;
    }

    @Override
    public void close() { files.close(); }
}
