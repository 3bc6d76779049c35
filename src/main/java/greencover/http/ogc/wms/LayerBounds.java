package greencover.http.ogc.wms;

import greencover.http.ogc.OgcCrs;
import org.geotools.geometry.jts.ReferencedEnvelope;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;

/**
 * Computes a layer's extent in another CRS from its WGS84 bounds (minLon, minLat, maxLon, maxLat), for the
 * BoundingBox elements of capabilities documents. Latitudes are clamped to ±85.06° for Web Mercator; bounds
 * that leave a CRS's domain of validity (a layer wider than its UTM zone) give no extent.
 */
final class LayerBounds {
    private static final double MERCATOR_MAX_LAT = 85.0511287798066;

    private LayerBounds() {}

    /** The extent as (minX, minY, maxX, maxY) in east/north order of {@code crs}, or null if it cannot be computed. */
    static double[] in(OgcCrs crs, double[] wgs84) {
        if (wgs84 == null || wgs84.length != 4) return null;
        if (crs.code().equals("CRS:84") || crs.code().equals("EPSG:4326")) return wgs84.clone();
        double minLat = wgs84[1], maxLat = wgs84[3];
        if (crs.code().equals("EPSG:3857")) {
            minLat = Math.max(minLat, -MERCATOR_MAX_LAT);
            maxLat = Math.min(maxLat, MERCATOR_MAX_LAT);
        }
        try {
            var valid = CRS.getGeographicBoundingBox(crs.eastNorth());
            if (valid != null && (wgs84[0] < valid.getWestBoundLongitude() - 1e-9
                    || wgs84[2] > valid.getEastBoundLongitude() + 1e-9 || minLat < valid.getSouthBoundLatitude() - 1e-9
                    || maxLat > valid.getNorthBoundLatitude() + 1e-9)) {
                return null;   // outside the CRS's domain of validity (a UTM zone): the numbers would mislead
            }
            ReferencedEnvelope e = new ReferencedEnvelope(wgs84[0], wgs84[2], minLat, maxLat,
                    DefaultGeographicCRS.WGS84).transform(crs.eastNorth(), true);
            double[] b = {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()};
            for (double v : b) if (!Double.isFinite(v)) return null;
            return b;
        } catch (Exception e) {
            return null;   // a CRS whose area does not cover the layer: no BoundingBox for it
        }
    }

    /** The union of several WGS84 bounds; the whole world when none. */
    static double[] union(Iterable<double[]> bounds) {
        double[] u = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (double[] b : bounds) {
            if (b == null || b.length != 4) continue;
            u[0] = Math.min(u[0], b[0]);
            u[1] = Math.min(u[1], b[1]);
            u[2] = Math.max(u[2], b[2]);
            u[3] = Math.max(u[3], b[3]);
        }
        return u[0] <= u[2] ? u : new double[] {-180, -90, 180, 90};
    }
}
