package greencover.core.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks that every strip or tile of a TIFF's first image lies inside the file. TIFF readers decode blocks
 * that lie past the end of a truncated file as zeros, so without this check a cut-off upload would be stored
 * as made-up data; a table whose offsets or byte counts are all 0 holds no image data at all and is refused
 * rather than stored as an all-no-data scene. Reads classic TIFF and BigTIFF, in either byte order, straight from the file.
 */
final class TiffBlockTable {
    private static final int STRIP_OFFSETS = 273, STRIP_COUNTS = 279, TILE_OFFSETS = 324, TILE_COUNTS = 325;
    private static final long MAX_BLOCKS = 50_000_000L;

    private TiffBlockTable() {}

    /** Returns null when all blocks fit, else a sentence saying what is wrong. */
    static String problem(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return problem(ByteSource.of(ch));
        }
    }

    /** As {@link #problem(Path)} on the bytes of {@code ch} (a remote file's ranges). */
    static String problem(ByteSource ch) throws IOException {
        {
            long size = ch.size();
            ByteBuffer head = read(ch, 0, 16, ByteOrder.LITTLE_ENDIAN);
            ByteOrder order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            head.order(order);
            boolean big = head.getShort(2) == 43;
            long ifd = big ? head.getLong(8) : head.getInt(4) & 0xFFFF_FFFFL;
            int countSize = big ? 8 : 2, entrySize = big ? 20 : 12;
            if (ifd <= 0 || ifd + countSize > size) return "the first image directory lies outside the file";
            ByteBuffer c = read(ch, ifd, countSize, order);
            long n = big ? c.getLong(0) : c.getShort(0) & 0xFFFF;
            if (n <= 0 || n > 4096 || ifd + countSize + n * entrySize > size) return "the image directory is truncated";
            ByteBuffer e = read(ch, ifd + countSize, (int) (n * entrySize), order);
            long[][] fields = new long[4][];
            for (int i = 0; i < n; i++) {
                int at = i * entrySize, tag = e.getShort(at) & 0xFFFF;
                int slot = tag == STRIP_OFFSETS ? 0 : tag == STRIP_COUNTS ? 1 : tag == TILE_OFFSETS ? 2 : tag == TILE_COUNTS ? 3 : -1;
                if (slot < 0) continue;
                int type = e.getShort(at + 2) & 0xFFFF;
                long count = big ? e.getLong(at + 4) : e.getInt(at + 4) & 0xFFFF_FFFFL;
                int width = type == 3 ? 2 : type == 4 ? 4 : type == 16 ? 8 : 0;
                if (width == 0 || count <= 0 || count > MAX_BLOCKS) return "the block table has an unexpected type or size";
                int inline = big ? 8 : 4;
                long bytes = count * width;
                ByteBuffer v;
                if (bytes <= inline) {
                    v = e.duplicate().order(order).position(at + (big ? 12 : 8)).slice().order(order);
                } else {
                    long off = big ? e.getLong(at + 12) : e.getInt(at + 8) & 0xFFFF_FFFFL;
                    if (off + bytes > size) return "the block table lies outside the file";
                    v = read(ch, off, (int) bytes, order);
                }
                long[] vals = new long[(int) count];
                for (int k = 0; k < count; k++) {
                    vals[k] = width == 2 ? v.getShort(k * 2) & 0xFFFF : width == 4 ? v.getInt(k * 4) & 0xFFFF_FFFFL : v.getLong(k * 8);
                }
                fields[slot] = vals;
            }
            long[] offsets = fields[0] != null ? fields[0] : fields[2];
            long[] counts = fields[0] != null ? fields[1] : fields[3];
            if (offsets == null || counts == null || offsets.length != counts.length) return "the TIFF has no complete strip or tile table";
            boolean anyOffset = false, anyCount = false;
            for (int i = 0; i < offsets.length; i++) {
                anyOffset |= offsets[i] != 0;
                anyCount |= counts[i] != 0;
            }
            if (!anyOffset || !anyCount) {
                return "the TIFF contains no image data (every " + (anyOffset ? "block byte count" : "block offset") + " is 0)";
            }
            for (int i = 0; i < offsets.length; i++) {
                if (offsets[i] + counts[i] > size) {
                    return "the file is truncated (block " + i + " ends at byte " + (offsets[i] + counts[i]) + " of " + size + ")";
                }
            }
            return null;
        }
    }

    private static ByteBuffer read(ByteSource ch, long pos, int len, ByteOrder order) throws IOException {
        return ByteSource.readFully(ch, pos, len, order);
    }
}
