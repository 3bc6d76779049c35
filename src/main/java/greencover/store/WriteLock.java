package greencover.store;

import java.util.function.Supplier;

/**
 * Serialises the catalog writers whose result depends on what is already stored: an ingest computes each
 * site's share of a date among all the scenes of that date, a site addition backfills over every stored
 * scene, a delete recomputes the shares of the other scenes of its date. Those must not interleave, or two scenes of one date could
 * both count the same ground.
 *
 * <p>The implementations today are process-local (a {@link java.util.concurrent.locks.ReentrantLock}), which is
 * enough for one server per catalog. Several servers sharing one PostgreSQL catalog need a database-wide lock
 * (e.g. {@code pg_advisory_xact_lock}); that implementation can replace this one without touching the callers.
 * Reentrant: a holder may take it again.
 */
public interface WriteLock {

    /** Runs {@code work} while holding the lock, waiting for it first. */
    <T> T holding(Supplier<T> work);

    /** Runs {@code work} while holding the lock, waiting for it first. */
    default void run(Runnable work) {
        holding(() -> {
            work.run();
            return null;
        });
    }
}
