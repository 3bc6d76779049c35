package greencover.service;

import greencover.service.error.InsufficientStorageException;
import greencover.store.DiskSpace;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The disk rules of every write (README "Disk"): before a write, its expected size plus the reserve must be free
 * ({@link #ensureRoom}); during it, a failure whose cause says the disk is full (ENOSPC, a quota) becomes an
 * {@link InsufficientStorageException} ({@link #translated}) after the caller has undone what it wrote.
 */
public final class DiskFull {
    /** What a write of catalog rows only (a site, a delete's tombstone) is taken to need, besides the reserve. */
    public static final long CATALOG_MARGIN_BYTES = 1L << 20;
    private final DiskSpace disk;

    public DiskFull(DiskSpace disk) {
        this.disk = java.util.Objects.requireNonNull(disk, "disk");
    }

    /**
     * Refuses, before anything is written, a write of {@code bytes} that would leave less than the reserve free.
     *
     * @param what the write, for the message ("this ingest")
     * @throws InsufficientStorageException when it would
     */
    public void ensureRoom(long bytes, String what) {
        long usable = disk.usableBytes(), reserve = disk.reserveBytes();
        if (usable == Long.MAX_VALUE) return;
        if (usable - bytes < reserve) {
            throw new InsufficientStorageException("not enough disk space for " + what + ": it needs about " + mib(bytes)
                    + " and " + mib(usable) + " are free on " + disk.location() + ", of which " + mib(reserve)
                    + " are kept in reserve (--min-free-mb); free some space and retry", null);
        }
    }

    /**
     * Refuses a write that frees space (a delete) when not even {@code bytes} are free: it may use the reserve, but
     * the catalog must be able to commit its tombstone.
     */
    public void ensureRoomToFree(long bytes, String what) {
        long usable = disk.usableBytes();
        if (usable == Long.MAX_VALUE || usable >= bytes) return;
        throw new InsufficientStorageException("not enough disk space for " + what + ": the catalog needs about "
                + mib(bytes) + " to record it and " + mib(usable) + " are free on " + disk.location()
                + "; free some space and retry", null);
    }

    /**
     * {@code e} as the caller should rethrow it: an {@link InsufficientStorageException} naming {@code what} when a
     * cause says the disk is full, else {@code e} itself.
     */
    public RuntimeException translated(RuntimeException e, String what) {
        if (e instanceof InsufficientStorageException || !in(e)) return e;
        return new InsufficientStorageException("the disk holding " + disk.location() + " ran out of space during "
                + what + "; nothing of it was kept: free some space and retry", e);
    }

    /** Whether {@code t} or one of its causes (or suppressed exceptions) reports a full disk or an exceeded quota. */
    public static boolean in(Throwable t) {
        Set<Throwable> seen = new HashSet<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        if (t != null) todo.add(t);
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) continue;
            String m = x.getMessage();
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left on device") || l.contains("disk quota exceeded") || l.contains("enospc")) return true;
            }
            if (x.getCause() != null) todo.add(x.getCause());
            for (Throwable s : x.getSuppressed()) todo.add(s);
        }
        return false;
    }

    private static String mib(long bytes) { return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }
}
