package greencover.testing;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.geotools.coverage.grid.GridCoverage2D;
import org.geotools.coverage.grid.GridCoverageFactory;
import org.geotools.gce.geotiff.GeoTiffWriter;
import org.geotools.geometry.jts.ReferencedEnvelope;
import org.geotools.referencing.CRS;

/** Writes small real GeoTIFFs with GeoTools for tests: unsigned 16-bit bands on a north-up grid. */
public final class TestTiffs {
    private TestTiffs() {}

    /**
     * Writes {@code bands[b][row][col]} as a {@code bands.length}-band UInt16 GeoTIFF whose upper-left
     * corner is ({@code minX}, {@code maxY}) with square pixels of {@code pixel} metres in EPSG:{@code epsg}.
     */
    public static Path write(Path file, int epsg, double minX, double maxY, double pixel, int[][][] bands) throws Exception {
        return write(file, CRS.decode("EPSG:" + epsg, true), minX, maxY, pixel, bands);
    }

    /**
     * As {@link #write(Path, int, double, double, double, int[][][])} in any CRS GeoTools can encode: a CRS parsed
     * from WKT (e.g. a custom Albers) is written as user-defined GeoKeys, without an EPSG code.
     */
    public static Path write(Path file, org.geotools.api.referencing.crs.CoordinateReferenceSystem crs, double minX, double maxY,
                             double pixel, int[][][] bands) throws Exception {
        int h = bands[0].length, w = bands[0][0].length;
        WritableRaster r = Raster.createBandedRaster(DataBuffer.TYPE_USHORT, w, h, bands.length, null);
        for (int b = 0; b < bands.length; b++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) r.setSample(x, y, b, bands[b][y][x]);
        ReferencedEnvelope env = new ReferencedEnvelope(minX, minX + w * pixel, maxY - h * pixel, maxY, crs);
        // one band: a grey colour model, so the writer adds no 65536-entry palette (slow to parse on every open)
        GridCoverage2D cov = bands.length == 1
                ? new GridCoverageFactory().create("test", new BufferedImage(new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT), r, false, null), env)
                : new GridCoverageFactory().create("test", r, env);
        GeoTiffWriter writer = new GeoTiffWriter(file.toFile());
        try {
            writer.write(cov, null);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /**
     * The single-band scene most HTTP tests draw: a 4 x 4 grid of 10 m pixels in EPSG:32650 with its upper-left
     * corner at (500000, 2800000), column {@code c} holding {@code colValues[c]} in every row.
     */
    public static Path grid4x4(Path file, int... colValues) throws Exception {
        return write(file, 32650, 500000, 2800000, 10, new int[][][] {columns(4, colValues)});
    }

    /** A {@code h} x {@code w} grid filled per column: {@code colValues[c]}. */
    public static int[][] columns(int h, int... colValues) {
        int[][] g = new int[h][colValues.length];
        for (int y = 0; y < h; y++) g[y] = colValues.clone();
        return g;
    }

    /** Writes {@code band[row][col]} as a one-band UInt16 GeoTIFF in {@code tile} x {@code tile} tiles, otherwise as {@link #write}. */
    public static Path writeTiled(Path file, int epsg, double minX, double maxY, double pixel, int[][] band, int tile) throws Exception {
        return writeTiled(file, epsg, minX, maxY, pixel, band, tile, null);
    }

    /** As {@link #writeTiled(Path, int, double, double, double, int[][], int)}, compressed with {@code compression} (e.g. "Deflate") unless null. */
    public static Path writeTiled(Path file, int epsg, double minX, double maxY, double pixel, int[][] band, int tile, String compression)
            throws Exception {
        int h = band.length, w = band[0].length;
        WritableRaster r = Raster.createBandedRaster(DataBuffer.TYPE_USHORT, w, h, 1, null);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) r.setSample(x, y, 0, band[y][x]);
        ReferencedEnvelope env = new ReferencedEnvelope(minX, minX + w * pixel, maxY - h * pixel, maxY, CRS.decode("EPSG:" + epsg, true));
        GridCoverage2D cov = new GridCoverageFactory().create("test", new BufferedImage(new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT), r, false, null), env);
        org.geotools.gce.geotiff.GeoTiffWriteParams params = new org.geotools.gce.geotiff.GeoTiffWriteParams();
        params.setTilingMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        params.setTiling(tile, tile);
        if (compression != null) {
            params.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            params.setCompressionType(compression);
        }
        var value = org.geotools.coverage.grid.io.AbstractGridFormat.GEOTOOLS_WRITE_PARAMS.createValue();
        value.setValue(params);
        GeoTiffWriter writer = new GeoTiffWriter(file.toFile());
        try {
            writer.write(cov, new org.geotools.api.parameter.GeneralParameterValue[] {value});
        } finally {
            writer.dispose();
        }
        return file;
    }
}
