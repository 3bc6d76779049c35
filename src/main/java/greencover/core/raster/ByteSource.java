package greencover.core.raster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a file read at positions: a local file's channel, or a remote file's ranges ({@link RangeCache}). The
 * header checks ({@link TiffHeader}, {@link TiffBlockTable}, {@link GdalScaling}) read through it, so a remote GeoTIFF
 * is checked as an uploaded one is, on the bytes of its header only.
 */
public interface ByteSource {
    /** The file's size in bytes. */
    long size() throws IOException;

    /** Reads into {@code dst} from {@code position}; returns the bytes read, -1 at the end (as {@link FileChannel#read(ByteBuffer, long)}). */
    int read(ByteBuffer dst, long position) throws IOException;

    /** A local file's channel as a source (not closed by this view). */
    static ByteSource of(FileChannel ch) {
        return new ByteSource() {
            @Override public long size() throws IOException { return ch.size(); }

            @Override public int read(ByteBuffer dst, long position) throws IOException { return ch.read(dst, position); }
        };
    }

    /** Reads {@code len} bytes at {@code pos} in {@code order}. @throws IOException "short read" past the end */
    static ByteBuffer readFully(ByteSource ch, long pos, int len, java.nio.ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining() && ch.read(b, pos + b.position()) > 0) { }
        if (b.hasRemaining()) throw new IOException("short read");
        return b.flip().order(order);
    }
}
