package greencover.store.fs;

import greencover.domain.DataDirectoryInUseException;
import greencover.domain.StartupRefusedException;
import greencover.domain.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process's exclusive hold on a data directory: an exclusive {@link FileChannel#tryLock() lock} on
 * {@code dataDir/.lock}, whose content is the holder's process id. The operating system releases the lock when the
 * process ends, however it ends, so a crash never leaves the directory locked. A second holder, in another process
 * or (through a second {@code acquire}) in the same one, is refused.
 */
public final class DataDirectoryLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    public static final String FILE = ".lock";
    /**
     * The lock files this JVM holds. OS file locks belong to the process, and on Linux closing ANY channel of a
     * locked file releases the process's lock on it, so a second attempt from this JVM must be refused before it
     * opens a channel of its own: this set mirrors that process-wide state, it is not a cache.
     */
    private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();
    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private DataDirectoryLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /**
     * Takes the data directory {@code dataDir} (which must exist) for this process until {@link #close}.
     *
     * @throws StartupRefusedException when another holder has it, with a one-line message naming its process id
     * @throws StoreException when the lock file cannot be opened or locked
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE).toAbsolutePath().normalize();
        if (!HELD_BY_THIS_JVM.add(file)) throw refused(dataDir, Long.toString(ProcessHandle.current().pid()));
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD_BY_THIS_JVM.remove(file);
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through another path to the same file by this JVM: the same refusal
            }
            if (lock == null) {
                String holder = holder(ch);
                HELD_BY_THIS_JVM.remove(file);
                ch.close();
                throw refused(dataDir, holder);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DataDirectoryLock(ch, lock, file);
        } catch (IOException e) {
            HELD_BY_THIS_JVM.remove(file);
            try {
                ch.close();
            } catch (IOException ignored) {
                // the lock is released with the channel either way
            }
            throw new StoreException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataDirectoryInUseException refused(Path dataDir, String holder) {
        return new DataDirectoryInUseException(dataDir, "the data directory " + dataDir.toAbsolutePath() + " is in use by another GreenCover "
                + "process" + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": stop it, or upload through POST /api/v1/scenes");
    }

    /** The process id written by the holder, or "" when unreadable. */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the data directory. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release " + FILE, e);
        } finally {
            HELD_BY_THIS_JVM.remove(file);
        }
    }
}
