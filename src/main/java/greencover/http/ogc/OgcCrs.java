package greencover.http.ogc;

import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import java.util.Locale;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;

/**
 * A CRS named in an OGC request: its normalised {@code code} ("EPSG:4326", "CRS:84"), the CRS decoded
 * longitude-first (x = east) as the renderer expects it, and whether its authority axis order is north-first,
 * which is when WMS 1.3.0 and WMTS coordinates come as (north, east).
 */
public record OgcCrs(String code, CoordinateReferenceSystem eastNorth, boolean northFirst) {

    /**
     * Decodes {@code code} ("EPSG:n", "CRS:84", also "urn:ogc:def:crs:EPSG::n").
     *
     * @param locator parameter name used in the exception ("CRS" or "SRS")
     * @throws MapRequestException {@link Reason#INVALID_CRS} when GeoTools does not know the code
     */
    public static OgcCrs decode(String code, String locator) {
        String c = normalise(code);
        try {
            if (c.equals("CRS:84")) {
                return new OgcCrs(c, CRS.decode("EPSG:4326", true), false);
            }
            if (!c.startsWith("EPSG:")) {
                throw new MapRequestException(Reason.INVALID_CRS, locator, "Invalid '" + locator + "' parameter: " + code
                        + ". Use EPSG:<code> or CRS:84");
            }
            CoordinateReferenceSystem authority = CRS.decode(c, false);
            boolean northFirst = CRS.getAxisOrder(authority) == CRS.AxisOrder.NORTH_EAST;
            return new OgcCrs(c, CRS.decode(c, true), northFirst);
        } catch (FactoryException | RuntimeException e) {
            if (e instanceof MapRequestException me) throw me;
            throw new MapRequestException(Reason.INVALID_CRS, locator, "Invalid '" + locator + "' parameter: " + code
                    + " is not a known CRS");
        }
    }

    private static String normalise(String code) {
        String c = code.trim().toUpperCase(Locale.ROOT);
        if (c.startsWith("URN:OGC:DEF:CRS:EPSG:")) {
            c = "EPSG:" + c.substring(c.lastIndexOf(':') + 1);
        } else if (c.equals("URN:OGC:DEF:CRS:OGC:1.3:CRS84") || c.equals("OGC:CRS84")) {
            c = "CRS:84";
        }
        return c;
    }
}
