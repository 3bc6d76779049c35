package greencover.http;

import greencover.http.ogc.OgcParams;
import greencover.http.ogc.wms.WmsErrors;
import greencover.http.ogc.wms.WmsVersion;
import greencover.http.ogc.wmts.WmtsErrors;
import greencover.http.rest.ApiError;
import greencover.service.map.MapRequestException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Java {@link Error} thrown while handling a request ({@link OutOfMemoryError}, {@link InternalError},
 * {@link NoClassDefFoundError}, ...) into the error body of the surface the request was for, logged with its
 * stack trace. Javalin's exception mappers only see {@link Exception}s: an {@code Error} goes to its
 * {@code javaLangErrorHandler}, which has no {@link Context} and writes an empty 500. So every handler is
 * wrapped ({@code cfg.router.handlerWrapper}) to rethrow an {@code Error} as a {@link HandlerError}, whose
 * exception handler writes:
 * <ul>
 *   <li>{@code /wms}, and {@code /ows} other than SERVICE=WMTS: a WMS {@code ServiceExceptionReport}
 *       (version from VERSION, 1.3.0 by default), code {@code NoApplicableCode};</li>
 *   <li>{@code /wmts}, {@code /wmts/...} and {@code /ows?SERVICE=WMTS}: an OWS {@code ExceptionReport},
 *       code {@code NoApplicableCode};</li>
 *   <li>anything else (REST, XYZ tiles, viewer): the JSON body of {@link ApiError}, code {@code internal_error},
 *       or {@code server_overloaded} for an {@link OutOfMemoryError}.</li>
 * </ul>
 * The status is 500, or 503 with {@code Retry-After} for an {@link OutOfMemoryError} (the request may succeed
 * once memory is free). The response carries {@code Cache-Control: no-store}.
 */
final class JavaErrors {
    private static final Logger LOG = LoggerFactory.getLogger(JavaErrors.class);
    /** Seconds a client should wait before retrying after an out-of-memory 503. */
    static final int RETRY_AFTER_S = 5;

    /** An {@link Error} from a request handler, carried as its cause to the exception handler. */
    static final class HandlerError extends RuntimeException {
        HandlerError(Error cause) { super(cause.toString(), cause); }
    }

    private JavaErrors() {}

    /**
     * Wraps every handler of {@code cfg} and registers the handler that writes the body. An {@link InternalError} (the
     * JVM's report of a fault in a memory-mapped file, e.g. an index raster truncated under its map, possibly
     * delivered after the read that met it) first runs {@code onFault}, which checks the scene files and answers
     * whether it found (and marked) a damaged scene; if it did, a GET is handled once more, now without that scene.
     */
    static void register(JavalinConfig cfg, java.util.function.BooleanSupplier onFault) {
        cfg.router.handlerWrapper(endpoint -> ctx -> {
            try {
                endpoint.handler.handle(ctx);
            } catch (InternalError e) {
                if (!"GET".equals(ctx.method().name()) || !faultFound(onFault, e)) throw new HandlerError(e);
                LOG.warn("{} {} met a damaged scene file ({}); answered again without it", ctx.method(), ctx.path(), e.getMessage());
                try {
                    endpoint.handler.handle(ctx);
                } catch (Error again) {
                    throw new HandlerError(again);
                }
            } catch (Error e) {
                throw new HandlerError(e);
            }
        });
        cfg.routes.exception(HandlerError.class, (e, ctx) -> write((Error) e.getCause(), ctx));
    }

    private static boolean faultFound(java.util.function.BooleanSupplier onFault, InternalError e) {
        try {
            return onFault.getAsBoolean();
        } catch (RuntimeException | Error checkFailed) {
            e.addSuppressed(checkFailed);
            return false;
        }
    }

    static void write(Error e, Context ctx) {
        LOG.error("{} on {} {}", e.getClass().getSimpleName(), ctx.method(), ctx.path(), e);
        boolean oom = e instanceof OutOfMemoryError;
        int status = oom ? 503 : 500;
        String message = oom ? "the server is out of memory for this request; try again later"
                : "an unexpected error occurred; it has been logged";
        ctx.header("Cache-Control", "no-store");
        if (oom) ctx.header("Retry-After", Integer.toString(RETRY_AFTER_S));
        String path = ctx.path();
        boolean ows = path.equals("/ows");
        OgcParams p = OgcParams.of(ctx.queryParamMap());
        boolean wmts = path.equals("/wmts") || path.startsWith("/wmts/") || (ows && "WMTS".equalsIgnoreCase(p.getNonBlank("SERVICE")));
        boolean wms = !wmts && (ows || path.equals("/wms") || path.startsWith("/wms/"));
        if (wmts) {
            ctx.status(status).contentType(WmtsErrors.CONTENT_TYPE).result(WmtsErrors.xml("NoApplicableCode", null, message));
        } else if (wms) {
            WmsVersion version;
            try {
                version = p.getNonBlank("VERSION") == null ? WmsVersion.V1_3_0 : WmsVersion.of(p.get("VERSION"));
            } catch (MapRequestException bad) {
                version = WmsVersion.V1_3_0;
            }
            ctx.status(status).contentType(version.exceptionContentType()).result(WmsErrors.xml(version, "NoApplicableCode", null, message));
        } else {
            ApiError.send(ctx, status, oom ? "server_overloaded" : "internal_error", message, null);
        }
    }
}
