package greencover.testing;

import java.nio.file.Path;

/**
 * Cloud-optimised-style GeoTIFFs for the remote-read tests, written with GeoTools: one UInt16 band, square tiles,
 * DEFLATE. {@link #tileBytes} reads a file's tile byte counts, to bound what a windowed read may fetch.
 */
public final class Cogs {
    private Cogs() {}

    /** Writes {@code band[row][col]} in EPSG:{@code epsg} with its upper-left corner at ({@code minX}, {@code maxY}). */
    public static Path write(Path file, int epsg, double minX, double maxY, double pixel, int[][] band, int tile) throws Exception {
        return TestTiffs.writeTiled(file, epsg, minX, maxY, pixel, band, tile, "Deflate");
    }

    /**
     * The byte count of tile ({@code col}, {@code row}) of {@code file}'s first image, read straight from the classic
     * little- or big-endian TIFF's TileByteCounts (tag 325, SHORT or LONG), independently of the code under test.
     */
    /**
     * The site the read-in-place tests share, as {@code POST /api/v1/sites} takes it: {@code dump}, the square x
     * 504000..504600, y 2795000..2795600 of EPSG:32650, inside the COGs of {@link #writeRandomRedNir} and
     * {@link #writeUniformRedNir}.
     */
    public static final String DUMP_SITE = "{\"type\":\"Feature\",\"id\":\"dump\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[504000,2795000],[504600,2795000],[504600,2795600],[504000,2795600],"
            + "[504000,2795000]]]},\"properties\":{}}";

    /**
     * Writes {@code red.tif} (DN 500) and {@code nir.tif} (DN 3000) into {@code dir}: {@code size} x {@code size} pixels of
     * 10 m in EPSG:32650 from (500000, 2800000), tiled 256, uniform (NDVI 2500 / 3500 without an offset).
     */
    public static void writeUniformRedNir(Path dir, int size) throws Exception {
        int[][] red = new int[size][size], nir = new int[size][size];
        for (int y = 0; y < size; y++) {
            java.util.Arrays.fill(red[y], 500);
            java.util.Arrays.fill(nir[y], 3000);
        }
        write(dir.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        write(dir.resolve("nir.tif"), 32650, 500000, 2800000, 10, nir, 256);
    }

    /**
     * Writes {@code red.tif} and {@code nir.tif} into {@code dir}: 512 x 512 pixels of 10 m in EPSG:32650 from
     * (500000, 2800000), tiled 256, DNs uniform in red 300..1499 and NIR 1800..4299 from {@code new Random(seed)}
     * (drawn red then NIR, pixel by pixel, row by row): the read-in-place imports' usual pair. Returns {@code dir}.
     */
    public static Path writeRandomRedNir(Path dir, long seed) throws Exception {
        java.util.Random rnd = new java.util.Random(seed);
        int[][] red = new int[512][512], nir = new int[512][512];
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                red[y][x] = 300 + rnd.nextInt(1200);
                nir[y][x] = 1800 + rnd.nextInt(2500);
            }
        }
        write(dir.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        write(dir.resolve("nir.tif"), 32650, 500000, 2800000, 10, nir, 256);
        return dir;
    }

    public static long tileBytes(Path file, int col, int row) throws Exception { return tileField(file, col, row, 325); }

    /** The byte offset of tile ({@code col}, {@code row}) of {@code file}'s first image (TileOffsets, tag 324). */
    public static long tileOffset(Path file, int col, int row) throws Exception { return tileField(file, col, row, 324); }

    private static long tileField(Path file, int col, int row, int wanted) throws Exception {
        java.nio.ByteBuffer b;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) { // mapped: full-size COGs too
            b = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(b.get(0) == 'M' ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        int ifd = b.getInt(4), n = b.getShort(ifd) & 0xFFFF;
        long width = 0, tileWidth = 0;
        int countsType = 0, countsAt = 0;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i, tag = b.getShort(e) & 0xFFFF, type = b.getShort(e + 2) & 0xFFFF;
            long value = type == 3 ? b.getShort(e + 8) & 0xFFFF : b.getInt(e + 8) & 0xFFFFFFFFL;
            if (tag == 256) width = value;
            if (tag == 322) tileWidth = value;
            if (tag == wanted) {
                countsType = type;
                countsAt = b.getInt(e + 4) * (type == 3 ? 2 : 4) <= 4 ? e + 8 : b.getInt(e + 8);
            }
        }
        int across = (int) ((width + tileWidth - 1) / tileWidth), k = row * across + col;
        return countsType == 3 ? b.getShort(countsAt + 2 * k) & 0xFFFF : b.getInt(countsAt + 4 * k) & 0xFFFFFFFFL;
    }
}
