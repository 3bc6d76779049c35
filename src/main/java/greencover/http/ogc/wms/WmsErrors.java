package greencover.http.ogc.wms;

import greencover.core.render.JpegEncoder;
import greencover.core.render.PngEncoder;
import greencover.http.ogc.MapParams;
import greencover.http.ogc.OgcParams;
import greencover.http.ogc.Unavailability;
import greencover.http.ogc.XmlWriter;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import io.javalin.http.Context;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WMS error table and writer. Every {@link Reason} has one WMS exception code; every client error is HTTP 400
 * (GeoServer answers 200; we prefer a status that caches and monitors can see). Any other exception is a server
 * error: logged with its stack trace and answered {@code NoApplicableCode} with status 500, except an outage that
 * may pass ({@link Unavailability}: the catalog or disk could not be read), which is 503 with {@code Retry-After}
 * and always an XML report. The answer is a
 * {@code ServiceExceptionReport} (1.3.0 in the http://www.opengis.net/ogc namespace, 1.1.1 as
 * application/vnd.ogc.se_xml), or for GetMap with EXCEPTIONS=INIMAGE/BLANK an image of the requested size holding
 * the message or nothing (status 200). An outage or overload ({@link Unavailability}, e.g. the memory budget is
 * full) is {@code NoApplicableCode} with status 503 and {@code Retry-After}, always as a report: an image of the
 * map's size would cost the memory the request was refused for.
 */
public final class WmsErrors {
    private static final Logger LOG = LoggerFactory.getLogger(WmsErrors.class);

    /** The code of a server error. */
    static final String INTERNAL = "NoApplicableCode";

    /** A WMS exception code and its HTTP status. */
    record Entry(String code, int status) {}

    private WmsErrors() {}

    /** The table: the WMS code and HTTP status of each reason. */
    static Entry of(Reason reason) {
        return switch (reason) {
            case LAYER_NOT_DEFINED -> new Entry("LayerNotDefined", 400);
            case LAYER_NOT_QUERYABLE -> new Entry("LayerNotQueryable", 400);
            case STYLE_NOT_DEFINED -> new Entry("StyleNotDefined", 400);
            case INVALID_CRS -> new Entry("InvalidCRS", 400);
            case INVALID_FORMAT -> new Entry("InvalidFormat", 400);
            case INVALID_TIME -> new Entry("InvalidDimensionValue", 400);
            case MISSING_PARAMETER -> new Entry("MissingParameterValue", 400);
            case INVALID_PARAMETER, TILE_OUT_OF_RANGE -> new Entry("InvalidParameterValue", 400);
            case POINT_OUT_OF_RANGE -> new Entry("InvalidPoint", 400);
            case OPERATION_NOT_SUPPORTED -> new Entry("OperationNotSupported", 400);
        };
    }

    /** The WMS exception code of {@code reason}. */
    public static String codeOf(Reason reason) { return of(reason).code(); }

    /**
     * Answers the failure {@code e} of a WMS request.
     *
     * @param p the request's parameters (for VERSION and EXCEPTIONS)
     * @param request the REQUEST value (for the log), may be null
     */
    static void write(Context ctx, OgcParams p, String request, RuntimeException e) {
        Unavailability down = Unavailability.of(e);
        if (down != null) { // an outage that may pass: 503 and Retry-After, as XML whatever EXCEPTIONS asks
            down.log(LOG, "WMS " + request + " " + ctx.queryString(), e);
            down.apply(ctx);
            ctx.contentType(version(p).exceptionContentType()).result(xml(version(p), INTERNAL, null, down.message()));
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
            LOG.debug("WMS {} rejected: {} {}", request, code, message);
        } else {
            LOG.error("WMS {} failed: {}", request, ctx.queryString(), e);
            code = INTERNAL;
            status = 500;
            message = "Internal error while serving " + request;
            locator = null;
        }
        if ("GetMap".equalsIgnoreCase(request) && imageException(ctx, p, code, message)) return;
        WmsVersion version = version(p);
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(version.exceptionContentType()).result(xml(version, code, locator, message));
    }

    /** The request's VERSION, 1.3.0 when absent or unknown. */
    private static WmsVersion version(OgcParams p) {
        try {
            return WmsVersion.of(p.get("VERSION"));
        } catch (MapRequestException bad) {
            return WmsVersion.V1_3_0;
        }
    }

    /** The report document. */
    public static byte[] xml(WmsVersion version, String code, String locator, String message) {
        XmlWriter x = new XmlWriter();
        if (version == WmsVersion.V1_3_0) {
            x.start("ServiceExceptionReport", "version", "1.3.0", "xmlns", "http://www.opengis.net/ogc",
                    "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance", "xsi:schemaLocation",
                    "http://www.opengis.net/ogc http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd");
        } else {
            x.raw("<!DOCTYPE ServiceExceptionReport SYSTEM "
                    + "\"http://schemas.opengis.net/wms/1.1.1/exception_1_1_1.dtd\">");
            x.start("ServiceExceptionReport", "version", "1.1.1");
        }
        // the 1.1.1 DTD declares only "code"; 1.3.0 adds "locator"
        if (version == WmsVersion.V1_3_0) x.text("ServiceException", message == null ? code : message, "code", code, "locator", locator);
        else x.text("ServiceException", message == null ? code : message, "code", code);
        x.end();
        return x.toBytes();
    }

    /** Writes EXCEPTIONS=INIMAGE or BLANK as an image when the map size and format can be read. */
    private static boolean imageException(Context ctx, OgcParams p, String code, String message) {
        String mode = p.getNonBlank("EXCEPTIONS");
        if (mode == null) return false;
        mode = mode.toUpperCase(Locale.ROOT);
        boolean inImage = mode.equals("INIMAGE") || mode.equals("APPLICATION/VND.OGC.SE_INIMAGE");
        boolean blank = mode.equals("BLANK") || mode.equals("APPLICATION/VND.OGC.SE_BLANK");
        if (!inImage && !blank) return false;
        try {
            int w = p.requirePositiveInt("WIDTH", MapRequest.MAX_SIZE_PX);
            int h = p.requirePositiveInt("HEIGHT", MapRequest.MAX_SIZE_PX);
            ImageFormat format = MapParams.format(p.require("FORMAT"), "FORMAT");
            boolean transparent = MapParams.bool(p.getNonBlank("TRANSPARENT"), "TRANSPARENT");
            int bg = MapParams.bgColor(p.getNonBlank("BGCOLOR"), "BGCOLOR");
            ctx.header("Cache-Control", "no-store");
            ctx.status(200).contentType(format.mimeType())
                    .result(image(inImage ? code + ": " + message : null, w, h, format, transparent, bg));
            return true;
        } catch (MapRequestException unreadable) {
            return false;
        }
    }

    /** An image of the map's size: blank (background or clear) or with {@code message} written on it. */
    static byte[] image(String message, int width, int height, ImageFormat format, boolean transparent, int bg) {
        boolean jpeg = format == ImageFormat.JPEG;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            if (!transparent || jpeg) {
                g.setColor(new Color(bg));
                g.fillRect(0, 0, width, height);
            }
            if (message != null) {
                g.setColor(Color.RED);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString(message, 4, 16);
            }
        } finally {
            g.dispose();
        }
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        return jpeg ? JpegEncoder.encode(argb, width, height) : PngEncoder.encode(argb, width, height, 1);
    }
}
