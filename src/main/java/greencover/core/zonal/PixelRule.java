package greencover.core.zonal;

/**
 * The rule that decides how much of a raster cell counts as inside a polygon.
 */
public enum PixelRule {
    /** The exact fraction in [0, 1] of the cell's area inside the polygon (exactextract semantics). */
    EXACT("exact"),
    /**
     * 1 when the cell centre is inside the polygon, else 0 (GDAL / rasterio {@code all_touched=False}).
     * A centre exactly on the boundary follows GDAL's half-open scanline rule: inside on a northern or eastern
     * boundary, outside on a southern or western one (see {@link PolygonCoverage}).
     */
    CENTER("center"),
    /**
     * 1 when the polygon boundary passes through the cell's interior or the cell lies inside the polygon,
     * else 0 (like rasterio {@code all_touched=True}); a cell touched only along its edge or at a corner is 0.
     */
    ALL_TOUCHED("all-touched");

    private final String key;

    PixelRule(String key) { this.key = key; }

    /** The published name: {@code exact}, {@code center} or {@code all-touched}. */
    public String key() { return key; }
}
