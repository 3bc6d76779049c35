package greencover.core.raster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an index raster as an uncompressed tiled 16-bit GeoTIFF with internal overviews (read back by
 * {@link IndexTiff}). Rows arrive top to bottom in full-width strips through {@link #writeRows}; the
 * overviews are built by {@link Overviews} (the rounded mean of the valid level-0 values beneath each cell, else
 * the most frequent class code: the same rule as {@link ArrayIndexRaster}) row by row as soon as the rows they
 * summarise have arrived, and {@link #finish()} forces the file to disk. Each level keeps one row of tiles in an
 * off-heap buffer and writes it with one positioned {@link FileChannel#write} once its last row has arrived, so the
 * heap holds no tiles and a full disk is an {@link IOException} ("No space left on device") of that write, never a
 * fault of a memory-mapped page (which the JVM reports as an {@link InternalError}).
 *
 * <p>Why not GeoTools' GeoTiffWriter: it writes no internal overviews, and the map server reads samples
 * straight from memory-mapped tiles, which needs uncompressed tiles at offsets it can compute.
 */
public final class IndexTiffWriter implements AutoCloseable {
    /** Tile edge in pixels. */
    public static final int TILE = 256;
    private static final int ALIGN = 4096;
    /** Largest write buffer per level: a row of 256-px tiles up to 16 384 px wide (10980 px: 5.5 MiB). */
    private static final long MAX_BUFFER_BYTES = 8L << 20;
    /** The most levels a file may declare: 2^31 cells across fit in 32 halvings (a corrupt chain is refused). */
    private static final int MAX_LEVELS = 32;

    /** Where each level's tiles start, as read back from a file. */
    record Layout(RasterGrid grid, int epsg, int tile, int levels, long[] levelOffsets) {}
    /** {@code epsg} of a {@link Layout} whose CRS is user-defined (GeoKeys without an EPSG code). */
    static final int USER_DEFINED = 0;

    private final Path file;
    private final RasterGrid grid;
    private final GeoKeyDirectory geoKeys;
    private final int levels;
    private final long[] levelOffsets;
    private final int[] tilesAcross;
    private final FileChannel channel;
    /**
     * Per level, the rows being filled: {@code rowsPerFlush} rows of every tile across, tile after tile, each
     * row-major, little-endian, so each tile's part is one contiguous run of the file.
     */
    private final ByteBuffer[] bands;
    private final ShortBuffer[] bandShorts;
    private final int[] rowsPerFlush;
    private final int[] levelHeights;
    private final byte[] header;
    private int rowsWritten;
    /** Per overview level, the rows already written. */
    private final int[] levelRows;
    private final Overviews overviews;

    private IndexTiffWriter(Path file, RasterGrid grid, GeoKeyDirectory geoKeys) throws IOException {
        this.file = file;
        this.grid = grid;
        this.geoKeys = geoKeys;
        int n = grid.levelsToFit(TILE);
        this.levels = n;
        this.tilesAcross = new int[n];
        int[] tilesDown = new int[n];
        for (int k = 0; k < n; k++) {
            RasterGrid g = grid.overview(k);
            tilesAcross[k] = (g.width() + TILE - 1) / TILE;
            tilesDown[k] = (g.height() + TILE - 1) / TILE;
        }
        this.levelOffsets = new long[n];
        // the header is built twice: once to learn its size, then with the real offsets
        byte[] probe = buildHeader(new long[n], tilesDown);
        long pos = align(probe.length);
        for (int k = 0; k < n; k++) {
            levelOffsets[k] = pos;
            pos = align(pos + (long) tilesAcross[k] * tilesDown[k] * TILE * TILE * 2);
        }
        if (pos > 0xFFFF_FFFFL) throw new IllegalArgumentException("index raster exceeds 4 GB: " + grid);
        this.header = buildHeader(levelOffsets, tilesDown);
        this.levelRows = new int[n];
        this.bands = new ByteBuffer[n];
        this.bandShorts = new ShortBuffer[n];
        this.rowsPerFlush = new int[n];
        this.levelHeights = new int[n];
        for (int k = 0; k < n; k++) {
            int rows = TILE; // a whole row of tiles, unless that passes MAX_BUFFER_BYTES (very wide rasters)
            while (rows > 1 && (long) tilesAcross[k] * rows * TILE * 2 > MAX_BUFFER_BYTES) rows /= 2;
            rowsPerFlush[k] = rows;
            bands[k] = ByteBuffer.allocateDirect(tilesAcross[k] * rows * TILE * 2).order(ByteOrder.LITTLE_ENDIAN);
            bandShorts[k] = bands[k].asShortBuffer();
            levelHeights[k] = grid.overview(k).height();
        }
        // opened last: nothing below can fail, so a failed buffer allocation leaks no open channel
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.overviews = new Overviews(grid, n, (k, row, samples, width) -> {
            writeLevelRows(k, row, 1, samples, width);
            levelRows[k]++;
        });
    }

    /**
     * The size in bytes of the file written for {@code grid} (header, then every level's tiles): what an ingest
     * checks against the free space before it writes.
     */
    public static long fileBytes(RasterGrid grid) {
        int n = grid.levelsToFit(TILE);
        long tiles = 0;
        for (int k = 0; k < n; k++) {
            RasterGrid g = grid.overview(k);
            tiles += (long) ((g.width() + TILE - 1) / TILE) * ((g.height() + TILE - 1) / TILE);
        }
        return align(16L * tiles + 4096) + tiles * TILE * TILE * 2; // header: two 4-byte entries per tile, tags
    }

    /** Creates (truncating) {@code file} for a raster on {@code grid} in EPSG:{@code epsg}. */
    public static IndexTiffWriter create(Path file, RasterGrid grid, int epsg) {
        return create(file, grid, GeoKeyDirectory.ofEpsg(epsg));
    }

    /** Creates (truncating) {@code file} for a raster on {@code grid} in the CRS {@code geoKeys} describe. */
    public static IndexTiffWriter create(Path file, RasterGrid grid, GeoKeyDirectory geoKeys) {
        try {
            return new IndexTiffWriter(file, grid, geoKeys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    public RasterGrid grid() { return grid; }

    /**
     * Writes full-width rows {@code [row0, row0 + rows)} from {@code data} (row-major). Strips must arrive
     * in order without gaps.
     */
    public void writeRows(int row0, int rows, short[] data) {
        if (row0 != rowsWritten) throw new IllegalArgumentException("row0 must be " + rowsWritten + " but was " + row0);
        if (row0 + rows > grid.height()) throw new IllegalArgumentException("rows beyond the grid: " + (row0 + rows));
        int w = grid.width();
        writeLevelRows(0, row0, rows, data, w);
        for (int r = 0; r < rows; r++) overviews.addRow(data, r * w);
        rowsWritten += rows;
    }

    private void writeLevelRows(int level, int row0, int rows, short[] data, int width) {
        ShortBuffer buf = bandShorts[level];
        int across = tilesAcross[level], per = rowsPerFlush[level], last = levelHeights[level] - 1;
        for (int r = 0; r < rows; r++) {
            int row = row0 + r;
            int inBuf = row % per;
            for (int tx = 0; tx < across; tx++) {
                int c0 = tx * TILE;
                int len = Math.min(TILE, width - c0);
                buf.put((tx * per + inBuf) * TILE, data, r * width + c0, len);
            }
            if (inBuf == per - 1) {
                flush(level, row - inBuf);
            } else if (row == last) {
                zeroRows(level, inBuf + 1);
                flush(level, row - inBuf);
            }
            if (row == last) { // the rest of the last row of tiles: zeros, so the file has no holes
                for (int next = row - inBuf + per; next % TILE != 0; next += per) {
                    zeroRows(level, 0);
                    flush(level, next);
                }
            }
        }
    }

    /** Zeros the buffered rows {@code from} and below of every tile of {@code level}. */
    private void zeroRows(int level, int from) {
        ShortBuffer buf = bandShorts[level];
        short[] zeros = new short[TILE];
        int per = rowsPerFlush[level];
        for (int tx = 0; tx < tilesAcross[level]; tx++) {
            for (int y = from; y < per; y++) buf.put((tx * per + y) * TILE, zeros, 0, TILE);
        }
    }

    /**
     * Writes the buffered rows of {@code level}, which start at {@code row0}: one positioned write per tile across.
     * Columns right of the level's last are zeros: they are never filled.
     */
    private void flush(int level, int row0) {
        int per = rowsPerFlush[level], across = tilesAcross[level];
        int run = per * TILE * 2;
        long tileRowStart = levelOffsets[level] + (long) (row0 / TILE) * across * TILE * TILE * 2;
        long inTile = (long) (row0 % TILE) * TILE * 2;
        try {
            for (int tx = 0; tx < across; tx++) {
                ByteBuffer b = bands[level].duplicate().limit((tx + 1) * run).position(tx * run);
                long pos = tileRowStart + (long) tx * TILE * TILE * 2 + inTile;
                while (b.hasRemaining()) pos += channel.write(b, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the header and forces everything to disk (the overviews are complete once all rows are written). */
    public void finish() {
        if (rowsWritten != grid.height()) {
            throw new IllegalStateException("only " + rowsWritten + " of " + grid.height() + " rows written");
        }
        for (int k = 1; k < levels; k++) {
            if (levelRows[k] != grid.overview(k).height()) throw new IllegalStateException("overview level " + k + " incomplete");
        }
        try {
            ByteBuffer h = ByteBuffer.wrap(header);
            for (long pos = 0; h.hasRemaining(); ) pos += channel.write(h, pos);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private static long align(long p) { return (p + ALIGN - 1) / ALIGN * ALIGN; }

    // ---- TIFF header ----------------------------------------------------------------------------

    private byte[] buildHeader(long[] offsets, int[] tilesDown) {
        List<byte[]> ifds = new ArrayList<>();
        // compute in two passes: entries reference out-of-line data placed right after each IFD
        long pos = 8;
        for (int k = 0; k < levels; k++) {
            TiffIfd ifd = ifd(k, offsets[k], tilesAcross[k] * tilesDown[k]);
            byte[] bytes = ifd.encode(pos, k + 1 < levels);
            ifds.add(bytes);
            pos += bytes.length;
        }
        ByteBuffer b = IndexTiff.le((int) pos);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (byte[] i : ifds) b.put(i);
        return b.array();
    }

    private TiffIfd ifd(int level, long dataOffset, int tiles) {
        RasterGrid g = grid.overview(level);
        TiffIfd d = new TiffIfd();
        d.longs(254, level == 0 ? 0 : 1);
        d.longs(256, g.width());
        d.longs(257, g.height());
        d.shorts(258, 16);
        d.shorts(259, 1);
        d.shorts(262, 1);
        d.shorts(277, 1);
        d.shorts(284, 1);
        d.shorts(322, TILE);
        d.shorts(323, TILE);
        long[] offs = new long[tiles], counts = new long[tiles];
        for (int i = 0; i < tiles; i++) {
            offs[i] = dataOffset + (long) i * TILE * TILE * 2;
            counts[i] = (long) TILE * TILE * 2;
        }
        d.longs(324, offs);
        d.longs(325, counts);
        d.shorts(339, 2);
        if (level == 0) {
            d.doubles(33550, g.pixelWidth(), g.pixelHeight(), 0);
            d.doubles(33922, 0, 0, 0, g.minX(), g.maxY(), 0);
            d.shorts(34735, geoKeys.keys());
            if (geoKeys.doubles().length > 0) d.doubles(34736, geoKeys.doubles());
            if (!geoKeys.ascii().isEmpty()) d.ascii(34737, geoKeys.ascii());
            d.ascii(42112, "<GDALMetadata><Item name=\"SCALE\" sample=\"0\" role=\"scale\">0.0001</Item>"
                    + "<Item name=\"OFFSET\" sample=\"0\" role=\"offset\">0</Item></GDALMetadata>");
        }
        d.ascii(42113, Short.toString(IndexCodes.NODATA));
        return d;
    }

    // ---- reading the layout back ----------------------------------------------------------------

    static Layout readLayout(FileChannel ch) throws IOException {
        ByteBuffer head = IndexTiff.le(8);
        ch.read(head, 0);
        head.flip();
        if (head.remaining() < 8 || head.get() != 'I' || head.get() != 'I' || head.getShort() != 42) {
            throw new IOException("not a little-endian classic TIFF");
        }
        long ifdPos = head.getInt() & 0xFFFF_FFFFL;
        RasterGrid grid = null;
        int epsg = 0, tile = 0;
        List<Long> offsets = new ArrayList<>();
        while (ifdPos != 0) {
            if (offsets.size() >= MAX_LEVELS) throw new IOException("more than " + MAX_LEVELS + " directories (a loop?)");
            ByteBuffer cnt = IndexTiff.le(2);
            ch.read(cnt, ifdPos);
            cnt.flip();
            int n = cnt.getShort() & 0xFFFF;
            ByteBuffer e = IndexTiff.le(n * 12 + 4);
            ch.read(e, ifdPos + 2);
            e.flip();
            int width = 0, height = 0;
            long firstTile = -1;
            double[] scale = null, tie = null;
            int[] keys = null;
            for (int i = 0; i < n; i++) {
                int tag = e.getShort() & 0xFFFF, type = e.getShort() & 0xFFFF, count = e.getInt();
                int raw = e.getInt();
                switch (tag) {
                    case 256 -> width = type == 3 ? raw & 0xFFFF : raw;
                    case 257 -> height = type == 3 ? raw & 0xFFFF : raw;
                    case 322 -> tile = type == 3 ? raw & 0xFFFF : raw;
                    case 259 -> { if ((raw & 0xFFFF) != 1) throw new IOException("compressed index raster"); }
                    case 324 -> firstTile = count == 1 ? raw & 0xFFFF_FFFFL : readInt(ch, raw & 0xFFFF_FFFFL);
                    case 33550 -> scale = readDoubles(ch, raw & 0xFFFF_FFFFL, count);
                    case 33922 -> tie = readDoubles(ch, raw & 0xFFFF_FFFFL, count);
                    case 34735 -> keys = readShorts(ch, raw & 0xFFFF_FFFFL, count);
                    default -> { }
                }
            }
            if (offsets.isEmpty()) {
                if (scale == null || tie == null || keys == null) throw new IOException("missing georeferencing tags");
                for (int k = 4; k + 3 < keys.length; k += 4) if (keys[k] == 3072 && keys[k + 1] == 0) epsg = keys[k + 3];
                if (epsg == 32767) epsg = USER_DEFINED;
                grid = new RasterGrid(width, height, tie[3], tie[4], scale[0], scale[1]);
            }
            offsets.add(firstTile);
            ifdPos = e.getInt() & 0xFFFF_FFFFL;
        }
        if (grid == null || tile == 0) throw new IOException("not an index raster");
        long[] lo = offsets.stream().mapToLong(Long::longValue).toArray();
        return new Layout(grid, epsg, tile, lo.length, lo);
    }

    private static long readInt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = IndexTiff.le(4);
        ch.read(b, pos);
        b.flip();
        return b.getInt() & 0xFFFF_FFFFL;
    }

    private static double[] readDoubles(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = IndexTiff.le(n * 8);
        ch.read(b, pos);
        b.flip();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = b.getDouble();
        return d;
    }

    private static int[] readShorts(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = IndexTiff.le(n * 2);
        ch.read(b, pos);
        b.flip();
        int[] d = new int[n];
        for (int i = 0; i < n; i++) d[i] = b.getShort() & 0xFFFF;
        return d;
    }
}
