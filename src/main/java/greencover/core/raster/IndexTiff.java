package greencover.core.raster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.geotools.util.factory.Hints;

/**
 * An {@link IndexRaster} stored as an uncompressed, tiled, little-endian 16-bit GeoTIFF with internal
 * overviews, read through memory maps. Files are written by {@link IndexTiffWriter}; any GeoTIFF reader
 * (GDAL, QGIS, GeoTools) can open them, with nodata -32768 and scale 0.0001 declared in GDAL tags.
 *
 * <p>Layout (fixed by the writer): header and all IFDs first, then the tiles of level 0, level 1, ...;
 * within a level, tiles are row-major and {@link IndexTiffWriter#TILE} pixels square. This class
 * re-derives the layout from the header it wrote ({@code GREENCOVER_LAYOUT} ASCII tag) rather than
 * parsing arbitrary TIFFs.
 */
public final class IndexTiff implements IndexRaster {
    private final RasterGrid grid;
    private final int epsg;
    private final CoordinateReferenceSystem crs;
    private final FileChannel channel;
    private final ShortBuffer[] levels;
    private final int[] tilesAcross;
    private final int tile;
    /** The end of the last level's tiles: the size the file must keep. */
    private final long requiredBytes;

    private IndexTiff(RasterGrid grid, int epsg, CoordinateReferenceSystem crs, FileChannel channel, ShortBuffer[] levels,
                      int[] tilesAcross, int tile, long requiredBytes) {
        this.grid = grid;
        this.epsg = epsg;
        this.crs = crs;
        this.channel = channel;
        this.levels = levels;
        this.tilesAcross = tilesAcross;
        this.tile = tile;
        this.requiredBytes = requiredBytes;
    }

    /**
     * The CRS of an index raster: EPSG:{@code epsg}, or for a user-defined CRS ({@code epsg} 0) the one GeoTools
     * reads from the file's GeoKeys, as {@link GeoTiffSource} read the scene's source.
     */
    private static CoordinateReferenceSystem crsOf(Path file, int epsg) {
        if (epsg != IndexTiffWriter.USER_DEFINED) {
            try {
                return CRS.decode("EPSG:" + epsg, true);
            } catch (Exception e) {
                throw new IllegalStateException("EPSG:" + epsg + " is not known", e);
            }
        }
        GeoTiffReader reader = null;
        try {
            reader = new GeoTiffReader(file.toFile(), new Hints(Hints.FORCE_LONGITUDE_FIRST_AXIS_ORDER, Boolean.TRUE));
            return reader.getCoordinateReferenceSystem();
        } catch (Exception e) {
            throw new IllegalStateException("the user-defined CRS of " + file + " cannot be read", e);
        } finally {
            if (reader != null) reader.dispose();
        }
    }

    /**
     * Opens a file written by {@link IndexTiffWriter}.
     *
     * @throws UncheckedIOException when the file cannot be read, is not such a file (a corrupt header included), or
     *                              is shorter than its header says
     */
    public static IndexTiff open(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                IndexTiffWriter.Layout layout = layout(ch);
                ShortBuffer[] lv = new ShortBuffer[layout.levels()];
                int[] across = new int[layout.levels()];
                long end = 0;
                for (int k = 0; k < layout.levels(); k++) {
                    RasterGrid g = layout.grid().overview(k);
                    int ta = (g.width() + layout.tile() - 1) / layout.tile();
                    int td = (g.height() + layout.tile() - 1) / layout.tile();
                    long bytes = (long) ta * td * layout.tile() * layout.tile() * 2;
                    MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_ONLY, layout.levelOffsets()[k], bytes);
                    lv[k] = mb.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
                    across[k] = ta;
                    end = Math.max(end, layout.levelOffsets()[k] + bytes);
                }
                return new IndexTiff(layout.grid(), layout.epsg(), crsOf(file, layout.epsg()), ch, lv, across, layout.tile(), end);
            } catch (RuntimeException | IOException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index raster " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // e.g. an EPSG code no CRS has: the header is not ours
            throw new UncheckedIOException("cannot open index raster " + file + ": " + e.getMessage(), new IOException(e));
        }
    }

    /**
     * The number of bytes a file written by {@link IndexTiffWriter} must have according to its header: the end of
     * its last level's tiles.
     *
     * @throws IOException when the file cannot be read or its header is not such a file's
     */
    public static long requiredBytes(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            IndexTiffWriter.Layout layout = layout(ch);
            int last = layout.levels() - 1;
            RasterGrid g = layout.grid().overview(last);
            long ta = (g.width() + layout.tile() - 1) / layout.tile(), td = (g.height() + layout.tile() - 1) / layout.tile();
            return layout.levelOffsets()[last] + ta * td * layout.tile() * layout.tile() * 2;
        }
    }

    /** The layout of the file on {@code ch}; any failure to read it (a corrupt header) is an {@link IOException}. */
    private static IndexTiffWriter.Layout layout(FileChannel ch) throws IOException {
        try {
            IndexTiffWriter.Layout layout = IndexTiffWriter.readLayout(ch);
            if (layout.tile() <= 0 || layout.tile() > 4096 || layout.levels() != layout.grid().levelsToFit(layout.tile())) {
                throw new IOException("inconsistent layout: tile " + layout.tile() + ", " + layout.levels() + " levels for " + layout.grid());
            }
            return layout;
        } catch (RuntimeException e) { // a header with garbage in it: buffer underflow, a negative size, a bad grid
            throw new IOException("corrupt header: " + e, e);
        }
    }

    @Override public RasterGrid grid() { return grid; }

    @Override public CoordinateReferenceSystem crs() { return crs; }

    @Override public int epsg() { return epsg; }

    @Override public int levelCount() { return levels.length; }

    @Override
    public short sample(int level, int col, int row) {
        RasterGrid g = grid.overview(level);
        if (col < 0 || row < 0 || col >= g.width() || row >= g.height()) return IndexCodes.NODATA;
        int t = tile;
        int tileIndex = (row / t) * tilesAcross[level] + col / t;
        return levels[level].get(tileIndex * t * t + (row % t) * t + (col % t));
    }

    @Override
    public void read(int level, int col0, int row0, int w, int h, short[] out) {
        RasterGrid g = grid.overview(level);
        ShortBuffer buf = levels[level];
        int t = tile, across = tilesAcross[level];
        for (int r = 0; r < h; r++) {
            int row = row0 + r, o = r * w;
            if (row < 0 || row >= g.height()) {
                java.util.Arrays.fill(out, o, o + w, IndexCodes.NODATA);
                continue;
            }
            int c = 0;
            while (c < w) {
                int col = col0 + c;
                if (col < 0 || col >= g.width()) {
                    out[o + c] = IndexCodes.NODATA;
                    c++;
                    continue;
                }
                int inTile = col % t;
                int run = Math.min(t - inTile, Math.min(w - c, g.width() - col));
                int pos = ((row / t) * across + col / t) * t * t + (row % t) * t + inTile;
                buf.get(pos, out, o + c, run);
                c += run;
            }
        }
    }

    @Override
    public boolean intact() {
        try {
            return channel.size() >= requiredBytes;
        } catch (java.nio.channels.ClosedChannelException closed) {
            return true; // closed by its store: the mapping keeps reading what it had
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to flush
        }
    }

    static ByteBuffer le(int size) { return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN); }
}
