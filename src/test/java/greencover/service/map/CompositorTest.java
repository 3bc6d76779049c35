package greencover.service.map;

import static greencover.core.raster.IndexCodes.NODATA;
import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.TargetGrid;
import java.util.List;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 3 × 3 raster of 10 m cells (EPSG:32650, upper-left corner (500000, 2800000)) holding the linear field
 * 1000 · (col + row):
 * <pre>
 *    0  1000  2000
 * 1000  2000  3000
 * 2000  3000  4000
 * </pre>
 * magnified 4 times: an 8 × 8 target of 2.5 m pixels from the centre of cell (0, 0) to the centre of cell
 * (2, 2). The centre of target pixel i lies 0.125 + 0.25 i cells east of the centre of cell 0, so bilinear
 * interpolation of the linear field gives 1000 · (0.125 + 0.25 i) · 2 along the diagonal, i.e. 250 (i + j) + 250.
 */
class CompositorTest {
    static final double X0 = 500000, Y0 = 2800000;
    static CoordinateReferenceSystem utm;

    @BeforeAll
    static void setUp() throws Exception {
        utm = CRS.decode("EPSG:32650", true);
    }

    private static IndexRaster raster(short[] codes) {
        return new ArrayIndexRaster(new RasterGrid(3, 3, X0, Y0, 10, 10), utm, 32650, codes);
    }

    private static short[] magnified(IndexRaster raster, boolean bilinear) throws Exception {
        TargetGrid target = new TargetGrid(utm, X0 + 5, Y0 - 25, X0 + 25, Y0 - 5, 8, 8);
        Compositor c = new Compositor(target, new CrsTransforms(), new RenderScratch(), false, bilinear, false, false);
        c.addAll(List.of(raster));
        return c.codes();
    }

    @Test
    void bilinearMagnificationReproducesALinearField() throws Exception {
        short[] codes = magnified(raster(new short[] {0, 1000, 2000, 1000, 2000, 3000, 2000, 3000, 4000}), true);
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                assertThat(codes[j * 8 + i]).as("pixel %d,%d", i, j).isEqualTo((short) (250 * (i + j) + 250));
            }
        }
    }

    /**
     * With cell (2, 2) no data: pixel (7, 7) lies in that cell and stays no data; pixel (5, 5) lies in cell
     * (1, 1) but its four surrounding centres include (2, 2), so it takes its own cell's 2000 (nearest);
     * pixel (3, 3) is surrounded by cells (0..1, 0..1) only: 250 · 6 + 250 = 1750.
     */
    @Test
    void bilinearFallsBackToTheNearestCellNextToNoData() throws Exception {
        short[] codes = magnified(raster(new short[] {0, 1000, 2000, 1000, 2000, 3000, 2000, 3000, NODATA}), true);
        assertThat(codes[7 * 8 + 7]).isEqualTo(NODATA);
        assertThat(codes[5 * 8 + 5]).isEqualTo((short) 2000);
        assertThat(codes[3 * 8 + 3]).isEqualTo((short) 1750);
    }

    /** Nearest neighbour: pixel i lies in cell floor(0.5 + 0.25 (i + 0.5)): 0 for i < 2, 1 for i < 6, else 2. */
    @Test
    void nearestMagnificationRepeatsEachCell() throws Exception {
        short[] codes = magnified(raster(new short[] {0, 1000, 2000, 1000, 2000, 3000, 2000, 3000, 4000}), false);
        int[] cell = {0, 0, 1, 1, 1, 1, 2, 2};
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                assertThat(codes[j * 8 + i]).as("pixel %d,%d", i, j).isEqualTo((short) (1000 * (cell[i] + cell[j])));
            }
        }
    }
}
