package greencover.core.tiles;

/**
 * An axis-aligned rectangle in a CRS's east/north (x/y) order: [minX, maxX] × [minY, maxY].
 */
public record Extent(double minX, double minY, double maxX, double maxY) {

    public double width() { return maxX - minX; }

    public double height() { return maxY - minY; }

    /** True when the two closed rectangles share at least one point. */
    public boolean intersects(Extent o) {
        return minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY;
    }

    /** As an array {minX, minY, maxX, maxY}. */
    public double[] toArray() { return new double[] {minX, minY, maxX, maxY}; }
}
