package greencover.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock (UTC) moved by an offset that a test sets: time goes on at its real pace from wherever the test put
 * it, so leases that a server renews still run out, and a test can jump days ahead without waiting.
 */
public final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward by {@code d}. */
    public void advance(Duration d) { offset = offset.plus(d); }

    /** Moves the clock so that it reads {@code t} now. */
    public void set(Instant t) { offset = Duration.between(Instant.now(), t); }

    @Override
    public Instant instant() { return Instant.now().plus(offset); }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) return this;
        throw new UnsupportedOperationException("a moving test clock is UTC only");
    }
}
