package greencover.http.ogc;

import greencover.service.map.MapException;

/**
 * Writes OWS 1.1 {@code ExceptionReport}s for WMTS and maps renderer codes to WMTS codes and HTTP statuses:
 * MissingParameterValue, InvalidParameterValue, TileOutOfRange and PointIJOutOfRange are 400,
 * OperationNotSupported 501, NoApplicableCode 500.
 */
public final class WmtsExceptionReport {
    /** The content type of the report. */
    public static final String CONTENT_TYPE = "application/xml";

    private WmtsExceptionReport() {}

    /** The WMTS code for a renderer or parser code (WMTS has no LayerNotDefined, InvalidCRS...). */
    public static String wmtsCode(String code) {
        return switch (code) {
            case "MissingParameterValue", "InvalidParameterValue", "TileOutOfRange", "PointIJOutOfRange",
                    "OperationNotSupported", "NoApplicableCode", "VersionNegotiationFailed" -> code;
            case "InvalidPoint" -> "PointIJOutOfRange";
            case "MissingDimensionValue" -> "MissingParameterValue";
            default -> "InvalidParameterValue";   // LayerNotDefined, StyleNotDefined, InvalidFormat, InvalidCRS...
        };
    }

    /** The HTTP status of a WMTS code. */
    public static int statusOf(String wmtsCode) {
        return switch (wmtsCode) {
            case "OperationNotSupported" -> 501;
            case "NoApplicableCode" -> 500;
            default -> 400;
        };
    }

    /** The report of {@code e}, whose code is translated by {@link #wmtsCode}. */
    public static byte[] xml(MapException e) {
        XmlWriter x = new XmlWriter();
        x.start("ows:ExceptionReport", "xmlns:ows", "http://www.opengis.net/ows/1.1", "version", "1.0.0",
                "xml:lang", "en");
        x.start("ows:Exception", "exceptionCode", wmtsCode(e.code()), "locator", e.locator());
        x.text("ows:ExceptionText", e.getMessage() == null ? e.code() : e.getMessage());
        x.end();
        x.end();
        return x.toBytes();
    }
}
