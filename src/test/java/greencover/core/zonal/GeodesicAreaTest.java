package greencover.core.zonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Geodesic areas against the closed-form area of graticule quadrangles on the WGS84 ellipsoid,
 * A = (b²/2) Δλ [q(φ2) − q(φ1)], q(φ) = sin φ / (1 − e² sin² φ) + ln((1 + e sin φ)/(1 − e sin φ)) / (2e). The
 * rings are densified (100 vertices per edge) so their geodesic edges follow the parallels to well under 1e-6.
 */
class GeodesicAreaTest {
    private static final GeometryFactory F = new GeometryFactory();
    private static final double A = 6378137.0, FL = 1 / 298.257223563, E2 = FL * (2 - FL), B = A * (1 - FL);

    private static double quadrangle(double lon1, double lon2, double lat1, double lat2) {
        return B * B / 2 * Math.toRadians(lon2 - lon1) * (q(Math.toRadians(lat2)) - q(Math.toRadians(lat1)));
    }

    private static double q(double phi) {
        double e = Math.sqrt(E2), s = Math.sin(phi);
        return s / (1 - E2 * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e);
    }

    /** The quadrangle's ring, counter-clockwise unless {@code clockwise}. */
    private static LinearRing ring(double lon1, double lon2, double lat1, double lat2, boolean clockwise) {
        int n = 100;
        double[][] c = {{lon1, lat1}, {lon2, lat1}, {lon2, lat2}, {lon1, lat2}};
        Coordinate[] cs = new Coordinate[4 * n + 1];
        for (int side = 0; side < 4; side++) {
            double[] p = c[side], r = c[(side + 1) % 4];
            for (int i = 0; i < n; i++) {
                double t = i / (double) n;
                cs[side * n + i] = new Coordinate(p[0] + t * (r[0] - p[0]), p[1] + t * (r[1] - p[1]));
            }
        }
        cs[4 * n] = cs[0].copy();
        if (clockwise) {
            for (int i = 0, j = cs.length - 1; i < j; i++, j--) { Coordinate x = cs[i]; cs[i] = cs[j]; cs[j] = x; }
        }
        return F.createLinearRing(cs);
    }

    @Test
    void aQuadrangleHasItsEllipsoidalAreaWhateverItsOrientation() {
        double want = quadrangle(22.10, 22.14, 44.07, 44.10); // Bor, about 3.2 km x 3.3 km
        assertThat(GeodesicArea.of(F.createPolygon(ring(22.10, 22.14, 44.07, 44.10, false)))).isCloseTo(want, within(1e-6 * want));
        assertThat(GeodesicArea.of(F.createPolygon(ring(22.10, 22.14, 44.07, 44.10, true)))).isCloseTo(want, within(1e-6 * want));
    }

    @Test
    void holesAreSubtractedAndPartsAdded() {
        double outer = quadrangle(116.38, 116.44, 25.16, 25.21), hole = quadrangle(116.40, 116.42, 25.18, 25.19);
        Polygon withHole = F.createPolygon(ring(116.38, 116.44, 25.16, 25.21, false),
                new LinearRing[] {ring(116.40, 116.42, 25.18, 25.19, false)}); // same orientation as the shell: still a hole
        assertThat(GeodesicArea.of(withHole)).isCloseTo(outer - hole, within(1e-6 * outer));
        Polygon other = F.createPolygon(ring(116.50, 116.51, 25.16, 25.17, true));
        double both = outer - hole + quadrangle(116.50, 116.51, 25.16, 25.17);
        assertThat(GeodesicArea.of(F.createMultiPolygon(new Polygon[] {withHole, other}))).isCloseTo(both, within(1e-6 * both));
    }

    @Test
    void emptyAndNonPolygonalGeometriesHaveNoArea() {
        assertThat(GeodesicArea.of(F.createPolygon())).isZero();
        assertThat(GeodesicArea.of(F.createPoint(new Coordinate(1, 2)))).isZero();
    }
}
