package greencover.store.fs;

import greencover.domain.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces files and directory entries to the storage device ({@code fsync}), so that what a write acknowledged is
 * still there after a power loss or kernel crash, not only after the process dies.
 */
final class Fsync {
    private Fsync() {}

    /**
     * Forces the content and metadata of the regular file {@code file} to disk.
     *
     * @throws StoreException if the file cannot be opened or forced
     */
    static void file(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot force " + file + " to disk", e);
        }
    }

    /**
     * Forces the entries of directory {@code dir} (the names of the files created, renamed or removed in it) to
     * disk. Opening a directory for reading and forcing it is what {@code fsync(dirfd)} does on Linux and macOS;
     * some file systems and platforms (e.g. Windows) refuse to open or force a directory with an
     * {@link IOException}: there the rename is as durable as the platform makes it, and the error is ignored.
     */
    static void directory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported for directories on this file system: nothing more can be done
        }
    }
}
