package greencover.core.raster;

import static greencover.core.raster.IndexCodes.CLOUD;
import static greencover.core.raster.IndexCodes.NODATA;
import static greencover.core.raster.IndexCodes.SNOW;
import static greencover.core.raster.IndexCodes.WATER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one overview rule, through both producers: the in-memory {@link ArrayIndexRaster} and a file written by
 * {@link IndexTiffWriter} and re-opened with {@link IndexTiff} must hold the same samples at every level, and at
 * level 2 the hand-computed values of the exact-over-level-0 rule (each differs from what a mean of rounded
 * level-1 means, or a mode over four level-1 codes, would give).
 */
class OverviewsTest {
    @TempDir Path dir;

    private static final short N = NODATA, C = CLOUD, S = SNOW, W = WATER;

    /**
     * The top 8 × 8 cells of an 8 × 520 grid (the rest is NODATA; 520 rows make the writer keep three levels:
     * 520 → 260 → 130). Level-2 cells, each over a 4 × 4 block:
     * <ul>
     *   <li>(0,0): seven valid values summing to 22000 → 3142.86 → 3143 (the level-1 means 2000 and 4000 would
     *       give 3000);</li>
     *   <li>(1,0): no valid value; WATER 8, CLOUD 6, NODATA 2 → WATER (the level-1 codes WATER, WATER, CLOUD,
     *       CLOUD would tie, and the tie rule would give CLOUD);</li>
     *   <li>(0,1): ten values 1 and 2 summing to 14 → 1.4 → 1 (the rounded level-1 means 2, 2, 2, 1 → 1.75 → 2);</li>
     *   <li>(1,1): six valid values summing to 31000 → 5166.67 → 5167 (the level-1 means 5000 and 5500 → 5250).</li>
     * </ul>
     */
    private static final short[] TOP = {
        1000, 3000, C, C,   W, W, W, W,
        2000, N, C, N,      W, C, W, C,
        4000, 4000, N, N,   C, C, C, C,
        4000, 4000, W, N,   W, N, W, N,
        1, 2, 1, 2,         C, C, 5000, 5000,
        N, N, N, N,         C, C, 5000, 5000,
        1, 2, 1, 1,         5000, 6000, S, S,
        N, N, 1, 2,         C, C, S, S,
    };

    private static final RasterGrid GRID = new RasterGrid(8, 520, 500000, 2800000, 10, 10);

    private static short[] level0() {
        short[] all = new short[8 * 520];
        Arrays.fill(all, NODATA);
        System.arraycopy(TOP, 0, all, 0, TOP.length);
        return all;
    }

    private Path written() {
        Path f = dir.resolve("overviews.tif");
        short[] all = level0();
        try (IndexTiffWriter w = IndexTiffWriter.create(f, GRID, 32650)) {
            // uneven strips, so overview rows are completed across strip boundaries
            int[] strips = {3, 5, 1, 511};
            int row = 0;
            for (int rows : strips) {
                w.writeRows(row, rows, Arrays.copyOfRange(all, row * 8, (row + rows) * 8));
                row += rows;
            }
            w.finish();
        }
        return f;
    }

    @Test
    void levelTwoIsExactOverLevelZeroInMemoryAndInTheWrittenFile() throws Exception {
        ArrayIndexRaster memory = new ArrayIndexRaster(GRID, CRS.decode("EPSG:32650", true), 32650, level0(), 3);
        try (IndexTiff file = IndexTiff.open(written())) {
            assertThat(file.levelCount()).isEqualTo(3);
            for (IndexRaster r : new IndexRaster[] {memory, file}) {
                assertThat(r.sample(2, 0, 0)).isEqualTo((short) 3143);
                assertThat(r.sample(2, 1, 0)).isEqualTo(WATER);
                assertThat(r.sample(2, 0, 1)).isEqualTo((short) 1);
                assertThat(r.sample(2, 1, 1)).isEqualTo((short) 5167);
                assertThat(r.sample(2, 0, 2)).isEqualTo(NODATA);
                // level 1 of the same blocks: plain 2 x 2 means and modes
                short[] level1 = new short[16];
                r.read(1, 0, 0, 4, 4, level1);
                assertThat(level1).containsExactly(
                        (short) 2000, C, W, W,
                        (short) 4000, N, C, C,
                        (short) 2, (short) 2, C, (short) 5000,
                        (short) 2, (short) 1, (short) 5500, S);
            }
        }
    }

    @Test
    void writtenFileAndInMemoryRasterAgreeOnEveryCellOfEveryLevel() throws Exception {
        ArrayIndexRaster memory = new ArrayIndexRaster(GRID, CRS.decode("EPSG:32650", true), 32650, level0(), 3);
        try (IndexTiff file = IndexTiff.open(written())) {
            for (int k = 0; k < 3; k++) {
                RasterGrid g = GRID.overview(k);
                short[] a = new short[(int) g.pixelCount()], b = new short[a.length];
                memory.read(k, 0, 0, g.width(), g.height(), a);
                file.read(k, 0, 0, g.width(), g.height(), b);
                assertThat(b).as("level %d", k).containsExactly(a);
            }
        }
    }

    @Test
    void rowsAreEmittedAsSoonAsTheLevelZeroRowsBeneathThemHaveArrived() {
        // 5 x 5, three levels: level 1 is 3 x 3 (rows after level-0 rows 1, 3, 4), level 2 is 2 x 2 (after 3, 4)
        RasterGrid grid = new RasterGrid(5, 5, 0, 50, 10, 10);
        StringBuilder log = new StringBuilder();
        Overviews o = new Overviews(grid, 3, (k, row, samples, width) -> log.append(k).append(':').append(row).append(' '));
        short[] row = {100, 200, 300, 400, 500};
        for (int r = 0; r < 5; r++) {
            o.addRow(row, 0);
            log.append('|');
        }
        assertThat(log.toString()).isEqualTo("|1:0 ||1:1 2:0 |1:2 2:1 |");
        assertThat(o.isComplete()).isTrue();
    }
}
