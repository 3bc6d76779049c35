package greencover.store;

import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * Serialises the catalog writers whose result depends on what is already stored: an ingest computes each
 * site's share of a date among all the scenes of that date, a site addition backfills over every stored
 * scene, a delete recomputes the shares of the other scenes of its date. Those must not interleave, or two scenes of one date could
 * both count the same ground.
 *
 * <p>Two scopes: the whole catalog ({@link #holding(Supplier)}: site additions and deletions, which read every
 * scene) and one acquisition date ({@link #holding(LocalDate, Supplier)}: an ingest or delete, which depends only on
 * the scenes of its date). Writers of different dates may run together; a whole-catalog writer runs alone. A
 * process-local implementation ({@link ProcessWriteLock}) is enough for one server per catalog; several servers on
 * one PostgreSQL catalog use the database's advisory locks ({@code store.jdbc}). Reentrant: a holder may take it again.
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

    /**
     * Runs {@code work} while holding the lock of {@code date}: other writers of that date and whole-catalog
     * writers wait, writers of other dates need not. By default the whole-catalog lock.
     */
    default <T> T holding(LocalDate date, Supplier<T> work) { return holding(work); }

    /** Runs {@code work} while holding the lock of {@code date} ({@link #holding(LocalDate, Supplier)}). */
    default void run(LocalDate date, Runnable work) {
        holding(date, () -> {
            work.run();
            return null;
        });
    }
}
