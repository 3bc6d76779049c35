package greencover.core.raster;

import java.io.IOException;
import java.util.List;

/**
 * A remote (or local) file read by byte ranges: what a range-request client offers the raster reader. The
 * implementations (HTTP range requests, a local file) live with the services; {@link RangeCache} keeps what was
 * read and decides which ranges to ask for.
 */
public interface RangeReader {
    /** One byte range: {@code length} bytes from {@code offset}. */
    record ByteRange(long offset, int length) {
        public ByteRange {
            if (offset < 0 || length < 0) throw new IllegalArgumentException("bad range " + offset + "+" + length);
        }

        public long end() { return offset + length; }
    }

    /** The asset's name for messages (never a signed URL). */
    String name();

    /** The file's size in bytes. */
    long size();

    /**
     * The bytes of each range (clipped to the file's end), in the order given; the reader may fetch them in parallel.
     *
     * @throws RemoteReadException when the source refuses or fails (after the reader's own retries)
     */
    List<byte[]> read(List<ByteRange> ranges) throws IOException;

    /**
     * A source's refusal or failure, with a stable error code (e.g. {@code source_not_found}) and whether it may
     * pass ({@code unavailable}: 5xx or no answer after retries) or is the asset's own fault (403, 404, not a TIFF).
     */
    class RemoteReadException extends IOException {
        private final String code;
        private final boolean unavailable;

        public RemoteReadException(String code, boolean unavailable, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
            this.unavailable = unavailable;
        }

        public String code() { return code; }

        public boolean unavailable() { return unavailable; }
    }
}
