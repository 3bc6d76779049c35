package greencover.cli.samples;

import greencover.core.raster.RasterGrid;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageWriteParam;
import org.geotools.api.parameter.GeneralParameterValue;
import org.geotools.api.parameter.ParameterValue;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.coverage.grid.GridCoverage2D;
import org.geotools.coverage.grid.GridCoverageFactory;
import org.geotools.coverage.grid.io.AbstractGridFormat;
import org.geotools.coverage.grid.io.imageio.GeoToolsWriteParams;
import org.geotools.coverage.util.CoverageUtilities;
import org.geotools.gce.geotiff.GeoTiffWriteParams;
import org.geotools.gce.geotiff.GeoTiffWriter;
import org.geotools.geometry.jts.ReferencedEnvelope;

/**
 * Writes single-band GeoTIFFs (uint16 or uint8) with GeoTools: DEFLATE compression, 256×256 tiles,
 * the CRS from its EPSG code and no-data 0. The output depends only on the pixels, grid and CRS.
 */
final class GeoTiffOutput {

    static final int TILE_SIZE = 256;

    private GeoTiffOutput() {
    }

    /** Writes {@code pixels} (row-major, unsigned 16-bit in a short[]) over {@code grid} to {@code file}. */
    static void writeUInt16(Path file, String name, RasterGrid grid, CoordinateReferenceSystem crs, short[] pixels) throws IOException {
        checkSize(grid, pixels.length);
        DataBufferUShort buffer = new DataBufferUShort(pixels, pixels.length);
        WritableRaster raster = Raster.createInterleavedRaster(buffer, grid.width(), grid.height(), grid.width(), 1, new int[] {0}, null);
        write(file, name, grid, crs, raster, DataBuffer.TYPE_USHORT);
    }

    /** Writes {@code pixels} (row-major, unsigned 8-bit) over {@code grid} to {@code file}. */
    static void writeUInt8(Path file, String name, RasterGrid grid, CoordinateReferenceSystem crs, byte[] pixels) throws IOException {
        checkSize(grid, pixels.length);
        DataBufferByte buffer = new DataBufferByte(pixels, pixels.length);
        WritableRaster raster = Raster.createInterleavedRaster(buffer, grid.width(), grid.height(), grid.width(), 1, new int[] {0}, null);
        write(file, name, grid, crs, raster, DataBuffer.TYPE_BYTE);
    }

    private static void checkSize(RasterGrid grid, int length) {
        if (length != grid.width() * grid.height()) {
            throw new IllegalArgumentException("pixels must hold " + grid.width() + "x" + grid.height() + " values but held " + length);
        }
    }

    private static void write(Path file, String name, RasterGrid grid, CoordinateReferenceSystem crs, WritableRaster raster, int dataType)
            throws IOException {
        ComponentColorModel colorModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, dataType);
        BufferedImage image = new BufferedImage(colorModel, raster, false, null);
        ReferencedEnvelope envelope = new ReferencedEnvelope(grid.minX(), grid.maxX(), grid.minY(), grid.maxY(), crs);
        Map<String, Object> properties = new HashMap<>();
        CoverageUtilities.setNoDataProperty(properties, 0.0);
        GridCoverage2D coverage = new GridCoverageFactory().create(name, image, envelope, null, null, properties);

        GeoTiffWriteParams params = new GeoTiffWriteParams();
        params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        params.setCompressionType("Deflate");
        params.setCompressionQuality(1f); // deflate level 1 + 8 * quality = 9
        params.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
        params.setTiling(TILE_SIZE, TILE_SIZE);
        ParameterValue<GeoToolsWriteParams> writeParams = AbstractGridFormat.GEOTOOLS_WRITE_PARAMS.createValue();
        writeParams.setValue(params);

        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        GeoTiffWriter writer = new GeoTiffWriter(file.toFile());
        try {
            writer.write(coverage, new GeneralParameterValue[] {writeParams});
        } finally {
            writer.dispose();
            coverage.dispose(true);
        }
    }
}
