package greencover.store.fs;

import greencover.store.DiskSpace;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space of the file system holding a data directory ({@link FileStore#getUsableSpace()}, asked afresh on
 * every call: one {@code statvfs}), with a fixed reserve in bytes.
 */
public final class LocalDiskSpace implements DiskSpace {
    private final Path dir;
    private final long reserveBytes;

    public LocalDiskSpace(Path dataDir, long reserveBytes) {
        if (reserveBytes < 0) throw new IllegalArgumentException("reserveBytes must be 0 or more but was " + reserveBytes);
        this.dir = dataDir.toAbsolutePath();
        this.reserveBytes = reserveBytes;
    }

    @Override
    public long usableBytes() {
        try {
            FileStore fs = Files.getFileStore(dir);
            return fs.getUsableSpace();
        } catch (IOException e) { // cannot be measured: the write itself will tell
            return Long.MAX_VALUE;
        }
    }

    @Override public long reserveBytes() { return reserveBytes; }

    @Override public String location() { return dir.toString(); }
}
