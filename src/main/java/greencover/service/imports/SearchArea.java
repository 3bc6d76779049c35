package greencover.service.imports;

import greencover.domain.Site;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** The area a search covers: the sites' WGS84 outlines as one GeoJSON geometry, or their bounding box when long. */
public final class SearchArea {
    /** Outlines of more vertices than this are sent as their bounding box (catalogs bound request sizes). */
    static final int MAX_VERTICES = 2000;

    private SearchArea() {}

    /** The union of the sites' outlines as GeoJSON text, or null when it is better sent as {@link #bbox}. */
    public static String intersects(List<Site> sites) {
        Geometry u = union(sites);
        if (u.getNumPoints() > MAX_VERTICES) return null;
        StringBuilder b = new StringBuilder();
        if (u instanceof Polygon p) {
            b.append("{\"type\":\"Polygon\",\"coordinates\":");
            polygon(b, p);
        } else {
            b.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
            boolean first = true;
            for (int i = 0; i < u.getNumGeometries(); i++) {
                if (!(u.getGeometryN(i) instanceof Polygon p)) continue;
                if (!first) b.append(',');
                first = false;
                polygon(b, p);
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    public static double[] bbox(List<Site> sites) {
        Envelope e = union(sites).getEnvelopeInternal();
        return new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
    }

    private static Geometry union(List<Site> sites) {
        Geometry u = sites.get(0).wgs84();
        for (int i = 1; i < sites.size(); i++) u = u.union(sites.get(i).wgs84());
        return u;
    }

    private static void polygon(StringBuilder b, Polygon p) {
        b.append('[');
        ring(b, p.getExteriorRing().getCoordinates());
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            b.append(',');
            ring(b, p.getInteriorRingN(i).getCoordinates());
        }
        b.append(']');
    }

    private static void ring(StringBuilder b, Coordinate[] cs) {
        b.append('[');
        for (int i = 0; i < cs.length; i++) {
            if (i > 0) b.append(',');
            b.append('[').append(String.format(Locale.ROOT, "%.7f", cs[i].x)).append(',').append(String.format(Locale.ROOT, "%.7f", cs[i].y)).append(']');
        }
        b.append(']');
    }
}
