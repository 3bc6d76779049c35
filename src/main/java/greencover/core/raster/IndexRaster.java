package greencover.core.raster;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * A derived index raster of one scene (NDVI, SAVI, ...) with overviews, encoded as in {@link IndexCodes}.
 * Level 0 is full resolution; level k has cells 2^k larger ({@link RasterGrid#overview(int)}); an overview
 * cell holds the rounded mean of the valid level-0 values beneath it, or the most frequent class code when none is
 * valid (the one rule, {@link Overviews}).
 * Implementations are thread-safe for reads.
 */
public interface IndexRaster extends AutoCloseable {

    /** The full-resolution grid, in {@link #crs()}. */
    RasterGrid grid();

    CoordinateReferenceSystem crs();

    /** EPSG code of {@link #crs()}, e.g. 32650; 0 when the CRS is user-defined (no EPSG code). */
    int epsg();

    int levelCount();

    default RasterGrid grid(int level) { return grid().overview(level); }

    /** One stored sample; {@link IndexCodes#NODATA} outside the level's grid. */
    short sample(int level, int col, int row);

    /** Reads a window of a level, row-major into {@code out[0 .. w*h)}; cells outside the grid are NODATA. */
    void read(int level, int col0, int row0, int w, int h, short[] out);

    /**
     * Whether the stored file still holds every byte this raster reads: false once it was truncated under its
     * memory map, when a read would fault (the JVM reports that as an {@link InternalError}, possibly later than the
     * read). Costs one {@code fstat}; true for rasters held in memory and for a closed raster (its file may be gone,
     * but the mapping still reads the bytes it had).
     */
    default boolean intact() { return true; }

    @Override
    void close();
}
