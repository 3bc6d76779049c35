package greencover.cli.samples;

import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.api.referencing.operation.TransformException;
import org.geotools.referencing.CRS;

/** Projects WGS84 longitude/latitude into one UTM zone given by its EPSG code. */
final class LonLatProjector {

    private final CoordinateReferenceSystem target;
    private final MathTransform transform;

    LonLatProjector(int epsg) {
        try {
            this.target = CRS.decode("EPSG:" + epsg);
            CoordinateReferenceSystem wgs84LonLat = CRS.decode("EPSG:4326", true);
            this.transform = CRS.findMathTransform(wgs84LonLat, target, false);
        } catch (FactoryException e) {
            throw new IllegalStateException("cannot set up the projection to EPSG:" + epsg, e);
        }
    }

    /** The target CRS. */
    CoordinateReferenceSystem crs() {
        return target;
    }

    /** Projects interleaved lon,lat pairs into interleaved easting,northing pairs (metres). */
    double[] project(double[] lonLat) {
        double[] out = new double[lonLat.length];
        try {
            transform.transform(lonLat, 0, out, 0, lonLat.length / 2);
        } catch (TransformException e) {
            throw new IllegalArgumentException("cannot project coordinates to " + target.getName(), e);
        }
        return out;
    }
}
