package greencover.service.map;

import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A value derived from data that changes version now and then (a catalog snapshot, a layer list), rebuilt when
 * the version differs from the one it was built at. Reads of an unchanged version take no lock; a rebuild is
 * done by one thread at a time (double-checked), so a burst of requests after an ingest builds it once.
 * A value built at version v is returned while {@code version} still answers v, and never afterwards.
 *
 * @param <T> the snapshot type (should be immutable: it is shared between threads)
 */
public final class VersionedSnapshot<T> {
    private record At<T>(long version, T value) {}

    private final LongSupplier version;
    private final LongFunction<T> build;
    private volatile At<T> current;

    /**
     * @param version the current data version (called on every {@link #get})
     * @param build builds the value for the version it is given
     */
    public VersionedSnapshot(LongSupplier version, LongFunction<T> build) {
        this.version = Objects.requireNonNull(version, "version");
        this.build = Objects.requireNonNull(build, "build");
    }

    /** The value for the current version, built now when absent or older. */
    public T get() {
        long v = version.getAsLong();
        At<T> at = current;
        if (at != null && at.version() == v) return at.value();
        synchronized (this) {
            at = current;
            if (at == null || at.version() != v) {
                at = new At<>(v, Objects.requireNonNull(build.apply(v), "built snapshot"));
                current = at;
            }
            return at.value();
        }
    }
}
