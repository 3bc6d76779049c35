package greencover.http.ogc;

import greencover.core.tiles.Extent;
import greencover.core.tiles.TargetGrid;
import greencover.core.tiles.TileMatrixSet;
import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import greencover.service.map.TimeSelection;
import java.util.Optional;

/**
 * A request for one tile of a layer, whatever the protocol (WMTS KVP, WMTS REST, XYZ): the layer, its style
 * (null = default), the parsed time and composite, the tile matrix set, zoom, column, row, and the tile size in
 * pixels (256, or 512 for XYZ {@code @2x}). The same tile asked through WMTS and XYZ is the same map request,
 * so it shares cache entry and ETag.
 */
public record TileRequest(MapLayer layer, String style, TimeSelection time, Composite composite,
        TileMatrixSet matrixSet, int zoom, long col, long row, int sizePx) {

    /** The map request of the tile: its extent in the set's CRS, transparent PNG. */
    public MapRequest toMapRequest() {
        Extent b = matrixSet.tileBounds(zoom, col, row);
        TargetGrid grid = new TargetGrid(OgcCrs.decode(matrixSet.crsCode(), "CRS").eastNorth(), b.minX(), b.minY(),
                b.maxX(), b.maxY(), sizePx, sizePx);
        return new MapRequest(layer.name(), style, time, composite, grid, ImageFormat.PNG, true, 0xFFFFFF);
    }

    /**
     * The tile matrix set a client names: its identifier (case-insensitive), or the aliases clients use for
     * the same grids (GoogleMapsCompatible, EPSG:3857, CRS84).
     */
    public static Optional<TileMatrixSet> matrixSet(String identifier) {
        if (identifier == null) return Optional.empty();
        TileMatrixSet t = TileMatrixSet.byId(identifier);
        if (t == null && (identifier.equalsIgnoreCase("GoogleMapsCompatible") || identifier.equalsIgnoreCase("EPSG:3857"))) {
            t = TileMatrixSet.WEB_MERCATOR_QUAD;
        }
        if (t == null && identifier.equalsIgnoreCase("CRS84")) t = TileMatrixSet.WORLD_CRS84_QUAD;
        return Optional.ofNullable(t);
    }

    /**
     * Reads a tile zoom, column and row from text and checks them against the set.
     *
     * @return {zoom, col, row}
     * @throws MapRequestException {@link Reason#INVALID_PARAMETER} for a zoom that is not a listed matrix or text
     *     that is not an integer, {@link Reason#TILE_OUT_OF_RANGE} for a column or row outside the matrix
     */
    public static long[] position(TileMatrixSet tms, String zoom, String row, String col) {
        long z = integer(zoom, "TILEMATRIX");
        if (z < 0 || z > tms.maxZoom()) {
            throw OgcParams.invalid("TILEMATRIX", "Invalid 'TILEMATRIX' parameter: " + zoom + ". Expected 0 to "
                    + tms.maxZoom() + " in " + tms.id());
        }
        long r = integer(row, "TILEROW");
        long c = integer(col, "TILECOL");
        int zi = (int) z;
        if (r < 0 || r >= tms.matrixHeight(zi)) {
            throw new MapRequestException(Reason.TILE_OUT_OF_RANGE, "TILEROW", "Invalid 'TILEROW' parameter: " + row
                    + ". Expected 0 to " + (tms.matrixHeight(zi) - 1) + " at TileMatrix " + z);
        }
        if (c < 0 || c >= tms.matrixWidth(zi)) {
            throw new MapRequestException(Reason.TILE_OUT_OF_RANGE, "TILECOL", "Invalid 'TILECOL' parameter: " + col
                    + ". Expected 0 to " + (tms.matrixWidth(zi) - 1) + " at TileMatrix " + z);
        }
        return new long[] {z, c, r};
    }

    private static long integer(String text, String name) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw OgcParams.invalid(name, "Invalid '" + name + "' parameter: " + text + ". Expected an integer");
        }
    }
}
