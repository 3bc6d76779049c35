package greencover.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The work a process runs on its own, besides what it is asked: only {@code serve} runs it ({@link #SERVE}); the
 * {@code ingest} and {@code import} commands and the batch job's drivers and executors open the catalog with
 * {@link #NONE}, so they never resume another process's imports, poll watches or evaluate alerts.
 *
 * <ul>
 *   <li>{@code enabled}: whether {@link Services#open(AppConfig, Background)} starts it: the unfinished imports resumed
 *       (on a catalog shared by several servers, only those whose server's lease expired: it died), the sites' watches
 *       polled, every site's alert rules evaluated.</li>
 *   <li>{@code importLease}: how long an import's lease lasts without its server's heartbeat (renewed every third of
 *       it, and after every item), so how soon another server takes over the imports of one that died; at least 1 s;
 *       default 60 s, {@code GREENCOVER_IMPORT_LEASE_S}.</li>
 *   <li>{@code alertEvery}: how often every site's alert rules are evaluated (so that "no clear observation for D
 *       days" fires while no data arrives), ISO-8601; at least 1 s; default {@code P1D}, {@code GREENCOVER_ALERT_EVERY}.</li>
 *   <li>{@code clock}: the time of imports, watches and alerts (tests move it).</li>
 * </ul>
 */
public record Background(boolean enabled, Duration importLease, Duration alertEvery, Clock clock) {
    public static final Duration DEFAULT_IMPORT_LEASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ALERT_EVERY = Duration.ofDays(1);
    /** {@code serve}'s: everything, with the defaults. */
    public static final Background SERVE = new Background(true, DEFAULT_IMPORT_LEASE, DEFAULT_ALERT_EVERY, Clock.systemUTC());
    /** The command-line tools' and the batch job's: nothing of its own. */
    public static final Background NONE = new Background(false, DEFAULT_IMPORT_LEASE, DEFAULT_ALERT_EVERY, Clock.systemUTC());

    /** Validates the components; see the record comment. */
    public Background {
        java.util.Objects.requireNonNull(clock, "clock");
        if (importLease == null || importLease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the import lease must be 1 s or more but was " + importLease);
        }
        if (alertEvery == null || alertEvery.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the alert evaluation interval must be 1 s or more but was " + alertEvery);
        }
    }

    public Background withImportLease(Duration lease) { return new Background(enabled, lease, alertEvery, clock); }

    public Background withAlertEvery(Duration every) { return new Background(enabled, importLease, every, clock); }

    public Background withClock(Clock c) { return new Background(enabled, importLease, alertEvery, c); }

    /**
     * These settings with the {@code GREENCOVER_IMPORT_LEASE_S} and {@code GREENCOVER_ALERT_EVERY} variables of
     * {@code env} that are set and not blank.
     *
     * @throws IllegalArgumentException for a value that is not a whole number of seconds or an ISO-8601 duration
     */
    public Background environment(Map<String, String> env) {
        Background b = this;
        String v = env.get("GREENCOVER_IMPORT_LEASE_S");
        if (v != null && !v.isBlank()) {
            try {
                b = b.withImportLease(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("GREENCOVER_IMPORT_LEASE_S must be a whole number of seconds but was '" + v + "'");
            }
        }
        v = env.get("GREENCOVER_ALERT_EVERY");
        if (v != null && !v.isBlank()) {
            try {
                b = b.withAlertEvery(Duration.parse(v.trim()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("GREENCOVER_ALERT_EVERY must be an ISO-8601 duration like P1D or PT6H but was '" + v + "'");
            }
        }
        return b;
    }
}
