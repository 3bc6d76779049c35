package greencover.domain;

import java.time.Instant;
import java.util.List;

/**
 * One import from a STAC API: what was asked ({@link Spec}), where it stands ({@code status}: queued, running, done,
 * failed; a cancelled import is failed with the error {@link #CANCELLED_BY_DELETE}, see {@link #cancelled}), its item counts, the bytes it read from the sources, the items that failed with why, and
 * when it was created, started and finished. {@code watchSite} names the site whose watch started it, or is null.
 */
public record StacImport(String id, Spec spec, String status, Counts items, long bytesRead, List<ItemError> errors,
                         Instant createdAt, Instant startedAt, Instant finishedAt, String watchSite) {
    public static final String QUEUED = "queued", RUNNING = "running", DONE = "done", FAILED = "failed";
    /** The status an earlier release stored for a cancelled import; read as {@link #FAILED} and {@link #cancelled}, never written. */
    public static final String CANCELLED = "cancelled";
    /** How the error (its item null) of a cancelled import begins. */
    public static final String CANCELLED_BY_DELETE = "cancelled by DELETE";
    /** The most errors one import keeps (the counts go on). */
    public static final int MAX_ERRORS = 200;

    /**
     * The search: the API's URL, collections, site ids or a WGS84 bbox (west, south, east, north), a datetime
     * interval, the largest cloud cover in percent (null: any), a collection profile (null: detected per item), and
     * the page size asked of the catalog.
     */
    public record Spec(String stacApi, List<String> collections, List<String> sites, List<Double> bbox, String datetime,
                       Double maxCloud, String profile, int limit) {}

    /** Items found by the search, ingested, already stored, skipped (a superseded processing, too cloudy) and failed. */
    public record Counts(int found, int ingested, int duplicate, int skipped, int failed) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0);
    }

    /**
     * An item the import is done with: its {@code key} ({@code collection/id}), its {@code outcome} (ingested,
     * duplicate, skipped or failed, as in {@link Counts}) and the bytes its assets read ({@link #bytesRead}).
     */
    public record Done(String key, String outcome, long bytesRead) {
        public static final String INGESTED = "ingested", DUPLICATE = "duplicate", SKIPPED = "skipped", FAILED = "failed";
    }

    /** An item that failed (null for a failure of the search itself) and why. */
    public record ItemError(String item, String error) {}

    /** Whether it will not change any more. */
    public boolean finished() { return status.equals(DONE) || status.equals(FAILED) || status.equals(CANCELLED); }

    /** Whether a {@code DELETE} cancelled it (it is then failed, with the error {@link #CANCELLED_BY_DELETE}). */
    public boolean cancelled() {
        return status.equals(CANCELLED) || (status.equals(FAILED)
                && errors.stream().anyMatch(e -> e.item() == null && e.error().startsWith(CANCELLED_BY_DELETE)));
    }

    /** The status as published: one of queued, running, done, failed (a cancel of an earlier release is failed). */
    public String publicStatus() { return status.equals(CANCELLED) ? FAILED : status; }

    public StacImport with(String status, Counts items, long bytesRead, List<ItemError> errors, Instant startedAt, Instant finishedAt) {
        return new StacImport(id, spec, status, items, bytesRead, List.copyOf(errors), createdAt, startedAt, finishedAt, watchSite);
    }
}
