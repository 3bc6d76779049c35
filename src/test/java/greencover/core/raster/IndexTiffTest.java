package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.Raster;
import java.nio.file.Path;
import org.geotools.api.referencing.datum.PixelInCell;
import org.geotools.gce.geotiff.GeoTiffReader;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTiffTest {
    @TempDir Path dir;

    /** A 300 x 520 grid (2 x 3 tiles of 256, partial at the edges) whose sample is col + 1000*(row%7) - 3000. */
    private static short value(int col, int row) { return (short) (col + 1000 * (row % 7) - 3000); }

    private Path writePattern(RasterGrid grid) {
        Path f = dir.resolve("ndvi.tif");
        try (IndexTiffWriter w = IndexTiffWriter.create(f, grid, 32650)) {
            int strip = 100;
            for (int r0 = 0; r0 < grid.height(); r0 += strip) {
                int rows = Math.min(strip, grid.height() - r0);
                short[] data = new short[rows * grid.width()];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < grid.width(); c++) data[r * grid.width() + c] = value(c, r0 + r);
                w.writeRows(r0, rows, data);
            }
            w.finish();
        }
        return f;
    }

    @Test
    void samplesAndWindowsReadBackWhatWasWritten() {
        RasterGrid grid = new RasterGrid(300, 520, 440000, 2790000, 10, 10);
        try (IndexTiff t = IndexTiff.open(writePattern(grid))) {
            assertThat(t.grid()).isEqualTo(grid);
            assertThat(t.epsg()).isEqualTo(32650);
            assertThat(t.levelCount()).isEqualTo(3); // 300x520 -> 150x260 -> 75x130
            assertThat(t.sample(0, 0, 0)).isEqualTo(value(0, 0));
            assertThat(t.sample(0, 299, 519)).isEqualTo(value(299, 519));
            assertThat(t.sample(0, 257, 300)).isEqualTo(value(257, 300));
            assertThat(t.sample(0, 300, 0)).isEqualTo(IndexCodes.NODATA);
            assertThat(t.sample(0, -1, 0)).isEqualTo(IndexCodes.NODATA);
            short[] win = new short[20 * 3];
            t.read(0, 290, 255, 20, 3, win);   // crosses a tile boundary and the east edge
            assertThat(win[0]).isEqualTo(value(290, 255));
            assertThat(win[9]).isEqualTo(value(299, 255));
            assertThat(win[10]).isEqualTo(IndexCodes.NODATA);
            assertThat(win[20]).isEqualTo(value(290, 256));
            // overview level 1 cell (0,0) = mean of the 2x2 block: cols 0,1 rows 0,1
            double mean = (value(0, 0) + value(1, 0) + value(0, 1) + value(1, 1)) / 4.0;
            assertThat(t.sample(1, 0, 0)).isEqualTo((short) Math.round(mean));
        }
    }

    @Test
    void overviewTakesMeanOfValidValuesElseMostFrequentClass() {
        RasterGrid grid = new RasterGrid(4, 2, 0, 20, 10, 10);
        Path f = dir.resolve("classes.tif");
        try (IndexTiffWriter w = IndexTiffWriter.create(f, grid, 32634)) {
            // block 1: 1000, cloud, cloud, 3000 -> mean of valid = 2000
            // block 2: cloud, snow, snow, nodata -> snow (2 of 4)
            w.writeRows(0, 2, new short[] {1000, IndexCodes.CLOUD, IndexCodes.CLOUD, IndexCodes.SNOW,
                                           IndexCodes.CLOUD, 3000, IndexCodes.SNOW, IndexCodes.NODATA});
            w.finish();
        }
        // a 4x2 grid fits in one tile: no overview level is written
        try (IndexTiff t = IndexTiff.open(f)) {
            assertThat(t.levelCount()).isEqualTo(1);
        }
        RasterGrid big = new RasterGrid(600, 2, 0, 20, 10, 10);
        Path g = dir.resolve("classes2.tif");
        short[] rows = new short[1200];
        java.util.Arrays.fill(rows, IndexCodes.WATER);
        rows[0] = 1000; rows[601] = 3000; rows[1] = IndexCodes.CLOUD; rows[600] = IndexCodes.CLOUD;
        rows[2] = IndexCodes.CLOUD; rows[3] = IndexCodes.SNOW; rows[602] = IndexCodes.SNOW; rows[603] = IndexCodes.NODATA;
        try (IndexTiffWriter w = IndexTiffWriter.create(g, big, 32634)) {
            w.writeRows(0, 2, rows);
            w.finish();
        }
        try (IndexTiff t = IndexTiff.open(g)) {
            assertThat(t.levelCount()).isEqualTo(3); // 600x2 -> 300x1 -> 150x1
            assertThat(t.sample(1, 0, 0)).isEqualTo((short) 2000);
            assertThat(t.sample(1, 1, 0)).isEqualTo(IndexCodes.SNOW);
            assertThat(t.sample(1, 2, 0)).isEqualTo(IndexCodes.WATER);
        }
    }

    @Test
    void geoToolsReadsTheFileAsAGeoTiff() throws Exception {
        RasterGrid grid = new RasterGrid(300, 520, 440000, 2790000, 10, 10);
        Path f = writePattern(grid);
        GeoTiffReader r = new GeoTiffReader(f.toFile());
        try {
            assertThat(CRS.lookupEpsgCode(r.getCoordinateReferenceSystem(), false)).isEqualTo(32650);
            var at = (java.awt.geom.AffineTransform) r.getOriginalGridToWorld(PixelInCell.CELL_CORNER);
            assertThat(at.getTranslateX()).isEqualTo(440000.0);
            assertThat(at.getTranslateY()).isEqualTo(2790000.0);
            assertThat(at.getScaleX()).isEqualTo(10.0);
            Raster data = r.read(null).getRenderedImage().getData(new java.awt.Rectangle(0, 0, 300, 520));
            // GeoTools applies the declared GDAL scale (0.0001): stored 3257 reads as NDVI 0.3257
            assertThat(data.getSampleDouble(257, 300, 0)).isCloseTo(value(257, 300) * 1e-4, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(data.getSampleDouble(12, 3, 0)).isCloseTo(value(12, 3) * 1e-4, org.assertj.core.data.Offset.offset(1e-9));
        } finally {
            r.dispose();
        }
    }

    /**
     * A raster 20 000 px wide: a row of its 79 tiles would take 10 MiB, so the writer flushes 128 rows at a time;
     * every sample, the no-data beyond the last row and the file's size (within {@link IndexTiffWriter#fileBytes})
     * must come out as for any other raster.
     */
    @Test
    void aVeryWideRasterIsWrittenInPartialTileRowsWithoutHoles() throws Exception {
        RasterGrid grid = new RasterGrid(20000, 300, 440000, 2790000, 10, 10);
        Path f = writePattern(grid);
        try (IndexTiff t = IndexTiff.open(f)) {
            assertThat(t.sample(0, 19999, 299)).isEqualTo(value(19999, 299));
            assertThat(t.sample(0, 12345, 127)).isEqualTo(value(12345, 127));
            assertThat(t.sample(0, 12345, 128)).isEqualTo(value(12345, 128));
            assertThat(t.sample(0, 256, 256)).isEqualTo(value(256, 256));
            assertThat(t.sample(0, 0, 300)).isEqualTo(IndexCodes.NODATA);
        }
        long size = java.nio.file.Files.size(f);
        assertThat(size).isLessThanOrEqualTo(IndexTiffWriter.fileBytes(grid));
        // level 0 alone: 79 x 2 tiles of 256 x 256 x 2 bytes, and level 1 (10000 x 150: 40 tiles) after it
        assertThat(size).isGreaterThan((79 * 2 + 40) * 131072L);
    }

    /**
     * No file stays open: 33000 x 33000 cells is 129 x 129 tiles of 256² Int16 at level 0 = 2,181,169,152 bytes, more
     * than one memory map may hold, which the writer does not need (it writes through its channel), so it opens and
     * closes; a writer that cannot open its file (no such folder) leaves nothing open either.
     */
    @Test
    void aWriterLeavesNoFileOpen() throws Exception {
        Path f = dir.resolve("big.tif");
        RasterGrid grid = new RasterGrid(33000, 33000, 440000, 2790000, 10, 10);
        assertThat(openDescriptorsOn(f)).isZero();
        try (IndexTiffWriter w = IndexTiffWriter.create(f, grid, 32650)) {
            assertThat(openDescriptorsOn(f)).isEqualTo(1);
        }
        assertThat(openDescriptorsOn(f)).isZero();
        Path nowhere = dir.resolve("missing/ndvi.tif");
        for (int i = 0; i < 3; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexTiffWriter.create(nowhere, grid, 32650))
                    .isInstanceOf(java.io.UncheckedIOException.class);
        }
        assertThat(openDescriptorsOn(nowhere)).isZero();
    }

    /** How many of this process's file descriptors are open on {@code f} (Linux {@code /proc/self/fd}). */
    private static long openDescriptorsOn(Path f) throws java.io.IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc/self/fd");
        long n = 0;
        try (var s = java.nio.file.Files.list(fds)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(p).equals(f.toAbsolutePath())) n++;
                } catch (java.io.IOException gone) {
                    // the descriptor of the listing itself, closed meanwhile
                }
            }
        }
        return n;
    }
}
