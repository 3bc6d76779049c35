package greencover.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * A small writer of single-band COGs in the layout {@code gdal_translate -of COG} produces (GDAL 3.1 and later),
 * written from the TIFF 6.0 and GeoTIFF 1.0 specifications, so tests can read real-layout files without GDAL:
 * <ul>
 *   <li>classic little-endian TIFF; GDAL's "ghost" structural-metadata block right after the 8-byte header;</li>
 *   <li>all image directories first (the full-resolution image, then its overviews as reduced-resolution images,
 *       NewSubfileType 1, halving until the overview fits one tile), then the tile data: the smallest overview's
 *       first, the full-resolution image's last, each in row-major order;</li>
 *   <li>square tiles, DEFLATE (zlib) with horizontal differencing (predictor 2) on 16-bit samples, edge tiles padded
 *       with 0; every tile between GDAL's 4-byte leader (its size) and trailer (its last 4 bytes again), so
 *       neighbouring tiles lie 8 bytes apart;</li>
 *   <li>GDAL_NODATA (tag 42113) on every image; ModelPixelScale, ModelTiepoint and a GeoKeyDirectory with
 *       GTModelTypeGeoKey = projected, GTRasterTypeGeoKey and ProjectedCSTypeGeoKey = EPSG code.</li>
 * </ul>
 * {@link Options#pixelIsPoint} writes GTRasterTypeGeoKey = 2 (RasterPixelIsPoint) as USGS does for Landsat Collection 2:
 * the tiepoint is then the <em>centre</em> of pixel (0, 0), half a pixel right of and below the grid's corner, which
 * readers following GDAL's convention move back to the corner. The {@code minX}/{@code maxY} given here are always the
 * corner of the grid; the file stores the centre when the raster type is point.
 *
 * <p>Overview pixels are the full-resolution pixel at the upper-left of each 2 x 2 (nearest), which is all a reader
 * of the full-resolution image needs of them: that they exist in the real places.
 */
public final class CogWriter {
    /** What to write; see the class comment. */
    public record Options(int epsg, double minX, double maxY, double pixel, int tile, int bits, boolean predictor, String nodata,
                          boolean pixelIsPoint, boolean overviews) {
        /** A Landsat Collection 2 Level-2 band as USGS publishes it: 30 m, 256 tiles, uint16, DEFLATE + predictor 2, nodata 0, PixelIsPoint, overviews. */
        public static Options landsat(int epsg, double minX, double maxY) {
            return new Options(epsg, minX, maxY, 30, 256, 16, true, "0", true, true);
        }

        /** A Sentinel-2 L2A band as Earth Search / Planetary Computer publish it: {@code tile} tiles, uint16, DEFLATE + predictor 2, nodata 0, PixelIsArea, overviews. */
        public static Options sentinel2(int epsg, double minX, double maxY, double pixel, int tile) {
            return new Options(epsg, minX, maxY, pixel, tile, 16, true, "0", false, true);
        }

        /** The same with 8-bit samples and no predictor (Sentinel-2's SCL). */
        public Options bytes() { return new Options(epsg, minX, maxY, pixel, tile, 8, false, nodata, pixelIsPoint, overviews); }

        /** The same with GDAL_NODATA {@code value} (e.g. "1" for Landsat's QA_PIXEL, whose fill is bit 0). */
        public Options nodata(String value) { return new Options(epsg, minX, maxY, pixel, tile, bits, predictor, value, pixelIsPoint, overviews); }
    }

    private CogWriter() {}

    private static final String GHOST = "GDAL_STRUCTURAL_METADATA_SIZE=000140 bytes\nLAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\n"
            + "BLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n \0"; // 140 bytes after its first line, then a pad to an even offset

    /** One image (the full resolution one or an overview): its size, its compressed tiles, its directory. */
    private static final class Image {
        final int width, height;
        final byte[][] tiles;
        final List<long[]> entries = new ArrayList<>(); // tag, type, count, value (inline) or -1 (in extra)
        final List<byte[]> extra = new ArrayList<>();
        long ifdAt, tileOffsetsAt, tileCountsAt;

        Image(int width, int height, byte[][] tiles) {
            this.width = width;
            this.height = height;
            this.tiles = tiles;
        }
    }

    /** Writes {@code band[row][col]} (0..65535, or 0..255 for 8-bit) to {@code file} as described in the class comment. */
    public static Path write(Path file, Options o, int[][] band) throws IOException {
        List<Image> images = new ArrayList<>();
        int[][] level = band;
        while (true) {
            images.add(new Image(level[0].length, level.length, tiles(level, o)));
            if (!o.overviews() || (level.length <= o.tile() && level[0].length <= o.tile())) break;
            level = halve(level);
        }
        // the directories, first without positions (their sizes do not depend on them)
        long at = 8 + GHOST.length();
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i);
            im.ifdAt = at;
            directory(im, o, i == 0);
            at += 2 + 12L * im.entries.size() + 4;
            for (byte[] x : im.extra) if (x.length > 4) at += x.length + (x.length & 1);
        }
        // tile data: the smallest overview first
        long[][] offsets = new long[images.size()][];
        for (int i = images.size() - 1; i >= 0; i--) {
            Image im = images.get(i);
            offsets[i] = new long[im.tiles.length];
            for (int k = 0; k < im.tiles.length; k++) {
                offsets[i][k] = at + 4;
                at += 4 + im.tiles[k].length + 4;
            }
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer head = le(8).put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) images.get(0).ifdAt);
            out.write(head.array());
            out.write(GHOST.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < images.size(); i++) {
                Image im = images.get(i);
                ByteBuffer offs = le(4 * im.tiles.length), counts = le(4 * im.tiles.length);
                for (int k = 0; k < im.tiles.length; k++) {
                    offs.putInt((int) offsets[i][k]);
                    counts.putInt(im.tiles[k].length);
                }
                im.extra.set((int) im.tileOffsetsAt, offs.array());
                im.extra.set((int) im.tileCountsAt, counts.array());
                long extraAt = im.ifdAt + 2 + 12L * im.entries.size() + 4;
                ByteBuffer ifd = le(2 + 12 * im.entries.size() + 4).putShort((short) im.entries.size());
                int x = 0;
                long[] extraPos = new long[im.extra.size()];
                for (int e = 0; e < im.extra.size(); e++) {
                    extraPos[e] = extraAt;
                    if (im.extra.get(e).length > 4) extraAt += im.extra.get(e).length + (im.extra.get(e).length & 1);
                }
                for (long[] e : im.entries) {
                    ifd.putShort((short) e[0]).putShort((short) e[1]).putInt((int) e[2]);
                    if (e[3] >= 0) {
                        if (e[1] == 3) ifd.putShort((short) e[3]).putShort((short) 0);
                        else ifd.putInt((int) e[3]);
                    } else if (im.extra.get(x).length <= 4) { // a value that fits the entry is stored in it (TIFF 6.0)
                        ifd.put(java.util.Arrays.copyOf(im.extra.get(x++), 4));
                    } else {
                        ifd.putInt((int) extraPos[x++]);
                    }
                }
                ifd.putInt(i + 1 < images.size() ? (int) images.get(i + 1).ifdAt : 0);
                out.write(ifd.array());
                for (byte[] b : im.extra) {
                    if (b.length <= 4) continue;
                    out.write(b);
                    if ((b.length & 1) != 0) out.write(0);
                }
            }
            byte[] four = new byte[4];
            for (int i = images.size() - 1; i >= 0; i--) {
                for (byte[] t : images.get(i).tiles) {
                    ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).putInt(0, t.length);
                    out.write(four);
                    out.write(t);
                    out.write(t, t.length - 4, 4);
                }
            }
        }
        return file;
    }

    /** The entries of one directory, in tag order; arrays go to {@code extra} in the order of their entries. */
    private static void directory(Image im, Options o, boolean full) {
        int n = im.tiles.length;
        if (!full) inline(im, 254, 4, 1); // NewSubfileType: reduced-resolution image
        inline(im, 256, 4, im.width);
        inline(im, 257, 4, im.height);
        inline(im, 258, 3, o.bits());
        inline(im, 259, 3, 8); // Adobe DEFLATE
        inline(im, 262, 3, 1); // BlackIsZero
        inline(im, 277, 3, 1);
        inline(im, 284, 3, 1);
        if (o.predictor()) inline(im, 317, 3, 2);
        inline(im, 322, 3, o.tile());
        inline(im, 323, 3, o.tile());
        im.tileOffsetsAt = im.extra.size();
        array(im, 324, 4, n, new byte[4 * n]);
        im.tileCountsAt = im.extra.size();
        array(im, 325, 4, n, new byte[4 * n]);
        inline(im, 339, 3, 1); // unsigned integers
        if (full) {
            double half = o.pixelIsPoint() ? o.pixel() / 2 : 0;
            ByteBuffer scale = le(24).putDouble(o.pixel()).putDouble(o.pixel()).putDouble(0);
            ByteBuffer tie = le(48).putDouble(0).putDouble(0).putDouble(0).putDouble(o.minX() + half).putDouble(o.maxY() - half).putDouble(0);
            array(im, 33550, 12, 3, scale.array());
            array(im, 33922, 12, 6, tie.array());
            short[] keys = {1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, (short) (o.pixelIsPoint() ? 2 : 1), 3072, 0, 1, (short) o.epsg()};
            ByteBuffer k = le(2 * keys.length);
            for (short s : keys) k.putShort(s);
            array(im, 34735, 3, keys.length, k.array());
        }
        if (o.nodata() != null) {
            byte[] t = (o.nodata() + "\0").getBytes(StandardCharsets.US_ASCII);
            if (t.length <= 4) {
                ByteBuffer v = le(4).put(t);
                im.entries.add(new long[] {42113, 2, t.length, v.getInt(0) & 0xFFFF_FFFFL});
            } else {
                array(im, 42113, 2, t.length, t);
            }
        }
    }

    private static void inline(Image im, int tag, int type, long value) { im.entries.add(new long[] {tag, type, 1, value}); }

    private static void array(Image im, int tag, int type, int count, byte[] value) {
        im.entries.add(new long[] {tag, type, count, -1});
        im.extra.add(value);
    }

    private static int[][] halve(int[][] band) {
        int h = (band.length + 1) / 2, w = (band[0].length + 1) / 2;
        int[][] out = new int[h][w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y][x] = band[2 * y][2 * x];
        return out;
    }

    /** The compressed tiles of {@code band}, row-major. */
    private static byte[][] tiles(int[][] band, Options o) {
        int h = band.length, w = band[0].length, t = o.tile();
        int across = (w + t - 1) / t, down = (h + t - 1) / t;
        byte[][] out = new byte[across * down][];
        int bytesPer = o.bits() / 8;
        for (int ty = 0; ty < down; ty++) {
            for (int tx = 0; tx < across; tx++) {
                ByteBuffer raw = le(t * t * bytesPer);
                for (int y = 0; y < t; y++) {
                    int prev = 0;
                    for (int x = 0; x < t; x++) {
                        int r = ty * t + y, c = tx * t + x;
                        int v = r < h && c < w ? band[r][c] : 0;
                        int s = o.predictor() ? v - prev : v;
                        prev = v;
                        if (bytesPer == 2) raw.putShort((short) s);
                        else raw.put((byte) s);
                    }
                }
                out[ty * across + tx] = deflate(raw.array());
            }
        }
        return out;
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(6);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    /** {@code out.tif epsg minX maxY pixel width height}: a noisy Landsat-style file, to check the layout with {@code gdalinfo}. */
    public static void main(String[] args) throws IOException {
        int w = Integer.parseInt(args[5]), h = Integer.parseInt(args[6]);
        int[][] band = new int[h][w];
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) band[y][x] = 7000 + rnd.nextInt(5000);
        Options o = Options.landsat(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Double.parseDouble(args[3]));
        write(Path.of(args[0]), new Options(o.epsg(), o.minX(), o.maxY(), Double.parseDouble(args[4]), o.tile(), 16, true, "0", true, true), band);
    }
}
