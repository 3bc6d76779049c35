package greencover.service.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a response body within a deadline. {@link java.net.http.HttpRequest#timeout} bounds the wait for the response
 * headers only: a host that sends its headers and then stalls would block a read of
 * {@link java.net.http.HttpResponse.BodyHandlers#ofInputStream()} for good. Here a watchdog closes the body stream when
 * the deadline passes, which drops the connection and ends the blocked read; the read then fails with
 * {@link Stalled}, an {@link HttpTimeoutException} (retried like a timeout by {@link HttpRangeReader}).
 */
final class BodyDeadline {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-body-deadline");
        t.setDaemon(true);
        return t;
    });

    private BodyDeadline() {}

    /** A body that did not arrive within its deadline. */
    static final class Stalled extends HttpTimeoutException {
        Stalled(String message) { super(message); }
    }

    /**
     * At most {@code len} bytes of {@code body} ({@link InputStream#readNBytes}), read within {@code within}.
     *
     * @param name what is read, for the message (an asset, never a signed URL)
     * @throws Stalled when the deadline passed first (the stream is closed)
     */
    static byte[] read(InputStream body, int len, Duration within, String name) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.schedule(() -> {
            expired.set(true);
            try {
                body.close();
            } catch (IOException ignored) {
                // closing is all that is wanted: the reader fails either way
            }
        }, Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
        try {
            return body.readNBytes(len); // a stream the watchdog closed throws instead of returning

        } catch (IOException e) {
            if (expired.get()) throw stalled(name, within);
            throw e;
        } finally {
            watch.cancel(false);
        }
    }

    private static Stalled stalled(String name, Duration within) {
        return new Stalled(name + ": the answer's headers came but its body did not arrive within " + within.toMillis() + " ms (the host stalled)");
    }
}
