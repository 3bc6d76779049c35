package greencover.http.ogc;

import greencover.domain.StoreException;
import greencover.service.error.OverloadedException;
import greencover.service.error.UnavailableException;
import io.javalin.http.Context;

/**
 * The one rule by which the OGC surfaces (WMS, WMTS, XYZ) tell an outage that may pass from a defect: a
 * {@link StoreException} the services did not translate (the catalog or the disk could not be read) or a
 * {@link UnavailableException} is answered 503 with {@code Retry-After}, as REST answers it, each surface with its
 * own body (an exception report, or the JSON error for XYZ); anything else stays a 500. An
 * {@link OverloadedException} (the memory budget had no room) is one too, with its own code and {@code Retry-After},
 * logged as one warning line rather than an error with its stack trace.
 *
 * @param code the error code of a JSON body ({@code unavailable}, or the overload's own code)
 * @param message the text safe to show a client
 * @param retryAfterSeconds what the {@code Retry-After} header says
 * @param overload whether this is back-pressure (a refusal) rather than an outage
 */
public record Unavailability(String code, String message, int retryAfterSeconds, boolean overload) {
    /** Seconds a client should wait before retrying a request the catalog could not serve (REST says the same). */
    public static final int RETRY_AFTER_S = 5;

    /** The HTTP status of an unavailability. */
    public static final int STATUS = 503;

    /** The unavailability {@code e} stands for, or null when {@code e} is not one (a defect, a bad request). */
    public static Unavailability of(RuntimeException e) {
        if (e instanceof OverloadedException o) return new Unavailability(o.code(), o.getMessage(), o.retryAfterSeconds(), true);
        if (e instanceof UnavailableException u) return new Unavailability("unavailable", u.getMessage(), RETRY_AFTER_S, false);
        if (e instanceof StoreException) {
            return new Unavailability("unavailable", "the catalog could not be read; try again", RETRY_AFTER_S, false);
        }
        return null;
    }

    /** Logs the refusal of {@code what}: a warning line for an overload, else an error with {@code e}'s stack trace. */
    public void log(org.slf4j.Logger log, String what, Throwable e) {
        if (overload) log.warn("refused {}: {}", what, message);
        else log.error("{} unavailable", what, e);
    }

    /** Sets the status, {@code Retry-After} and {@code Cache-Control: no-store}; the caller writes the body. */
    public void apply(Context ctx) {
        ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
        ctx.header("Cache-Control", "no-store");
        ctx.status(STATUS);
    }
}
