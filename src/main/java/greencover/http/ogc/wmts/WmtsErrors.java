package greencover.http.ogc.wmts;

import greencover.http.ogc.Unavailability;
import greencover.http.ogc.XmlWriter;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WMTS error table and writer: each {@link Reason} has one OWS 1.1 exception code and HTTP status
 * (WMTS has no LayerNotDefined, StyleNotDefined or InvalidCRS: those are InvalidParameterValue). Client errors
 * are 400, except OperationNotSupported 501; any other exception is logged with its stack trace and answered
 * NoApplicableCode with status 500, except an outage that may pass ({@link Unavailability}): NoApplicableCode with
 * 503 and {@code Retry-After}. The answer is an OWS {@code ExceptionReport}.
 */
public final class WmtsErrors {
    private static final Logger LOG = LoggerFactory.getLogger(WmtsErrors.class);

    /** The content type of the report. */
    public static final String CONTENT_TYPE = "application/xml";

    /** An OWS exception code and its HTTP status. */
    record Entry(String code, int status) {}

    private WmtsErrors() {}

    /** The table: the WMTS code and HTTP status of each reason. */
    static Entry of(Reason reason) {
        return switch (reason) {
            case LAYER_NOT_DEFINED, LAYER_NOT_QUERYABLE, STYLE_NOT_DEFINED, INVALID_CRS, INVALID_FORMAT, INVALID_TIME,
                    INVALID_PARAMETER -> new Entry("InvalidParameterValue", 400);
            case MISSING_PARAMETER -> new Entry("MissingParameterValue", 400);
            case TILE_OUT_OF_RANGE -> new Entry("TileOutOfRange", 400);
            case POINT_OUT_OF_RANGE -> new Entry("PointIJOutOfRange", 400);
            case OPERATION_NOT_SUPPORTED -> new Entry("OperationNotSupported", 501);
        };
    }

    /** Answers the failure {@code e} of a WMTS request. */
    static void write(Context ctx, RuntimeException e) {
        Unavailability down = Unavailability.of(e);
        if (down != null) {
            down.log(LOG, "WMTS " + ctx.path() + "?" + ctx.queryString(), e);
            down.apply(ctx);
            ctx.contentType(CONTENT_TYPE).result(xml("NoApplicableCode", null, down.message()));
            return;
        }
        String code, message, locator;
        int status;
        if (e instanceof MapRequestException m) {
            Entry entry = of(m.reason());
            code = entry.code();
            status = entry.status();
            message = m.getMessage();
            locator = m.parameter();
            LOG.debug("WMTS rejected: {} {}", code, message);
        } else {
            LOG.error("WMTS request failed: {}?{}", ctx.path(), ctx.queryString(), e);
            code = "NoApplicableCode";
            status = 500;
            message = "Internal error while serving the request";
            locator = null;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(CONTENT_TYPE).result(xml(code, locator, message));
    }

    /** The report document. */
    public static byte[] xml(String code, String locator, String message) {
        XmlWriter x = new XmlWriter();
        x.start("ows:ExceptionReport", "xmlns:ows", "http://www.opengis.net/ows/1.1", "version", "1.0.0",
                "xml:lang", "en");
        x.start("ows:Exception", "exceptionCode", code, "locator", locator);
        x.text("ows:ExceptionText", message == null ? code : message);
        x.end();
        x.end();
        return x.toBytes();
    }
}
