package greencover.core.raster;

import static greencover.core.raster.IndexCodes.CLOUD;
import static greencover.core.raster.IndexCodes.NODATA;
import static greencover.core.raster.IndexCodes.WATER;
import static org.assertj.core.api.Assertions.assertThat;

import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;

class ArrayIndexRasterTest {

    /**
     * <pre>
     *  1000   3000 | CLOUD  CLOUD
     *  2000 NODATA | CLOUD NODATA
     *  ------------+-------------
     *  4000   4000 | NODATA NODATA
     *  4000   4000 | WATER  NODATA
     * </pre>
     * Level 1: mean(1000, 3000, 2000) = 2000; three clouds beat one no data; 4000; three no data beat one water.
     * Level 2: the mean of the seven valid level-0 values, 22000 / 7 = 3142.86 → 3143 (not the mean of the
     * level-1 means, 3000).
     */
    private static ArrayIndexRaster raster() throws Exception {
        short[] level0 = {
            1000, 3000, CLOUD, CLOUD,
            2000, NODATA, CLOUD, NODATA,
            4000, 4000, NODATA, NODATA,
            4000, 4000, WATER, NODATA,
        };
        return new ArrayIndexRaster(new RasterGrid(4, 4, 500000, 2800000, 10, 10), CRS.decode("EPSG:32650", true),
                32650, level0, 3);
    }

    @Test
    void overviewsHoldMeansOfValidValuesElseTheMostFrequentClass() throws Exception {
        ArrayIndexRaster r = raster();
        assertThat(r.levelCount()).isEqualTo(3);
        assertThat(r.grid(1).width()).isEqualTo(2);
        assertThat(r.sample(1, 0, 0)).isEqualTo((short) 2000);
        assertThat(r.sample(1, 1, 0)).isEqualTo(CLOUD);
        assertThat(r.sample(1, 0, 1)).isEqualTo((short) 4000);
        assertThat(r.sample(1, 1, 1)).isEqualTo(NODATA);
        assertThat(r.sample(2, 0, 0)).isEqualTo((short) 3143);
    }

    @Test
    void oddSizedGridSummarisesOnlyExistingCellsAtItsEdge() throws Exception {
        // 3 x 1: level 1 is 2 x 1; its second cell covers only the third value
        short[] level0 = {100, 300, -700};
        ArrayIndexRaster r = new ArrayIndexRaster(new RasterGrid(3, 1, 0, 10, 10, 10), CRS.decode("EPSG:32650", true),
                32650, level0, 2);
        assertThat(r.sample(1, 0, 0)).isEqualTo((short) 200);
        assertThat(r.sample(1, 1, 0)).isEqualTo((short) -700);
    }

    @Test
    void readFillsCellsOutsideTheGridWithNoData() throws Exception {
        ArrayIndexRaster r = raster();
        short[] out = new short[9];
        r.read(0, -1, -1, 3, 3, out);
        assertThat(out).containsExactly(NODATA, NODATA, NODATA, NODATA, (short) 1000, (short) 3000, NODATA, (short) 2000, NODATA);
        assertThat(r.sample(0, 4, 0)).isEqualTo(NODATA);
        assertThat(r.sample(0, 1, 0)).isEqualTo((short) 3000);
    }

    @Test
    void defaultLevelCountStopsAtTheFirstLevelWithin256Cells() {
        assertThat(ArrayIndexRaster.defaultLevelCount(new RasterGrid(4, 4, 0, 0, 1, 1))).isEqualTo(1);
        // 10980 → 5490 → 2745 → 1373 → 687 → 344 → 172
        assertThat(ArrayIndexRaster.defaultLevelCount(new RasterGrid(10980, 10980, 0, 0, 1, 1))).isEqualTo(7);
    }
}
