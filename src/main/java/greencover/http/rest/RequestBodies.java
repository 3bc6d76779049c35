package greencover.http.rest;

import greencover.service.error.PayloadTooLargeException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies within bounds of size and time, so that a client that sends a body slowly, or stops in the
 * middle, cannot hold a server thread: the whole body must arrive within a deadline (a pause longer than the
 * connector's idle timeout, which is the same setting, fails the read sooner), else the request is answered 408
 * {@code request_timeout}; a body above the size bound is 413 before it is read further.
 */
public final class RequestBodies {
    private final long timeoutMillis;

    /** @param timeoutMillis the longest time a body may take to arrive, in milliseconds, positive */
    public RequestBodies(long timeoutMillis) {
        if (timeoutMillis <= 0) throw new IllegalArgumentException("timeoutMillis must be positive but was " + timeoutMillis);
        this.timeoutMillis = timeoutMillis;
    }

    /** The longest time a body may take to arrive, in milliseconds. */
    public long timeoutMillis() { return timeoutMillis; }

    /**
     * The body of {@code ctx} as UTF-8 text, at most {@code maxBytes} bytes, arrived within the deadline.
     *
     * @throws PayloadTooLargeException (field {@code body}) over {@code maxBytes}, by its Content-Length or as read
     * @throws HttpResponseException    408 when the body did not arrive in time or stalled
     */
    public String text(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(maxBytes);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 1 << 16));
        byte[] buf = new byte[8192];
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (out.size() + (long) n > maxBytes) throw tooLarge(maxBytes);
                out.write(buf, 0, n);
                if (System.nanoTime() - deadline > 0) throw timedOut();
            }
        } catch (IOException e) {
            throw isTimeout(e) ? timedOut() : new HttpResponseException(400, "the request body could not be read: " + e.getMessage());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether {@code e} (or a cause) is a read that timed out: Jetty's idle timeout. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    private HttpResponseException timedOut() {
        return new HttpResponseException(408, "the request body did not arrive within " + timeoutMillis / 1000.0 + " s");
    }

    private static PayloadTooLargeException tooLarge(long maxBytes) {
        return new PayloadTooLargeException("body", "the request body is larger than " + maxBytes + " bytes");
    }
}
