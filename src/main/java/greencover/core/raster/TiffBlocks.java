package greencover.core.raster;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The block layout of a TIFF's first image: its size, its block size (tiles, or full-width strips of
 * RowsPerStrip rows) and each block's offset and byte count, read from the header through a {@link ByteSource}.
 * {@link #ranges} gives the byte ranges of the blocks a window needs, which is what a windowed remote read fetches.
 * Parse only after {@link TiffHeader#check} and {@link TiffBlockTable#problem} accepted the header.
 */
public record TiffBlocks(int width, int height, int blockWidth, int blockHeight, int planes, long[] offsets, long[] counts) {
    private static final int WIDTH = 256, LENGTH = 257, SAMPLES = 277, ROWS_PER_STRIP = 278, PLANAR = 284,
            STRIP_OFFSETS = 273, STRIP_COUNTS = 279, TILE_WIDTH = 322, TILE_LENGTH = 323, TILE_OFFSETS = 324, TILE_COUNTS = 325;

    /** Blocks across. */
    public int blocksAcross() { return (width + blockWidth - 1) / blockWidth; }

    /** Blocks down. */
    public int blocksDown() { return (height + blockHeight - 1) / blockHeight; }

    /** The byte ranges of the blocks (of every plane) that {@code region} (pixels) meets, block row by block row. */
    public List<List<RangeReader.ByteRange>> ranges(Rectangle region) {
        int bx0 = Math.max(0, region.x / blockWidth), bx1 = Math.min(blocksAcross() - 1, (region.x + region.width - 1) / blockWidth);
        int by0 = Math.max(0, region.y / blockHeight), by1 = Math.min(blocksDown() - 1, (region.y + region.height - 1) / blockHeight);
        int perPlane = blocksAcross() * blocksDown();
        List<List<RangeReader.ByteRange>> rows = new ArrayList<>();
        for (int by = by0; by <= by1; by++) {
            List<RangeReader.ByteRange> row = new ArrayList<>();
            for (int p = 0; p < planes; p++) {
                for (int bx = bx0; bx <= bx1; bx++) {
                    int i = p * perPlane + by * blocksAcross() + bx;
                    if (i < offsets.length && counts[i] > 0) row.add(new RangeReader.ByteRange(offsets[i], (int) counts[i]));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** The first block row {@code region} meets. */
    public int firstBlockRow(Rectangle region) { return region.y / blockHeight; }

    /** Reads the layout of the first image of {@code ch}. */
    public static TiffBlocks read(ByteSource ch) throws IOException {
        ByteBuffer head = ByteSource.readFully(ch, 0, 16, ByteOrder.LITTLE_ENDIAN);
        ByteOrder order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        head.order(order);
        boolean big = head.getShort(2) == 43;
        long ifd = big ? head.getLong(8) : head.getInt(4) & 0xFFFF_FFFFL;
        int countSize = big ? 8 : 2, entrySize = big ? 20 : 12;
        ByteBuffer c = ByteSource.readFully(ch, ifd, countSize, order);
        long n = big ? c.getLong(0) : c.getShort(0) & 0xFFFF;
        ByteBuffer e = ByteSource.readFully(ch, ifd + countSize, (int) (n * entrySize), order);
        long width = 0, height = 0, samples = 1, rowsPerStrip = -1, planar = 1, tileW = -1, tileH = -1;
        long[] offsets = null, counts = null;
        for (int i = 0; i < n; i++) {
            int at = i * entrySize, tag = e.getShort(at) & 0xFFFF;
            switch (tag) {
                case WIDTH -> width = first(ch, e, at, big, order);
                case LENGTH -> height = first(ch, e, at, big, order);
                case SAMPLES -> samples = first(ch, e, at, big, order);
                case ROWS_PER_STRIP -> rowsPerStrip = first(ch, e, at, big, order);
                case PLANAR -> planar = first(ch, e, at, big, order);
                case TILE_WIDTH -> tileW = first(ch, e, at, big, order);
                case TILE_LENGTH -> tileH = first(ch, e, at, big, order);
                case STRIP_OFFSETS, TILE_OFFSETS -> offsets = values(ch, e, at, big, order);
                case STRIP_COUNTS, TILE_COUNTS -> counts = values(ch, e, at, big, order);
                default -> { }
            }
        }
        if (offsets == null || counts == null || width <= 0 || height <= 0) throw new IOException("no block table");
        int bw = (int) (tileW > 0 ? tileW : width);
        int bh = (int) (tileH > 0 ? tileH : rowsPerStrip > 0 ? Math.min(rowsPerStrip, height) : height);
        return new TiffBlocks((int) width, (int) height, bw, bh, planar == 2 ? (int) samples : 1, offsets, counts);
    }

    private static long first(ByteSource ch, ByteBuffer e, int at, boolean big, ByteOrder order) throws IOException {
        long[] v = values(ch, e, at, big, order);
        return v.length == 0 ? 0 : v[0];
    }

    private static long[] values(ByteSource ch, ByteBuffer e, int at, boolean big, ByteOrder order) throws IOException {
        int type = e.getShort(at + 2) & 0xFFFF;
        long count = big ? e.getLong(at + 4) : e.getInt(at + 4) & 0xFFFF_FFFFL;
        int size = type == 3 ? 2 : type == 4 ? 4 : type == 16 ? 8 : 0;
        if (size == 0 || count > 50_000_000L) throw new IOException("unexpected block table type " + type);
        long bytes = count * size;
        int inline = big ? 8 : 4;
        ByteBuffer v = bytes <= inline
                ? e.duplicate().position(at + (big ? 12 : 8)).slice().order(order)
                : ByteSource.readFully(ch, big ? e.getLong(at + 12) : e.getInt(at + 8) & 0xFFFF_FFFFL, (int) bytes, order);
        long[] out = new long[(int) count];
        for (int k = 0; k < count; k++) {
            out[k] = size == 2 ? v.getShort(k * 2) & 0xFFFF : size == 4 ? v.getInt(k * 4) & 0xFFFF_FFFFL : v.getLong(k * 8);
        }
        return out;
    }
}
