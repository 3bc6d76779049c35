package greencover.core.tiles;

import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;

/**
 * A quad-tree tile matrix set of the OGC Two Dimensional Tile Matrix Set standard: square tiles of
 * {@link #tileSize()} pixels, origin at the upper-left corner of the extent, columns growing east and rows
 * growing south, the scale halving at each zoom level. Zoom levels run from 0 to {@link #maxZoom()}.
 * Coordinates are in the CRS's east/north order (longitude first for CRS:84).
 */
public final class TileMatrixSet {
    /** Standardized rendering pixel size of OGC scale denominators, in metres. */
    public static final double PIXEL_SIZE_M = 0.00028;

    private static final double MERCATOR_HALF_M = 20037508.342789244;

    /** Google-compatible WebMercatorQuad: EPSG:3857, one 256 px tile at zoom 0, zoom 0 to 24. */
    public static final TileMatrixSet WEB_MERCATOR_QUAD = new TileMatrixSet("WebMercatorQuad", "EPSG:3857",
            "http://www.opengis.net/def/crs/EPSG/0/3857", "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible",
            new Extent(-MERCATOR_HALF_M, -MERCATOR_HALF_M, MERCATOR_HALF_M, MERCATOR_HALF_M),
            256, 1, 1, 559082264.0287178, 24);

    /** WorldCRS84Quad: CRS:84 (longitude, latitude), 2 × 1 tiles of 256 px at zoom 0, zoom 0 to 24. */
    public static final TileMatrixSet WORLD_CRS84_QUAD = new TileMatrixSet("WorldCRS84Quad", "CRS:84",
            "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "urn:ogc:def:wkss:OGC:1.0:GoogleCRS84Quad",
            new Extent(-180, -90, 180, 90), 256, 2, 1, 279541132.0143589, 24);

    private final String id;
    private final String crsCode;
    private final String crsUri;
    private final String wellKnownScaleSet;
    private final Extent extent;
    private final int tileSize;
    private final int widthAtZero;
    private final int heightAtZero;
    private final double scaleAtZero;
    private final int maxZoom;

    private TileMatrixSet(String id, String crsCode, String crsUri, String wellKnownScaleSet, Extent extent,
                          int tileSize, int widthAtZero, int heightAtZero, double scaleAtZero, int maxZoom) {
        this.id = id;
        this.crsCode = crsCode;
        this.crsUri = crsUri;
        this.wellKnownScaleSet = wellKnownScaleSet;
        this.extent = extent;
        this.tileSize = tileSize;
        this.widthAtZero = widthAtZero;
        this.heightAtZero = heightAtZero;
        this.scaleAtZero = scaleAtZero;
        this.maxZoom = maxZoom;
    }

    /** The set of {@code id} ("WebMercatorQuad" or "WorldCRS84Quad", case-insensitive), or null. */
    public static TileMatrixSet byId(String id) {
        if (WEB_MERCATOR_QUAD.id.equalsIgnoreCase(id)) return WEB_MERCATOR_QUAD;
        if (WORLD_CRS84_QUAD.id.equalsIgnoreCase(id)) return WORLD_CRS84_QUAD;
        return null;
    }

    public String id() { return id; }

    /** "EPSG:3857" or "CRS:84". */
    public String crsCode() { return crsCode; }

    /** The OGC URI of the CRS, as written in WMTS capabilities and TMS documents. */
    public String crsUri() { return crsUri; }

    public String wellKnownScaleSet() { return wellKnownScaleSet; }

    /** The CRS with east/north (longitude/latitude) axis order. */
    public CoordinateReferenceSystem crs() {
        if (this == WORLD_CRS84_QUAD) return DefaultGeographicCRS.WGS84;
        try {
            return CRS.decode(crsCode, true);
        } catch (FactoryException e) {
            throw new IllegalStateException("GeoTools cannot decode " + crsCode, e);
        }
    }

    /** The full extent covered by zoom level 0, in CRS units. */
    public Extent extent() { return extent; }

    public int tileSize() { return tileSize; }

    public int minZoom() { return 0; }

    public int maxZoom() { return maxZoom; }

    /** Number of tile columns at {@code zoom}. */
    public long matrixWidth(int zoom) { checkZoom(zoom); return (long) widthAtZero << zoom; }

    /** Number of tile rows at {@code zoom}. */
    public long matrixHeight(int zoom) { checkZoom(zoom); return (long) heightAtZero << zoom; }

    /** The OGC scale denominator of {@code zoom} (for 0.28 mm pixels). */
    public double scaleDenominator(int zoom) { checkZoom(zoom); return scaleAtZero / (1L << zoom); }

    /** Size of one pixel at {@code zoom}, in CRS units (metres or degrees). */
    public double resolution(int zoom) {
        checkZoom(zoom);
        return extent.width() / (matrixWidth(zoom) * (double) tileSize);
    }

    /** Size of one tile at {@code zoom}, in CRS units. */
    public double tileSpan(int zoom) { return resolution(zoom) * tileSize; }

    public boolean isValidZoom(int zoom) { return zoom >= 0 && zoom <= maxZoom; }

    /** True when tile ({@code col}, {@code row}) exists at {@code zoom}. */
    public boolean isValid(int zoom, long col, long row) {
        return isValidZoom(zoom) && col >= 0 && row >= 0 && col < matrixWidth(zoom) && row < matrixHeight(zoom);
    }

    /**
     * The bounds of tile ({@code col}, {@code row}) at {@code zoom}; IllegalArgumentException when it does
     * not exist.
     */
    public Extent tileBounds(int zoom, long col, long row) {
        if (!isValid(zoom, col, row)) {
            throw new IllegalArgumentException("tile " + zoom + "/" + col + "/" + row + " is outside " + id);
        }
        double span = tileSpan(zoom);
        double minX = extent.minX() + col * span;
        double maxY = extent.maxY() - row * span;
        double maxX = col + 1 == matrixWidth(zoom) ? extent.maxX() : extent.minX() + (col + 1) * span;
        double minY = row + 1 == matrixHeight(zoom) ? extent.minY() : extent.maxY() - (row + 1) * span;
        return new Extent(minX, minY, maxX, maxY);
    }

    /**
     * The tiles at {@code zoom} that intersect the interior of {@code bbox}, clipped to the matrix (empty when
     * the box lies outside the extent).
     */
    public TileRange tileRange(int zoom, Extent bbox) {
        checkZoom(zoom);
        double span = tileSpan(zoom);
        double eps = 1e-9;
        long w = matrixWidth(zoom), h = matrixHeight(zoom);
        long c0 = (long) Math.floor((bbox.minX() - extent.minX()) / span + eps);
        long c1 = (long) Math.ceil((bbox.maxX() - extent.minX()) / span - eps) - 1;
        long r0 = (long) Math.floor((extent.maxY() - bbox.maxY()) / span + eps);
        long r1 = (long) Math.ceil((extent.maxY() - bbox.minY()) / span - eps) - 1;
        c0 = Math.max(c0, 0);
        r0 = Math.max(r0, 0);
        c1 = Math.min(c1, w - 1);
        r1 = Math.min(r1, h - 1);
        if (c0 > c1 || r0 > r1) return new TileRange(zoom, 0, 0, -1, -1);
        return new TileRange(zoom, (int) c0, (int) r0, (int) c1, (int) r1);
    }

    private void checkZoom(int zoom) {
        if (!isValidZoom(zoom)) throw new IllegalArgumentException("zoom must be 0.." + maxZoom + " but was " + zoom);
    }

    @Override
    public String toString() { return id; }
}
