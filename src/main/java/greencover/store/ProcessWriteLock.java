package greencover.store;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link WriteLock} held within this process only: correct while one server writes to the catalog. A catalog
 * shared by several servers needs a database-wide implementation instead (see {@link WriteLock}).
 */
public final class ProcessWriteLock implements WriteLock {
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public <T> T holding(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
