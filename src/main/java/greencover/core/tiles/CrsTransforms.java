package greencover.core.tiles;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.geotools.referencing.operation.matrix.GeneralMatrix;
import org.geotools.referencing.operation.transform.ConcatenatedTransform;
import org.geotools.referencing.operation.transform.ProjectiveTransform;

/**
 * A cache of GeoTools math transforms between pairs of CRSs, each taking and giving coordinates in east/north
 * order whatever the axis order the CRSs declare (an EPSG:4326 decoded latitude-first is handled as
 * longitude, latitude). Lenient datum shifts. Thread-safe; one instance per renderer.
 */
public final class CrsTransforms {
    private record Key(CoordinateReferenceSystem from, CoordinateReferenceSystem to) {}

    private final ConcurrentHashMap<Key, MathTransform> cache = new ConcurrentHashMap<>();

    /**
     * The transform from east/north coordinates of {@code from} to east/north coordinates of {@code to}.
     *
     * @throws FactoryException when GeoTools knows no operation between the two
     */
    public MathTransform find(CoordinateReferenceSystem from, CoordinateReferenceSystem to) throws FactoryException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Key key = new Key(from, to);
        MathTransform mt = cache.get(key);
        if (mt == null) {
            mt = create(from, to);
            cache.putIfAbsent(key, mt);
        }
        return mt;
    }

    private static MathTransform create(CoordinateReferenceSystem from, CoordinateReferenceSystem to)
            throws FactoryException {
        MathTransform mt = CRS.findMathTransform(from, to, true);
        if (mt.getSourceDimensions() != 2 || mt.getTargetDimensions() != 2) {
            throw new FactoryException("only 2-D transforms are supported but " + from.getName() + " → "
                    + to.getName() + " is " + mt.getSourceDimensions() + "-D → " + mt.getTargetDimensions() + "-D");
        }
        if (northFirst(from)) mt = ConcatenatedTransform.create(swap(), mt);
        if (northFirst(to)) mt = ConcatenatedTransform.create(mt, swap());
        return mt;
    }

    /** True when the first axis of {@code crs} points north or south. */
    public static boolean northFirst(CoordinateReferenceSystem crs) {
        return CRS.getAxisOrder(crs) == CRS.AxisOrder.NORTH_EAST;
    }

    private static MathTransform swap() {
        GeneralMatrix m = new GeneralMatrix(3, 3);
        m.setElement(0, 0, 0);
        m.setElement(0, 1, 1);
        m.setElement(1, 0, 1);
        m.setElement(1, 1, 0);
        m.setElement(2, 2, 1);
        return ProjectiveTransform.create(m);
    }
}
