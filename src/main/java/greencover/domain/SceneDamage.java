package greencover.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Why and when a stored scene was found damaged: its files missing, truncated or unreadable (a folder removed by
 * hand, a disk error, a corrupt header). A damaged scene stays in the catalog, listed with this record, but is left
 * out of maps and series until it is deleted or its files are ingested again.
 *
 * @param reason what was wrong, for the operator (e.g. {@code "ndvi.tif is missing"}); at most {@link #MAX_REASON}
 *               characters (longer text is cut)
 * @param at     the instant the damage was found (UTC, whole microseconds, as the catalog stores it)
 */
public record SceneDamage(String reason, Instant at) {
    /** The longest reason kept, in characters. */
    public static final int MAX_REASON = 1000;

    /** Cuts {@code reason} to {@link #MAX_REASON} characters and {@code at} to microseconds. */
    public SceneDamage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON);
        at = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
