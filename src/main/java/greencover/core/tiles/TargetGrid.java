package greencover.core.tiles;

import java.util.Objects;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * The pixel grid of an output image: {@code width × height} pixels covering [minX, maxX] × [minY, maxY] of
 * {@code crs} in east/north order, row 0 at the north. Pixel (i, j) has its centre at
 * x = minX + (i + 0.5)·(maxX − minX)/width, y = maxY − (j + 0.5)·(maxY − minY)/height.
 */
public record TargetGrid(CoordinateReferenceSystem crs, double minX, double minY, double maxX, double maxY,
                         int width, int height) {

    public TargetGrid {
        Objects.requireNonNull(crs, "crs");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive but were " + width + "x" + height);
        }
        if (!(maxX > minX) || !(maxY > minY) || !Double.isFinite(maxX - minX) || !Double.isFinite(maxY - minY)) {
            throw new IllegalArgumentException("bbox must have minX < maxX and minY < maxY but was "
                    + minX + "," + minY + "," + maxX + "," + maxY);
        }
    }

    public double pixelWidth() { return (maxX - minX) / width; }

    public double pixelHeight() { return (maxY - minY) / height; }

    /** X of pixel column {@code i} (continuous: i = 0 is the centre of the first column). */
    public double x(double i) { return minX + (i + 0.5) * pixelWidth(); }

    /** Y of pixel row {@code j} (continuous: j = 0 is the centre of the first row). */
    public double y(double j) { return maxY - (j + 0.5) * pixelHeight(); }

    public Extent extent() { return new Extent(minX, minY, maxX, maxY); }
}
