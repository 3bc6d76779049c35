package greencover.service.admission;

import greencover.service.error.OverloadedException;
import greencover.service.error.QueueFullException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue in front of ingests: at most {@code running} ingests work at once and at most {@code waiting}
 * more wait for a turn (first come first served). A request that finds all {@code running + waiting} places taken
 * is refused at once with a {@link QueueFullException} (HTTP 429 with {@code Retry-After}) before its upload is
 * read, so a refused request changes nothing. An admitted request holds its {@link Place} from before its upload is
 * read until its ingest is answered; {@link Place#awaitTurn()} then waits (up to the queue's wait) for one of the
 * running slots.
 *
 * <p>Thread-safe; one instance per server.
 */
public final class IngestQueue {
    private final int running;
    private final int waiting;
    private final Semaphore places;
    private final Semaphore turns;
    private final Duration maxWait;

    /**
     * @param running ingests that may work at once, 1 or more
     * @param waiting admitted ingests that may wait for a turn, 0 or more
     * @param maxWait how long an admitted ingest waits for its turn before it is refused (503), positive
     */
    public IngestQueue(int running, int waiting, Duration maxWait) {
        if (running < 1) throw new IllegalArgumentException("running must be 1 or more but was " + running);
        if (waiting < 0) throw new IllegalArgumentException("waiting must be 0 or more but was " + waiting);
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) throw new IllegalArgumentException("maxWait must be positive but was " + maxWait);
        this.running = running;
        this.waiting = waiting;
        this.places = new Semaphore(running + waiting, true);
        this.turns = new Semaphore(running, true);
        this.maxWait = maxWait;
    }

    /** Ingests that may work at once. */
    public int running() { return running; }

    /** Ingests that may wait for a turn. */
    public int waiting() { return waiting; }

    /** Places free at this moment (a snapshot, for metrics). */
    public int freePlaces() { return places.availablePermits(); }

    /**
     * A place in the queue, taken without waiting.
     *
     * @throws QueueFullException when {@code running + waiting} requests hold places
     */
    public Place enter() {
        if (!places.tryAcquire()) {
            throw new QueueFullException("the ingest queue is full (" + running + " running, " + waiting
                    + " waiting); nothing was stored, retry later", 10);
        }
        return new Place();
    }

    /** One admitted ingest's place, released by {@link #close()} (also its turn, when it had one). */
    public final class Place implements AutoCloseable {
        private boolean open = true, hasTurn;

        private Place() {}

        /**
         * Waits for one of the running slots; returns at once when this place already has one.
         *
         * @throws OverloadedException when no slot comes free within the queue's wait (or the thread is interrupted)
         */
        public synchronized void awaitTurn() {
            if (!open) throw new IllegalStateException("the place is closed");
            if (hasTurn) return;
            boolean got;
            try {
                got = turns.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                throw new OverloadedException("no ingest slot came free within " + maxWait.toSeconds()
                        + " s; nothing was stored, retry later", 30);
            }
            hasTurn = true;
        }

        @Override
        public synchronized void close() {
            if (!open) return;
            open = false;
            if (hasTurn) turns.release();
            places.release();
        }
    }
}
