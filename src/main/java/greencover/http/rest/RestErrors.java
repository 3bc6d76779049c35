package greencover.http.rest;

import greencover.domain.DuplicateKeyException;
import greencover.domain.StoreException;
import greencover.service.error.ConflictException;
import greencover.service.error.GreenCoverException;
import greencover.service.error.InsufficientStorageException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.OverloadedException;
import greencover.service.error.QueueFullException;
import greencover.service.error.PayloadTooLargeException;
import greencover.service.error.UnavailableException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from failures to REST responses. A {@link GreenCoverException} gets the status of its kind
 * and is written with its own code and field ({@code {"error","detail","field"}} through {@link ApiError});
 * anything else, including an {@link IllegalArgumentException} from a broken contract deep in the code, is a
 * defect: 500 {@code internal_error}, logged with its stack trace. Only statuses of 500 and above are logged
 * here (the request log has every line). Unknown routes and wrong methods get the same body (404, 405).
 * Back-pressure ({@link OverloadedException}: 503; {@link QueueFullException}: 429) carries {@code Retry-After}
 * and is logged as one warning line.
 */
public final class RestErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RestErrors.class);
    /** Seconds a client should wait before retrying after a 503. */
    static final int RETRY_AFTER_S = 5;

    /** Kind of failure → HTTP status; looked up along the class hierarchy, most specific first. */
    private static final Map<Class<? extends GreenCoverException>, Integer> STATUS = table();

    private RestErrors() {}

    private static Map<Class<? extends GreenCoverException>, Integer> table() {
        Map<Class<? extends GreenCoverException>, Integer> t = new LinkedHashMap<>();
        t.put(InvalidInputException.class, 400);
        t.put(UnauthorizedException.class, 401);
        t.put(NoSuchResourceException.class, 404);
        t.put(ConflictException.class, 409);
        t.put(PayloadTooLargeException.class, 413);
        t.put(UnsupportedMediaTypeException.class, 415);
        t.put(QueueFullException.class, 429);
        t.put(UnavailableException.class, 503);
        t.put(InsufficientStorageException.class, 507);
        return Map.copyOf(t);
    }

    /** The status of {@code e}'s kind: its class or nearest listed superclass; 500 for a kind not in the table. */
    public static int statusOf(GreenCoverException e) {
        for (Class<?> c = e.getClass(); c != null && GreenCoverException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Integer s = STATUS.get(c);
            if (s != null) return s;
        }
        return 500;
    }

    /** Registers the table on {@code cfg}: one exception handler per root type, and the 404/405 bodies. */
    public static void register(JavalinConfig cfg) {
        cfg.routes.exception(GreenCoverException.class, RestErrors::write);
        // a store failure the service did not translate: a key taken meanwhile is a conflict, anything else an outage
        cfg.routes.exception(DuplicateKeyException.class, (e, ctx) -> write(new ConflictException("conflict", null,
                "the resource was stored meanwhile by another writer", e), ctx));
        cfg.routes.exception(StoreException.class, (e, ctx) -> unavailable(ctx, new UnavailableException(
                "the catalog could not be read or written; try again", e)));
        // Javalin's own refusals (e.g. a JSON body over the request limit) get the same body as ours
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status >= 500) LOG.error("failure on {} {}", ctx.method(), ctx.path(), e);
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 408 -> "request_timeout";
                case 413 -> "payload_too_large";
                default -> status >= 500 ? "internal_error" : "invalid_request";
            };
            if (status == 408) ctx.header("Connection", "close"); // the rest of a late body is not awaited
            ApiError.send(ctx, status, code, e.getMessage(), status == 413 || status == 408 ? "body" : null);
        });
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            ApiError.send(ctx, 500, "internal_error", "an unexpected error occurred; it has been logged", null);
        });
        cfg.http.prefer405over404 = true;
        cfg.routes.error(404, ctx -> {
            // our handlers' own 404s already carry a JSON or OGC body; Javalin's default text does not
            String body = ctx.result();
            if (body == null || body.isEmpty() || !(body.startsWith("{") || body.startsWith("<"))) {
                ApiError.send(ctx, 404, "not_found", "no such resource: " + ctx.method() + " " + ctx.path(), null);
            }
        });
        cfg.routes.error(405, ctx -> ApiError.send(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
    }

    /** Writes {@code e} with the status of its kind (the handler registered for every {@link GreenCoverException}). */
    public static void write(GreenCoverException e, Context ctx) {
        if (e instanceof UnavailableException u) {
            unavailable(ctx, u);
            return;
        }
        int status = statusOf(e);
        if (status == 507) LOG.warn("refused {} {}: {}", ctx.method(), ctx.path(), e.getMessage(), e.getCause());
        else if (status >= 500) LOG.error("failure on {} {}", ctx.method(), ctx.path(), e);
        if (e instanceof UnauthorizedException) ctx.header("WWW-Authenticate", "Bearer realm=\"greencover\"");
        ApiError.send(ctx, status, e);
    }

    private static void unavailable(Context ctx, UnavailableException e) {
        if (e instanceof OverloadedException o) {
            // back-pressure, not a failure: one line, no stack trace
            LOG.warn("refused {} {}: {}", ctx.method(), ctx.path(), o.getMessage());
            ctx.header("Retry-After", Integer.toString(o.retryAfterSeconds()));
            ApiError.send(ctx, statusOf(o), o);
            return;
        }
        LOG.error("store unavailable on {} {}", ctx.method(), ctx.path(), e);
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_S));
        ApiError.send(ctx, 503, e);
    }
}
