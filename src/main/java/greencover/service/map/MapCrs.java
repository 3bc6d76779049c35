package greencover.service.map;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;

/**
 * Decodes the CRS names of map requests ({@code CRS:84}, {@code EPSG:n}, {@code urn:ogc:def:crs:EPSG::n},
 * {@code http://www.opengis.net/def/crs/EPSG/0/n}, the OGC CRS84 URN/URI) into GeoTools CRSs with east/north
 * (longitude-first) axis order, as {@link MapRequest} expects, and tells which of them WMS 1.3.0 writes
 * north-first.
 */
public final class MapCrs {
    private static final Pattern EPSG = Pattern.compile(
            "(?:EPSG:|URN:OGC:DEF:CRS:EPSG:[^:]*:|HTTPS?://WWW\\.OPENGIS\\.NET/DEF/CRS/EPSG/[^/]*/)(\\d+)");

    private MapCrs() {}

    /** The CRS of {@code name}, longitude first; MapException InvalidCRS when unknown. */
    public static CoordinateReferenceSystem decode(String name) {
        if (name == null || name.isBlank()) {
            throw new MapException(MapException.MISSING_PARAMETER_VALUE, "crs", "a CRS is required");
        }
        if (isCrs84(name)) return DefaultGeographicCRS.WGS84;
        int code = epsgCode(name);
        try {
            return CRS.decode("EPSG:" + code, true);
        } catch (FactoryException | RuntimeException e) {
            throw new MapException(MapException.INVALID_CRS, "crs", "unknown CRS " + name);
        }
    }

    /** True when WMS 1.3.0 gives the bbox of {@code name} north first (EPSG:4326 and other lat/lon CRSs). */
    public static boolean northFirstInWms130(String name) {
        if (isCrs84(name)) return false;
        int code = epsgCode(name);
        try {
            return CRS.getAxisOrder(CRS.decode("EPSG:" + code, false)) == CRS.AxisOrder.NORTH_EAST;
        } catch (FactoryException | RuntimeException e) {
            throw new MapException(MapException.INVALID_CRS, "crs", "unknown CRS " + name);
        }
    }

    private static boolean isCrs84(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.equals("CRS:84") || n.equals("OGC:CRS84") || n.equals("URN:OGC:DEF:CRS:OGC:1.3:CRS84")
                || n.equals("URN:OGC:DEF:CRS:OGC::CRS84") || n.matches("HTTPS?://WWW\\.OPENGIS\\.NET/DEF/CRS/OGC/1\\.3/CRS84");
    }

    private static int epsgCode(String name) {
        Matcher m = EPSG.matcher(name.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) throw new MapException(MapException.INVALID_CRS, "crs", "unknown CRS " + name);
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new MapException(MapException.INVALID_CRS, "crs", "unknown CRS " + name);
        }
    }
}
