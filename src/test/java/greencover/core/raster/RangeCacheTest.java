package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeCache} over a byte array read by ranges (a real {@link RangeReader} of the port, logging what it is
 * asked): which ranges it asks for, and that what it serves is the file's bytes.
 */
class RangeCacheTest {
    /** A file of {@code size} bytes (byte i = i mod 251) read by ranges, each call's ranges logged. */
    static final class ArrayReader implements RangeReader {
        final byte[] file;
        final List<List<ByteRange>> calls = new ArrayList<>();

        ArrayReader(int size) {
            file = new byte[size];
            for (int i = 0; i < size; i++) file[i] = (byte) (i % 251);
        }

        @Override public String name() { return "array"; }

        @Override public long size() { return file.length; }

        @Override
        public List<byte[]> read(List<ByteRange> ranges) {
            calls.add(List.copyOf(ranges));
            List<byte[]> out = new ArrayList<>();
            for (ByteRange r : ranges) out.add(Arrays.copyOfRange(file, (int) r.offset(), (int) Math.min(file.length, r.end())));
            return out;
        }
    }

    private static byte[] read(RangeCache c, long pos, int len) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining() && c.read(b, pos + b.position()) > 0) { }
        return b.array();
    }

    @Test
    void aBlockThatBeginsInsideTheHeaderIsFetchedFromTheHeadersEndAndReadWhole() throws Exception {
        ArrayReader r = new ArrayReader(100_000);
        RangeCache c = new RangeCache(r, Arrays.copyOf(r.file, 32_768));
        // block A 30000..40000 starts in the header, block B 40008..50000 follows after GDAL's 8 bytes
        c.prefetch(List.of(new RangeReader.ByteRange(30_000, 10_000), new RangeReader.ByteRange(40_008, 9_992)), 64, 0);
        assertThat(r.calls).hasSize(1);
        assertThat(r.calls.get(0)).containsExactly(new RangeReader.ByteRange(32_768, 50_000 - 32_768));
        // the bytes across the header's end are the file's, with no further request
        assertThat(read(c, 30_000, 20_000)).isEqualTo(Arrays.copyOfRange(r.file, 30_000, 50_000));
        assertThat(r.calls).hasSize(1);
        // a block wholly held is not asked again; one beyond is asked alone
        c.prefetch(List.of(new RangeReader.ByteRange(1_000, 2_000), new RangeReader.ByteRange(45_000, 1_000),
                new RangeReader.ByteRange(60_000, 500)), 64, 1);
        assertThat(r.calls).hasSize(2);
        assertThat(r.calls.get(1)).containsExactly(new RangeReader.ByteRange(60_000, 500));
        assertThat(read(c, 59_990, 600)).isEqualTo(Arrays.copyOfRange(r.file, 59_990, 60_590));
    }
}
