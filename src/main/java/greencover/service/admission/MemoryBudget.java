package greencover.service.admission;

import greencover.service.error.OverloadedException;
import greencover.service.error.PayloadTooLargeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A budget of heap bytes shared by the memory-heavy work of one server: before allocating its working arrays,
 * a job reserves its estimated peak (in bytes, rounded up to whole KiB) and gives it back when done. Jobs whose
 * reservations do not fit wait, first come first served, for at most the wait they name; then they are refused
 * with an {@link OverloadedException} (HTTP 503 with {@code Retry-After}), so that a burst of large requests is
 * answered with back-pressure instead of {@link OutOfMemoryError}. A reservation above the whole
 * {@link #capacityBytes() capacity} can never be granted and is refused at once ({@link #fits}).
 *
 * <p>Thread-safe. The budget only counts what jobs declare; it does not measure the heap.
 */
public final class MemoryBudget {
    private static final long KIB = 1024;
    /** The largest capacity: 2 TiB less 1 KiB ({@code Integer.MAX_VALUE} KiB). */
    public static final long MAX_CAPACITY_BYTES = Integer.MAX_VALUE * KIB;
    private final long capacityBytes;
    private final int capacityKib;
    private final Semaphore kib;
    private final Duration defaultWait;

    /**
     * @param capacityBytes the bytes that running jobs may hold together, at least 1 MiB and at most 2 TiB
     * @param defaultWait   how long {@link #reserve(long, String, String)} waits for room, zero or more
     */
    public MemoryBudget(long capacityBytes, Duration defaultWait) {
        if (capacityBytes < (1L << 20) || capacityBytes / KIB > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacityBytes must be in [1 MiB, 2 TiB] but was " + capacityBytes);
        }
        Objects.requireNonNull(defaultWait, "defaultWait");
        if (defaultWait.isNegative()) throw new IllegalArgumentException("defaultWait must be 0 or more but was " + defaultWait);
        this.capacityBytes = capacityBytes;
        this.capacityKib = (int) (capacityBytes / KIB);
        this.kib = new Semaphore(capacityKib, true);
        this.defaultWait = defaultWait;
    }

    /** The bytes all running jobs may reserve together. */
    public long capacityBytes() { return capacityBytes; }

    /** The bytes not reserved at this moment (a snapshot, for metrics and health). */
    public long availableBytes() { return (long) kib.availablePermits() * KIB; }

    /** The wait of {@link #reserve(long, String, String)}. */
    public Duration defaultWait() { return defaultWait; }

    /** Whether a reservation of {@code bytes} could ever be granted: at most {@link #capacityBytes()}. */
    public boolean fits(long bytes) { return bytes <= capacityBytes; }

    /** {@link #reserve(long, Duration, String, String)} with the {@link #defaultWait()}. */
    public Reservation reserve(long bytes, String field, String what) {
        return reserve(bytes, defaultWait, field, what);
    }

    /**
     * Reserves {@code bytes} (0 or more; 0 is granted at once), waiting up to {@code wait} for room.
     *
     * @param field the request field that decides the size (named by the refusal for a too large job)
     * @param what  the job, for messages, e.g. "a 4096 x 4096 map of 2 layers"
     * @throws PayloadTooLargeException {@code bytes} exceeds the whole capacity (field {@code field})
     * @throws OverloadedException      no room came free within {@code wait}, or the thread was interrupted
     */
    public Reservation reserve(long bytes, Duration wait, String field, String what) {
        if (bytes < 0) throw new IllegalArgumentException("bytes must be 0 or more but was " + bytes);
        if (!fits(bytes)) {
            throw new PayloadTooLargeException(field, what + " needs about " + mib(bytes) + " MiB of working memory, more than"
                    + " this server's whole budget of " + mib(capacityBytes) + " MiB; ask for less");
        }
        int permits = (int) Math.min(capacityKib, (bytes + KIB - 1) / KIB);
        boolean granted;
        try {
            granted = kib.tryAcquire(permits, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            granted = false;
        }
        if (!granted) {
            throw new OverloadedException("the server is busy with other large requests and cannot take " + what
                    + " (about " + mib(bytes) + " MiB of working memory) now; retry later", retryAfterSeconds(wait));
        }
        return new Reservation(permits);
    }

    private static int retryAfterSeconds(Duration wait) {
        return (int) Math.max(1, Math.min(30, wait.toSeconds() + 1));
    }

    private static long mib(long bytes) { return (bytes + (1L << 20) - 1) >> 20; }

    /** Bytes held by one job until {@link #close()}; closing twice releases once. */
    public final class Reservation implements AutoCloseable {
        private int permits;

        private Reservation(int permits) { this.permits = permits; }

        /** The reserved bytes (whole KiB). */
        public long bytes() { return (long) permits * KIB; }

        @Override
        public void close() {
            int p;
            synchronized (this) {
                p = permits;
                permits = 0;
            }
            if (p > 0) kib.release(p);
        }
    }
}
