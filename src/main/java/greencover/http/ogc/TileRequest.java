package greencover.http.ogc;

import greencover.service.map.MapException;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;

/**
 * A request for one tile of a layer, whatever the protocol (WMTS KVP, WMTS REST, XYZ): the layer, its style
 * (null = default), time and composite (null = the renderer's defaults), the tile matrix set, zoom, column,
 * row, and the tile size in pixels (256, or 512 for XYZ {@code @2x}).
 */
public record TileRequest(MapLayer layer, String style, String time, String composite, TileMatrices matrixSet,
        int zoom, long col, long row, int sizePx) {

    /** The map request of the tile: its extent in the set's CRS, transparent PNG. */
    public MapRequest toMapRequest() {
        double[] b = matrixSet.tileBounds(zoom, col, row);
        return new MapRequest(layer.name(), style, time, composite, OgcCrs.decode(matrixSet.crsCode(), "CRS")
                .eastNorth(), b[0], b[1], b[2], b[3], sizePx, sizePx, "image/png", true, 0xFFFFFF);
    }

    /**
     * Reads a tile zoom, column and row from text and checks them against the set.
     *
     * @return {zoom, col, row}
     * @throws MapException InvalidParameterValue for a zoom that is not a listed matrix or text that is not an
     *     integer, TileOutOfRange for a column or row outside the matrix
     */
    static long[] position(TileMatrices tms, String zoom, String row, String col) {
        long z = integer(zoom, "TILEMATRIX");
        if (z < 0 || z > TileMatrices.MAX_ZOOM) {
            throw OgcParams.invalid("TILEMATRIX", "Invalid 'TILEMATRIX' parameter: " + zoom + ". Expected 0 to "
                    + TileMatrices.MAX_ZOOM + " in " + tms.identifier());
        }
        long r = integer(row, "TILEROW");
        long c = integer(col, "TILECOL");
        int zi = (int) z;
        if (r < 0 || r >= tms.matrixHeight(zi)) {
            throw new MapException("TileOutOfRange", "TILEROW", "Invalid 'TILEROW' parameter: " + row
                    + ". Expected 0 to " + (tms.matrixHeight(zi) - 1) + " at TileMatrix " + z);
        }
        if (c < 0 || c >= tms.matrixWidth(zi)) {
            throw new MapException("TileOutOfRange", "TILECOL", "Invalid 'TILECOL' parameter: " + col
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
