package greencover.core.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over a {@link RangeCache}, for the GeoTools and imageio-ext
 * TIFF readers: they seek and read as on a file, and the cache answers from the ranges it holds (fetching on a
 * miss). Closing it leaves the cache open for other streams.
 */
public final class RangeImageInputStream extends ImageInputStreamImpl {
    private final RangeCache cache;

    public RangeImageInputStream(RangeCache cache) { this.cache = cache; }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        ByteBuffer one = ByteBuffer.allocate(1);
        if (cache.read(one, streamPos) <= 0) return -1;
        streamPos++;
        return one.get(0) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        if (off < 0 || len < 0 || off + len > b.length) throw new IndexOutOfBoundsException();
        bitOffset = 0;
        if (len == 0) return 0;
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        int total = 0;
        while (dst.hasRemaining()) {
            int n = cache.read(dst, streamPos);
            if (n <= 0) break;
            streamPos += n;
            total += n;
        }
        return total == 0 ? -1 : total;
    }

    @Override
    public long length() { return cache.size(); }
}
