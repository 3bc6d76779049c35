package greencover.http.ogc;

import java.util.Optional;

/**
 * The two tile matrix sets served (OGC TMS 2.0 definitions, 256-pixel tiles, row 0 at the north):
 * <ul>
 *   <li>{@code WebMercatorQuad}: EPSG:3857, 2^z × 2^z tiles, origin (-20037508.34, 20037508.34) m,
 *       scale denominator 559082264.0287178 / 2^z;</li>
 *   <li>{@code WorldCRS84Quad}: CRS84 (lon, lat), 2^(z+1) × 2^z tiles of 180/2^z degrees, origin (-180, 90),
 *       scale denominator 279541132.0143589 / 2^z.</li>
 * </ul>
 * Scale denominators use the standardised rendering pixel of 0.28 mm.
 */
public enum TileMatrices {
    WEB_MERCATOR_QUAD("WebMercatorQuad", "urn:ogc:def:crs:EPSG::3857", "EPSG:3857",
            "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible", 559082264.0287178, -Math.PI * 6378137, Math.PI * 6378137,
            2 * Math.PI * 6378137, 1, "-20037508.3427892 20037508.3427892"),
    WORLD_CRS84_QUAD("WorldCRS84Quad", "urn:ogc:def:crs:OGC:1.3:CRS84", "CRS:84", null, 279541132.0143589,
            -180, 90, 180, 2, "-180 90");

    /** Tile width and height in pixels. */
    public static final int TILE_SIZE_PX = 256;
    /** Highest zoom listed in WMTS capabilities. */
    public static final int MAX_LISTED_ZOOM = 18;
    /** Highest zoom accepted for a tile request. */
    public static final int MAX_ZOOM = 24;

    private final String identifier;
    private final String crsUrn;
    private final String crsCode;
    private final String wellKnownScaleSet;
    private final double scaleAtZero;
    private final double originX;
    private final double originY;
    private final double tileSpanAtZero;
    private final int widthAtZero;
    private final String topLeftCorner;

    TileMatrices(String identifier, String crsUrn, String crsCode, String wellKnownScaleSet, double scaleAtZero,
            double originX, double originY, double tileSpanAtZero, int widthAtZero, String topLeftCorner) {
        this.identifier = identifier;
        this.crsUrn = crsUrn;
        this.crsCode = crsCode;
        this.wellKnownScaleSet = wellKnownScaleSet;
        this.scaleAtZero = scaleAtZero;
        this.originX = originX;
        this.originY = originY;
        this.tileSpanAtZero = tileSpanAtZero;
        this.widthAtZero = widthAtZero;
        this.topLeftCorner = topLeftCorner;
    }

    public String identifier() { return identifier; }

    /** The CRS as an OGC URN, for capabilities. */
    public String crsUrn() { return crsUrn; }

    /** The CRS as a request code ("EPSG:3857", "CRS:84"), see {@link OgcCrs#decode}. */
    public String crsCode() { return crsCode; }

    /** The WMTS 1.0 well-known scale set, or null. */
    public String wellKnownScaleSet() { return wellKnownScaleSet; }

    /** The top-left corner in CRS axis order as written in capabilities. */
    public String topLeftCorner() { return topLeftCorner; }

    public double scaleDenominator(int z) { return scaleAtZero / (1L << z); }

    /** Number of tile columns at zoom {@code z}. */
    public long matrixWidth(int z) { return (long) widthAtZero << z; }

    /** Number of tile rows at zoom {@code z}. */
    public long matrixHeight(int z) { return 1L << z; }

    /** True when zoom, column and row name a tile of this set (0 ≤ z ≤ {@link #MAX_ZOOM}). */
    public boolean contains(int z, long col, long row) {
        return z >= 0 && z <= MAX_ZOOM && col >= 0 && row >= 0 && col < matrixWidth(z) && row < matrixHeight(z);
    }

    /**
     * The extent of a tile as (minX, minY, maxX, maxY) in east/north CRS units (metres or degrees).
     *
     * @throws IllegalArgumentException when the tile is not in the set
     */
    public double[] tileBounds(int z, long col, long row) {
        if (!contains(z, col, row)) {
            throw new IllegalArgumentException("tile z/col/row " + z + "/" + col + "/" + row + " is outside "
                    + identifier);
        }
        double span = tileSpanAtZero / (1L << z);
        double minX = originX + col * span;
        double maxY = originY - row * span;
        // the last column and row end exactly on the far edges, free of rounding
        double maxX = col == matrixWidth(z) - 1 ? -originX : minX + span;
        double minY = row == matrixHeight(z) - 1 ? -originY : maxY - span;
        return new double[] {minX, minY, maxX, maxY};
    }

    /**
     * The set with this identifier (case-insensitive; "GoogleMapsCompatible" and "EPSG:3857" also name
     * Web Mercator, "CRS84" names WorldCRS84Quad).
     */
    public static Optional<TileMatrices> of(String identifier) {
        if (identifier == null) return Optional.empty();
        for (TileMatrices t : values()) {
            if (t.identifier.equalsIgnoreCase(identifier)) return Optional.of(t);
        }
        if (identifier.equalsIgnoreCase("GoogleMapsCompatible") || identifier.equalsIgnoreCase("EPSG:3857")) {
            return Optional.of(WEB_MERCATOR_QUAD);
        }
        if (identifier.equalsIgnoreCase("CRS84")) {
            return Optional.of(WORLD_CRS84_QUAD);
        }
        return Optional.empty();
    }
}
