package greencover.service;

/**
 * What {@link SceneService#ingest} reports about each ingest it ran, for whoever counts them (the server's
 * {@code /metrics}): its outcome, the bytes of its uploaded files and how long it took. A port, so the services
 * depend on no metrics library; {@link #NONE} ignores everything. Implementations must be thread-safe and quick:
 * they are called on the ingesting thread, after the ingest's answer is decided.
 */
public interface IngestEvents {
    /** Ignores every ingest. */
    IngestEvents NONE = (outcome, uploadedBytes, nanos) -> { };

    /** How an ingest ended. */
    enum Outcome {
        /** A new scene was stored. */
        CREATED,
        /** The same files were already stored: the existing scene was answered. */
        DUPLICATE,
        /** Refused with a stated reason (invalid input, conflict, too large, no room, overloaded): nothing stored. */
        REFUSED,
        /** Failed unexpectedly (an internal error): nothing stored. */
        FAILED;

        /** The lower-case name, as metrics label it. */
        public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /**
     * @param uploadedBytes the total size of the distinct files the request named (0 when they are unreadable)
     * @param nanos         the ingest's wall time, from its call to its answer
     */
    void ingested(Outcome outcome, long uploadedBytes, long nanos);
}
