package greencover.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Hand edits of a classic (not Big) TIFF's first image directory, for building hostile files from a valid one:
 * a tag set or replaced, a directory chain that loops. Each edit writes a new copy of the directory at the end of
 * the file and points the header at it; values stored elsewhere in the file keep their absolute offsets.
 */
public final class TiffEdits {
    public static final short SHORT = 3, LONG = 4, ASCII = 2;

    private TiffEdits() {}

    private record Entry(int tag, int type, long count, byte[] valueOrOffset) {}

    private static ByteOrder order(byte[] tiff) { return tiff[0] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; }

    private static List<Entry> entries(byte[] tiff, int ifd) {
        ByteBuffer b = ByteBuffer.wrap(tiff).order(order(tiff));
        int n = b.getShort(ifd) & 0xFFFF;
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i;
            out.add(new Entry(b.getShort(e) & 0xFFFF, b.getShort(e + 2) & 0xFFFF, b.getInt(e + 4) & 0xFFFF_FFFFL,
                    Arrays.copyOfRange(tiff, e + 8, e + 12)));
        }
        return out;
    }

    private static int firstIfd(byte[] tiff) { return ByteBuffer.wrap(tiff).order(order(tiff)).getInt(4); }

    /** Sets tag {@code tag} to the LONG values {@code values} (replacing any entry of that tag). */
    public static byte[] setLongs(byte[] tiff, int tag, long... values) {
        ByteBuffer v = ByteBuffer.allocate(values.length * 4).order(order(tiff));
        for (long x : values) v.putInt((int) x);
        return set(tiff, tag, LONG, values.length, v.array());
    }

    /** Sets tag {@code tag} to the SHORT values {@code values} (replacing any entry of that tag). */
    public static byte[] setShorts(byte[] tiff, int tag, int... values) {
        ByteBuffer v = ByteBuffer.allocate(values.length * 2).order(order(tiff));
        for (int x : values) v.putShort((short) x);
        return set(tiff, tag, SHORT, values.length, v.array());
    }

    /** Sets tag {@code tag} to the NUL-terminated ASCII {@code text} (e.g. GDAL_NODATA, 42113). */
    public static byte[] setAscii(byte[] tiff, int tag, String text) {
        byte[] t = (text + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return set(tiff, tag, ASCII, t.length, t);
    }

    /** Sets tag {@code tag} to {@code count} values of {@code type} given as raw bytes in the file's byte order. */
    public static byte[] set(byte[] tiff, int tag, int type, long count, byte[] value) {
        int ifd = firstIfd(tiff);
        List<Entry> es = new ArrayList<>(entries(tiff, ifd));
        es.removeIf(e -> e.tag == tag);
        byte[] out = tiff;
        byte[] slot;
        if (value.length <= 4) {
            slot = Arrays.copyOf(value, 4);
        } else {
            int at = out.length;
            out = Arrays.copyOf(out, at + value.length + (value.length & 1));
            System.arraycopy(value, 0, out, at, value.length);
            slot = ByteBuffer.allocate(4).order(order(tiff)).putInt(at).array();
        }
        es.add(new Entry(tag, type, count, slot));
        es.sort(Comparator.comparingInt(Entry::tag));
        ByteBuffer b = ByteBuffer.wrap(tiff).order(order(tiff));
        int n = b.getShort(ifd) & 0xFFFF;
        int next = b.getInt(ifd + 2 + 12 * n);
        return appendIfd(out, es, next, true);
    }

    /** Points the first image directory's next-directory offset at itself. */
    public static byte[] loopToItself(byte[] tiff) {
        int ifd = firstIfd(tiff);
        ByteBuffer b = ByteBuffer.wrap(tiff.clone()).order(order(tiff));
        int n = b.getShort(ifd) & 0xFFFF;
        b.putInt(ifd + 2 + 12 * n, ifd);
        return b.array();
    }

    /** Adds a copy of the first directory as the second, whose next-directory offset points back at the first. */
    public static byte[] loopToEarlier(byte[] tiff) {
        int ifd = firstIfd(tiff);
        byte[] withSecond = appendIfd(tiff, entries(tiff, ifd), ifd, false);
        int second = tiff.length + (tiff.length & 1);
        ByteBuffer b = ByteBuffer.wrap(withSecond).order(order(tiff));
        int n = b.getShort(ifd) & 0xFFFF;
        b.putInt(ifd + 2 + 12 * n, second);
        return b.array();
    }

    private static byte[] appendIfd(byte[] tiff, List<Entry> es, int next, boolean makeFirst) {
        int at = tiff.length + (tiff.length & 1);
        ByteBuffer b = ByteBuffer.allocate(at + 2 + 12 * es.size() + 4).order(order(tiff));
        b.put(tiff);
        b.position(at);
        b.putShort((short) es.size());
        for (Entry e : es) {
            b.putShort((short) e.tag).putShort((short) e.type).putInt((int) e.count).put(e.valueOrOffset);
        }
        b.putInt(next);
        if (makeFirst) b.putInt(4, at);
        return b.array();
    }
}
