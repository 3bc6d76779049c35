package greencover.store;

/**
 * The disk that holds the data directory, as writes see it: the bytes usable by this process now, and the reserve
 * that writes must leave free (so that the catalog database, the logs and the operator keep room). Reads never
 * consult it. Implementations: {@code store.fs.LocalDiskSpace}; {@link #UNLIMITED} for stores without a disk.
 */
public interface DiskSpace {
    /** Bytes usable by this process on the data directory's disk now ({@link Long#MAX_VALUE} when unknown). */
    long usableBytes();

    /** Bytes that every write must leave free. */
    long reserveBytes();

    /** Where the space is measured (the data directory), for messages. */
    String location();

    /** A disk that never runs out (in-memory stores, tests of other things). */
    DiskSpace UNLIMITED = new DiskSpace() {
        @Override public long usableBytes() { return Long.MAX_VALUE; }

        @Override public long reserveBytes() { return 0; }

        @Override public String location() { return "the data directory"; }
    };
}
