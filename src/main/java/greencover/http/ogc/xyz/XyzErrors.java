package greencover.http.ogc.xyz;

import greencover.http.ogc.Unavailability;
import greencover.http.rest.ApiError;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XYZ error table and writer: each {@link Reason} has one error code (the OGC name, so that a viewer sees
 * the same words as from WMS) and HTTP status. A tile outside the grid and an unknown layer are 404 (the
 * resource does not exist), other bad parameters 400; any other exception is logged with its stack trace and
 * answered 500, except an outage that may pass ({@link Unavailability}): 503 with {@code Retry-After}. The body is the REST JSON error {@code {"error", "detail", "field", "status"}}.
 */
public final class XyzErrors {
    private static final Logger LOG = LoggerFactory.getLogger(XyzErrors.class);

    /** An error code and its HTTP status. */
    record Entry(String code, int status) {}

    private XyzErrors() {}

    /** The table: the code and HTTP status of each reason. */
    static Entry of(Reason reason) {
        return switch (reason) {
            case LAYER_NOT_DEFINED -> new Entry("LayerNotDefined", 404);
            case TILE_OUT_OF_RANGE -> new Entry("TileOutOfRange", 404);
            case LAYER_NOT_QUERYABLE -> new Entry("LayerNotQueryable", 400);
            case STYLE_NOT_DEFINED -> new Entry("StyleNotDefined", 400);
            case INVALID_CRS -> new Entry("InvalidCRS", 400);
            case INVALID_FORMAT -> new Entry("InvalidFormat", 400);
            case INVALID_TIME -> new Entry("InvalidDimensionValue", 400);
            case MISSING_PARAMETER -> new Entry("MissingParameterValue", 400);
            case INVALID_PARAMETER -> new Entry("InvalidParameterValue", 400);
            case POINT_OUT_OF_RANGE -> new Entry("InvalidPoint", 400);
            case OPERATION_NOT_SUPPORTED -> new Entry("OperationNotSupported", 400);
        };
    }

    /** Answers the failure {@code e} of an XYZ request. */
    static void write(Context ctx, RuntimeException e) {
        ctx.header("Cache-Control", "no-store");
        Unavailability down = Unavailability.of(e);
        if (e instanceof MapRequestException m) {
            Entry entry = of(m.reason());
            LOG.debug("XYZ rejected {}: {} {}", ctx.path(), entry.code(), m.getMessage());
            ApiError.send(ctx, entry.status(), entry.code(), m.getMessage(), m.parameter());
        } else if (down != null) {
            down.log(LOG, "XYZ " + ctx.path(), e);
            down.apply(ctx);
            ApiError.send(ctx, Unavailability.STATUS, down.code(), down.message(), null);
        } else {
            LOG.error("XYZ request {} failed", ctx.path(), e);
            ApiError.send(ctx, 500, "NoApplicableCode", "Internal error while serving " + ctx.path(), null);
        }
    }
}
