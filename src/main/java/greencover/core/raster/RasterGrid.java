package greencover.core.raster;

/**
 * A north-up grid of square or rectangular cells in a projected CRS: {@code width} columns by
 * {@code height} rows, the upper-left corner at ({@code minX}, {@code maxY}), cells
 * {@code pixelWidth} wide and {@code pixelHeight} high (both positive, in CRS units, metres for UTM).
 * Column 0 is the western-most, row 0 the northern-most. Cell (c, r) covers
 * x in [minX + c*pixelWidth, minX + (c+1)*pixelWidth] and y in [maxY - (r+1)*pixelHeight, maxY - r*pixelHeight].
 */
public record RasterGrid(int width, int height, double minX, double maxY, double pixelWidth, double pixelHeight) {

    public RasterGrid {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("grid size must be positive but was " + width + "x" + height);
        }
        if (!(pixelWidth > 0) || !(pixelHeight > 0)) {
            throw new IllegalArgumentException("pixel size must be positive but was " + pixelWidth + "x" + pixelHeight);
        }
    }

    public double maxX() { return minX + width * pixelWidth; }

    public double minY() { return maxY - height * pixelHeight; }

    /** Area of one cell in squared CRS units (m² for a metric CRS). */
    public double pixelArea() { return pixelWidth * pixelHeight; }

    public long pixelCount() { return (long) width * height; }

    /** Continuous column coordinate of x (0 at the west edge, {@code width} at the east edge). */
    public double colOf(double x) { return (x - minX) / pixelWidth; }

    /** Continuous row coordinate of y (0 at the north edge, {@code height} at the south edge). */
    public double rowOf(double y) { return (maxY - y) / pixelHeight; }

    /** X of the centre of column {@code col}. */
    public double centerX(int col) { return minX + (col + 0.5) * pixelWidth; }

    /** Y of the centre of row {@code row}. */
    public double centerY(int row) { return maxY - (row + 0.5) * pixelHeight; }

    /** The grid of overview level {@code level}: cells 2^level times larger, size rounded up. */
    public RasterGrid overview(int level) {
        if (level == 0) return this;
        int f = 1 << level;
        return new RasterGrid((width + f - 1) / f, (height + f - 1) / f, minX, maxY, pixelWidth * f, pixelHeight * f);
    }

    /**
     * How many levels (full resolution included) a pyramid of this grid needs so that its last level fits in
     * {@code size} x {@code size} cells: 1 when the grid already fits.
     */
    public int levelsToFit(int size) {
        int n = 1;
        while (Math.max(overview(n - 1).width(), overview(n - 1).height()) > size) n++;
        return n;
    }
}
