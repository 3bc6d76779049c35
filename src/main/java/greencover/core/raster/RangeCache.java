package greencover.core.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a {@link RangeReader} read so far, as segments by offset, and the one place that decides what to ask
 * the reader for: {@link #prefetch} takes the blocks a window needs, sorted and merged across gaps of up to
 * {@code maxGap} bytes (GDAL's COGs put 8 bytes of leader and trailer between neighbouring tiles, so strict
 * adjacency would cost one request per tile), and fetches them in one call (the reader may fetch them in parallel).
 * Bytes already held are not asked again: a block that begins inside a held segment (the header prefetch often ends
 * inside the first tile) is fetched from that segment's end. A read outside every segment (a header longer than the
 * prefetch, a tag value far away) fetches
 * {@value #MISS_CHUNK} bytes or more from there. Segments of block rows above the current one are dropped
 * ({@link #evictBefore}), so a long window keeps only a few block rows in memory. Thread-safe.
 */
public final class RangeCache implements ByteSource {
    /** The smallest read on a miss. */
    public static final int MISS_CHUNK = 16 * 1024;
    /** The largest merged range. */
    static final long MAX_MERGED = 64L << 20;

    private record Segment(byte[] data, int tag) {}

    private final RangeReader reader;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();

    /** A cache over {@code reader} holding {@code header} (the first bytes, already read by whoever opened it). */
    public RangeCache(RangeReader reader, byte[] header) {
        this.reader = reader;
        if (header != null && header.length > 0) segments.put(0L, new Segment(header, -1));
    }

    public RangeReader reader() { return reader; }

    /** The asset's name. */
    public String name() { return reader.name(); }

    @Override
    public long size() { return reader.size(); }

    @Override
    public synchronized int read(ByteBuffer dst, long position) throws IOException {
        long size = reader.size();
        if (position >= size) return -1;
        if (!dst.hasRemaining()) return 0;
        Map.Entry<Long, Segment> e = segments.floorEntry(position);
        if (e == null || e.getKey() + e.getValue().data.length <= position) {
            int len = (int) Math.min(size - position, Math.max(dst.remaining(), MISS_CHUNK));
            byte[] got = reader.read(List.of(new RangeReader.ByteRange(position, len))).get(0);
            if (got.length == 0) return -1;
            segments.put(position, new Segment(got, -1));
            e = segments.floorEntry(position);
        }
        byte[] data = e.getValue().data;
        int from = (int) (position - e.getKey());
        int n = Math.min(dst.remaining(), data.length - from);
        dst.put(data, from, n);
        return n;
    }

    /**
     * Makes sure the bytes of {@code blocks} are held: those not held yet are sorted, merged where less than
     * {@code maxGap} bytes lie between them, and fetched in one call of the reader; they are tagged {@code tag}
     * (the block row, for {@link #evictBefore}).
     */
    public synchronized void prefetch(List<RangeReader.ByteRange> blocks, long maxGap, int tag) throws IOException {
        List<RangeReader.ByteRange> missing = new ArrayList<>();
        for (RangeReader.ByteRange b : blocks) {
            RangeReader.ByteRange rest = b.length() > 0 ? notHeld(b) : null;
            if (rest != null) missing.add(rest);
        }
        if (missing.isEmpty()) return;
        missing.sort(Comparator.comparingLong(RangeReader.ByteRange::offset));
        List<RangeReader.ByteRange> merged = new ArrayList<>();
        long start = missing.get(0).offset(), end = missing.get(0).end();
        for (int i = 1; i < missing.size(); i++) {
            RangeReader.ByteRange b = missing.get(i);
            if (b.offset() - end <= maxGap && Math.max(end, b.end()) - start <= MAX_MERGED) {
                end = Math.max(end, b.end());
            } else {
                merged.add(new RangeReader.ByteRange(start, (int) (end - start)));
                start = b.offset();
                end = b.end();
            }
        }
        merged.add(new RangeReader.ByteRange(start, (int) (end - start)));
        List<byte[]> got = reader.read(merged);
        for (int i = 0; i < merged.size(); i++) segments.put(merged.get(i).offset(), new Segment(got.get(i), tag));
    }

    /** Drops the segments fetched for block rows before {@code tag} (the header and misses are kept). */
    public synchronized void evictBefore(int tag) {
        segments.values().removeIf(s -> s.tag >= 0 && s.tag < tag);
    }

    /**
     * The part of {@code b} from the first byte no held segment covers (a block that begins inside the header, or
     * inside a neighbour fetched before, is fetched from where that ends); null when all of it is held.
     */
    private RangeReader.ByteRange notHeld(RangeReader.ByteRange b) {
        long start = b.offset(), end = b.end();
        while (start < end) {
            Map.Entry<Long, Segment> e = segments.floorEntry(start);
            if (e == null || e.getKey() + e.getValue().data.length <= start) break;
            start = e.getKey() + e.getValue().data.length;
        }
        return start >= end ? null : start == b.offset() ? b : new RangeReader.ByteRange(start, (int) (end - start));
    }
}
