package greencover.core.raster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One little-endian classic TIFF image file directory being built: entries are added in ascending tag order,
 * then {@link #encode} lays the directory and its out-of-line values out at a file position. Shared by the
 * writers of stored index rasters and of their exports. Not thread-safe.
 */
final class TiffIfd {
    private record Entry(int tag, int type, int count, byte[] value) {}

    private final List<Entry> entries = new ArrayList<>();

    void shorts(int tag, int... v) {
        ByteBuffer b = IndexTiff.le(v.length * 2);
        for (int x : v) b.putShort((short) x);
        entries.add(new Entry(tag, 3, v.length, b.array()));
    }

    void longs(int tag, long... v) {
        ByteBuffer b = IndexTiff.le(v.length * 4);
        for (long x : v) b.putInt((int) x);
        entries.add(new Entry(tag, 4, v.length, b.array()));
    }

    void doubles(int tag, double... v) {
        ByteBuffer b = IndexTiff.le(v.length * 8);
        for (double x : v) b.putDouble(x);
        entries.add(new Entry(tag, 12, v.length, b.array()));
    }

    void ascii(int tag, String s) {
        byte[] t = (s + "\0").getBytes(StandardCharsets.US_ASCII);
        entries.add(new Entry(tag, 2, t.length, t));
    }

    byte[] encode(long at, boolean hasNext) {
        int fixed = 2 + entries.size() * 12 + 4;
        int extra = 0;
        for (Entry e : entries) if (e.value.length > 4) extra += (e.value.length + 1) & ~1;
        ByteBuffer b = IndexTiff.le(fixed + extra);
        long dataPos = at + fixed;
        b.putShort((short) entries.size());
        List<Entry> outOfLine = new ArrayList<>();
        for (Entry e : entries) {
            b.putShort((short) e.tag).putShort((short) e.type).putInt(e.count);
            if (e.value.length <= 4) {
                byte[] v = new byte[4];
                System.arraycopy(e.value, 0, v, 0, e.value.length);
                b.put(v);
            } else {
                b.putInt((int) dataPos);
                dataPos += (e.value.length + 1) & ~1;
                outOfLine.add(e);
            }
        }
        b.putInt(hasNext ? (int) (at + fixed + extra) : 0);
        for (Entry e : outOfLine) {
            b.put(e.value);
            if ((e.value.length & 1) == 1) b.put((byte) 0);
        }
        return b.array();
    }
}
