package greencover.service;

import greencover.service.error.InvalidInputException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The rules every area measured by GreenCover (a site, an ad-hoc statistics polygon) obeys, checked on its WGS84
 * outline: polygonal, topologically valid, of non-zero area, with finite coordinates inside longitude [-180, 180]
 * and latitude [-90, 90], and at most {@link #MAX_EXTENT_DEGREES} wide and high (areas are measured in one UTM
 * zone; polygons crossing the antimeridian are refused).
 */
public final class PolygonRules {
    /** Largest extent of an area in degrees of longitude or latitude. */
    public static final double MAX_EXTENT_DEGREES = 6;

    private PolygonRules() {}

    /**
     * Checks {@code wgs84} against the rules.
     *
     * @param field the input field reported when a rule is broken
     * @throws InvalidInputException {@code missing_field}, {@code invalid_geometry_type}, {@code invalid_geometry},
     *         {@code coordinates_out_of_range} or {@code geometry_too_large}, naming {@code field}
     */
    public static void check(Geometry wgs84, String field) {
        if (wgs84 == null) throw new InvalidInputException("missing_field", field, field + " is required (a Polygon or MultiPolygon)");
        if (!(wgs84 instanceof Polygon || wgs84 instanceof MultiPolygon)) {
            throw new InvalidInputException("invalid_geometry_type", field, field + " must be a Polygon or MultiPolygon but was "
                    + wgs84.getGeometryType());
        }
        Envelope e = wgs84.getEnvelopeInternal();
        boolean finite = Double.isFinite(e.getMinX()) && Double.isFinite(e.getMaxX()) && Double.isFinite(e.getMinY())
                && Double.isFinite(e.getMaxY());
        if (!finite || e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
            throw new InvalidInputException("coordinates_out_of_range", field, field + " lies outside the world");
        }
        TopologyValidationError err = new IsValidOp(wgs84).getValidationError();
        if (err != null) {
            Coordinate c = err.getCoordinate();
            throw new InvalidInputException("invalid_geometry", field, field + " is not a valid polygon: " + err.getMessage()
                    + (c == null ? "" : " near (" + c.x + ", " + c.y + ")"));
        }
        if (!(wgs84.getArea() > 0)) throw new InvalidInputException("invalid_geometry", field, field + " has zero area");
        if (e.getWidth() > MAX_EXTENT_DEGREES || e.getHeight() > MAX_EXTENT_DEGREES) {
            throw new InvalidInputException("geometry_too_large", field, field + " spans " + Math.round(e.getWidth() * 100) / 100.0
                    + " x " + Math.round(e.getHeight() * 100) / 100.0 + " degrees; at most " + MAX_EXTENT_DEGREES
                    + " degrees (one UTM zone) are accepted, and polygons crossing the antimeridian are not");
        }
    }
}
