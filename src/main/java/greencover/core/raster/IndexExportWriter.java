package greencover.core.raster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Writes the full-resolution level of an {@link IndexRaster} as a GeoTIFF that GIS software reads right: two
 * signed 16-bit bands, DEFLATE-compressed strips, the raster's georeferencing (EPSG code or user-defined GeoKeys).
 *
 * <ul>
 *   <li>Band 1, the index: round(value × 10000) where the pixel is valid and {@value #NODATA} everywhere else
 *       (no data, cloud, shadow, snow and water alike), with {@code GDAL_NODATA} = {@value #NODATA} and the GDAL
 *       scale 0.0001 / offset 0, so GDAL and QGIS read NDVI in [-1, 1] and skip every non-valid pixel.</li>
 *   <li>Band 2, the pixel class: the {@link PixelClass} code of each pixel, {@value #CLASS_TABLE} (scale 1).</li>
 * </ul>
 * The stored index rasters keep distinct codes for the classes in one band (−32768 no data, −32767 cloud,
 * −32766 snow, −32765 water, −32764 shadow) and declare only −32768 as no data, which GIS software then reads as NDVI ≈ −3.28;
 * this export maps every class code to no data and moves the classes to their own band.
 */
public final class IndexExportWriter {
    /** The no-data value of both bands. */
    public static final short NODATA = IndexCodes.NODATA;
    /** The class band's code table, as written in the file's metadata. */
    public static final String CLASS_TABLE = "0 valid, 1 no data, 2 cloud, 3 snow, 4 water, 5 shadow";
    private static final int ROWS_PER_STRIP = 64;

    private IndexExportWriter() {}

    /**
     * Writes {@code raster} to {@code out} (created or truncated), band 1 described as {@code title} (e.g. "NDVI").
     *
     * @throws UncheckedIOException when the file cannot be written
     * @throws IllegalArgumentException when the raster's CRS cannot be written as GeoKeys, or the file would exceed 4 GB
     */
    public static void write(IndexRaster raster, String title, Path out) {
        RasterGrid grid = raster.grid();
        GeoKeyDirectory keys = GeoKeyDirectory.of(raster.crs(), raster.epsg());
        int w = grid.width(), h = grid.height();
        int strips = (h + ROWS_PER_STRIP - 1) / ROWS_PER_STRIP;
        long[] offsets = new long[strips], counts = new long[strips];
        short[] codes = new short[w * ROWS_PER_STRIP];
        ByteBuffer raw = IndexTiff.le(w * ROWS_PER_STRIP * 4);
        byte[] packed = new byte[raw.capacity() + raw.capacity() / 100 + 64];
        Deflater deflater = new Deflater(6);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long pos = 8;
            for (int s = 0; s < strips; s++) {
                int r0 = s * ROWS_PER_STRIP, rows = Math.min(ROWS_PER_STRIP, h - r0);
                raster.read(0, 0, r0, w, rows, codes);
                raw.clear();
                for (int i = 0; i < rows * w; i++) {
                    short c = codes[i];
                    boolean valid = IndexCodes.isValue(c);
                    raw.putShort(valid ? c : NODATA);
                    raw.putShort(IndexCodes.classOf(c));
                }
                deflater.reset();
                deflater.setInput(raw.array(), 0, raw.position());
                deflater.finish();
                long n = 0;
                offsets[s] = pos;
                while (!deflater.finished()) {
                    int k = deflater.deflate(packed);
                    ch.write(ByteBuffer.wrap(packed, 0, k), pos + n);
                    n += k;
                }
                counts[s] = n;
                pos += n + (n & 1);
            }
            TiffIfd ifd = directory(grid, keys, title, offsets, counts);
            byte[] dir = ifd.encode(pos, false);
            if (pos + dir.length > 0xFFFF_FFFFL) throw new IllegalArgumentException("the export would exceed 4 GB");
            ch.write(ByteBuffer.wrap(dir), pos);
            ByteBuffer head = IndexTiff.le(8);
            head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) pos).flip();
            ch.write(head, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export " + out, e);
        } finally {
            deflater.end();
        }
    }

    private static TiffIfd directory(RasterGrid g, GeoKeyDirectory keys, String title, long[] offsets, long[] counts) {
        TiffIfd d = new TiffIfd();
        d.longs(256, g.width());
        d.longs(257, g.height());
        d.shorts(258, 16, 16);
        d.shorts(259, 8);                // Adobe DEFLATE
        d.shorts(262, 1);                // BlackIsZero
        d.longs(273, offsets);
        d.shorts(277, 2);
        d.longs(278, ROWS_PER_STRIP);
        d.longs(279, counts);
        d.shorts(284, 1);                // pixel-interleaved
        d.shorts(338, 0);                // the class band is an unspecified extra sample
        d.shorts(339, 2, 2);             // signed integers
        d.doubles(33550, g.pixelWidth(), g.pixelHeight(), 0);
        d.doubles(33922, 0, 0, 0, g.minX(), g.maxY(), 0);
        d.shorts(34735, keys.keys());
        if (keys.doubles().length > 0) d.doubles(34736, keys.doubles());
        if (!keys.ascii().isEmpty()) d.ascii(34737, keys.ascii());
        d.ascii(42112, metadata(title));
        d.ascii(42113, Short.toString(NODATA));
        return d;
    }

    /** The GDAL_METADATA XML: band descriptions, scale and offset per band, and the class code table. */
    static String metadata(String title) {
        String t = xml(title);
        return String.format(Locale.ROOT, "<GDALMetadata>"
                + "<Item name=\"CLASS_CODES\">%s</Item>"
                + "<Item name=\"DESCRIPTION\" sample=\"0\" role=\"description\">%s</Item>"
                + "<Item name=\"SCALE\" sample=\"0\" role=\"scale\">%s</Item>"
                + "<Item name=\"OFFSET\" sample=\"0\" role=\"offset\">0</Item>"
                + "<Item name=\"DESCRIPTION\" sample=\"1\" role=\"description\">pixel class: %s</Item>"
                + "<Item name=\"SCALE\" sample=\"1\" role=\"scale\">1</Item>"
                + "<Item name=\"OFFSET\" sample=\"1\" role=\"offset\">0</Item>"
                + "</GDALMetadata>", CLASS_TABLE, t, "0.0001", CLASS_TABLE);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
