package greencover.service.source;

import greencover.core.raster.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A {@code file:} URL read by ranges, as an HTTP source is (the same windowed path, for local archives and tests). */
final class FileRangeReader implements RangeReader {
    private final Path file;
    private final String name;
    private final long size;
    private final java.util.function.LongConsumer counted;

    private FileRangeReader(Path file, String name, long size, java.util.function.LongConsumer counted) {
        this.file = file;
        this.name = name;
        this.size = size;
        this.counted = counted;
    }

    static HttpRangeReader.Opened open(Path file, String name, int headerBytes) throws IOException { return open(file, name, headerBytes, null); }

    /** As above, telling {@code counted} (null: nobody) the bytes it reads. */
    static HttpRangeReader.Opened open(Path file, String name, int headerBytes, java.util.function.LongConsumer counted) throws IOException {
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
        } catch (NoSuchFileException e) {
            throw new RemoteReadException("source_not_found", false, name + " was not found", e);
        }
        FileRangeReader r = new FileRangeReader(file, name, size, counted);
        return new HttpRangeReader.Opened(r, r.read(List.of(new ByteRange(0, (int) Math.min(size, headerBytes)))).get(0));
    }

    @Override public String name() { return name; }

    @Override public long size() { return size; }

    @Override
    public List<byte[]> read(List<ByteRange> ranges) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (ByteRange r : ranges) {
                int len = (int) Math.max(0, Math.min(r.length(), size - r.offset()));
                ByteBuffer b = ByteBuffer.allocate(len);
                while (b.hasRemaining() && ch.read(b, r.offset() + b.position()) > 0) { }
                out.add(b.array());
                if (counted != null) counted.accept(b.position());
            }
        }
        return out;
    }
}
