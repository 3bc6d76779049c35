package greencover.service;

import greencover.core.raster.RasterGrid;
import greencover.core.zonal.GeodesicArea;
import greencover.domain.Scene;
import greencover.service.error.InvalidInputException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Coordinate transforms of geometries between WGS84 and EPSG-coded CRSs, the local UTM zone of a point, and
 * ground areas. Axis order is east/north everywhere, as in {@link greencover.core.tiles.CrsTransforms}: x is the
 * longitude or easting, y the latitude or northing, whatever order the EPSG definition declares (CRSs are decoded
 * longitude-first). Datum shifts are lenient.
 *
 * <p>Stateless: it keeps no cache of its own. GeoTools' EPSG authority and coordinate-operation factory already
 * cache decoded CRSs and their operations (a repeated lookup of the same pair costs about 2 µs after warm-up),
 * and these transforms run per site and scene, not per pixel; the renderer's per-tile transforms go through the
 * renderer's {@code CrsTransforms}.
 */
public final class Geo {
    /** An immutable JTS factory (floating precision, SRID 0) for the geometries built in the services. */
    public static final GeometryFactory FACTORY = new GeometryFactory();
    private static final CoordinateReferenceSystem WGS84 = DefaultGeographicCRS.WGS84;

    private Geo() {}

    /** EPSG:{@code epsg}, longitude (easting) first; {@link InvalidInputException} {@code invalid_crs} if unknown. */
    public static CoordinateReferenceSystem crs(int epsg) {
        try {
            return CRS.decode("EPSG:" + epsg, true);
        } catch (Exception e) {
            throw new InvalidInputException("invalid_crs", "crs", "EPSG:" + epsg + " is not a known CRS");
        }
    }

    private static MathTransform transform(int fromEpsg, int toEpsg) {
        try {
            return CRS.findMathTransform(crs(fromEpsg), crs(toEpsg), true);
        } catch (Exception e) {
            throw new InvalidInputException("invalid_crs", "crs", "no transform from EPSG:" + fromEpsg + " to EPSG:" + toEpsg);
        }
    }

    /** {@code g} (in EPSG:{@code fromEpsg}, x = easting/longitude) transformed to EPSG:{@code toEpsg}. */
    public static Geometry transform(Geometry g, int fromEpsg, int toEpsg) {
        if (fromEpsg == toEpsg) return g;
        try {
            return JTS.transform(g, transform(fromEpsg, toEpsg));
        } catch (Exception e) {
            throw new InvalidInputException("invalid_geometry", "geometry",
                    "geometry cannot be transformed to EPSG:" + toEpsg + ": " + e.getMessage());
        }
    }

    /** {@code g} in EPSG:{@code epsg} (east/north) transformed to WGS84 longitude/latitude. */
    public static Geometry toWgs84(Geometry g, int epsg) { return transform(g, epsg, 4326); }

    /**
     * The CRS of {@code scene}'s grid, east/north: EPSG:{@code epsg} when the scene has a code, else its stored
     * user-defined definition ({@link Scene#crsWkt}).
     *
     * @throws InvalidInputException {@code invalid_crs} when neither can be built
     */
    public static CoordinateReferenceSystem crsOf(Scene scene) {
        if (scene.epsg() > 0) return crs(scene.epsg());
        try {
            return CRS.parseWKT(scene.crsWkt());
        } catch (Exception | LinkageError e) {
            throw new InvalidInputException("invalid_crs", "crs", "the CRS of scene " + scene.id() + " cannot be built: " + e.getMessage());
        }
    }

    /** How a CRS is named in messages: {@code EPSG:32650}, or the user-defined CRS's name. */
    public static String label(CoordinateReferenceSystem crs, int epsg) {
        return epsg > 0 ? "EPSG:" + epsg : "the user-defined CRS '" + crs.getName().getCode() + "'";
    }

    /** {@code g} (longitude/latitude) transformed to {@code to} (east/north). */
    public static Geometry fromWgs84(Geometry g, CoordinateReferenceSystem to) { return transform(g, WGS84, to); }

    /** {@code g} (east/north in {@code from}) transformed to longitude/latitude. */
    public static Geometry toWgs84(Geometry g, CoordinateReferenceSystem from) { return transform(g, from, WGS84); }

    private static Geometry transform(Geometry g, CoordinateReferenceSystem from, CoordinateReferenceSystem to) {
        if (from == to) return g;
        MathTransform mt;
        try {
            mt = CRS.findMathTransform(from, to, true);
        } catch (Exception | LinkageError e) {
            throw new InvalidInputException("invalid_crs", "crs", "no transform from " + from.getName().getCode() + " to "
                    + to.getName().getCode() + ": " + e.getMessage());
        }
        try {
            return JTS.transform(g, mt);
        } catch (Exception e) {
            throw new InvalidInputException("invalid_geometry", "geometry",
                    "geometry cannot be transformed to " + to.getName().getCode() + ": " + e.getMessage());
        }
    }

    /** The WGS 84 / UTM zone EPSG code containing (lon, lat). */
    public static int utmZone(double lon, double lat) {
        int zone = (int) Math.floor((lon + 180) / 6) + 1;
        zone = Math.max(1, Math.min(60, zone));
        return (lat >= 0 ? 32600 : 32700) + zone;
    }

    /**
     * Ground area in m² of a WGS84 polygon (x = longitude): its geodesic area on the WGS84 ellipsoid
     * ({@link GeodesicArea}), independent of any projection.
     */
    public static double areaM2(Geometry wgs84) { return GeodesicArea.of(wgs84); }

    /** The rectangle covered by {@code grid}, as a polygon in the grid's CRS. */
    public static Geometry rectangle(RasterGrid grid) {
        return FACTORY.toGeometry(new Envelope(grid.minX(), grid.maxX(), grid.minY(), grid.maxY()));
    }

    /** The footprint of {@code grid} in WGS84, densified so its curved edges are followed. */
    public static Geometry footprintWgs84(RasterGrid grid, CoordinateReferenceSystem crs) {
        Geometry rect = org.locationtech.jts.densify.Densifier.densify(rectangle(grid),
                Math.max(grid.width() * grid.pixelWidth(), grid.height() * grid.pixelHeight()) / 16);
        return toWgs84(rect, crs);
    }
}
