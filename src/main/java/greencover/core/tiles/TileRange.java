package greencover.core.tiles;

/**
 * The tiles of one zoom level between two columns and two rows, inclusive; empty when
 * {@code minCol > maxCol} or {@code minRow > maxRow}.
 */
public record TileRange(int zoom, int minCol, int minRow, int maxCol, int maxRow) {

    public boolean isEmpty() { return minCol > maxCol || minRow > maxRow; }

    public long tileCount() { return isEmpty() ? 0 : (long) (maxCol - minCol + 1) * (maxRow - minRow + 1); }
}
