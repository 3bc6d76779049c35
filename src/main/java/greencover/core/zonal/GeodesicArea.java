package greencover.core.zonal;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * The ground area of a longitude/latitude polygon on the WGS84 ellipsoid, in m²: the area of the region
 * bounded by geodesics between consecutive vertices, computed by GeographicLib's {@code PolygonArea}
 * (Karney 2013, "Algorithms for geodesics", J. Geodesy 87:43–55), which is exact to round-off for any polygon
 * that does not encircle a pole.
 *
 * <p>Every area GreenCover publishes (site area, valid, green and class areas) is this area or a
 * fraction of it, so a site has the same area in every scene whatever the scene's CRS: Web Mercator, a UTM
 * zone or an equal-area projection. Rings count by their absolute area, whatever their orientation: the
 * area of a polygon is its shell minus its holes; a multi-polygon's is the sum of its parts (they must not
 * overlap, as in any valid geometry). Coordinates are x = longitude, y = latitude in degrees.
 */
public final class GeodesicArea {
    private GeodesicArea() {}

    /**
     * The ellipsoidal area in m² of {@code wgs84} (x = longitude, y = latitude, degrees); 0 for an empty or
     * non-polygonal geometry. Stateless and thread-safe.
     */
    public static double of(Geometry wgs84) {
        double sum = 0;
        for (int i = 0; i < wgs84.getNumGeometries(); i++) {
            if (wgs84.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
                double a = ring(p.getExteriorRing());
                for (int h = 0; h < p.getNumInteriorRing(); h++) a -= ring(p.getInteriorRingN(h));
                sum += Math.max(0, a);
            }
        }
        return sum;
    }

    /** The absolute geodesic area in m² enclosed by {@code ring} (closed; the repeated last vertex is skipped). */
    static double ring(LineString ring) {
        Coordinate[] cs = ring.getCoordinates();
        int n = cs.length;
        if (n > 1 && cs[0].equals2D(cs[n - 1])) n--;
        if (n < 3) return 0;
        PolygonArea area = new PolygonArea(Geodesic.WGS84, false);
        for (int i = 0; i < n; i++) area.AddPoint(cs[i].y, cs[i].x);
        return Math.abs(area.Compute(false, true).area);
    }
}
