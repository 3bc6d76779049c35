package greencover.store;

import java.util.function.Supplier;

/**
 * Runs units of work on the catalog without showing how it is connected. The repository calls made by the
 * current thread inside {@link #inTransaction} share one transaction: it commits when the work returns and rolls
 * back when it throws (the exception propagates unchanged). A unit of work that writes bumps
 * {@link CatalogVersion} once, in the same transaction. Nested calls join the outer unit of work.
 * Do not hand the work to other threads: repository calls made there run outside the transaction.
 */
public interface Transactions {

    /** Runs {@code work} in one transaction and returns its result. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in one transaction. */
    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
