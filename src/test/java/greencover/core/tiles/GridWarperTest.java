package greencover.core.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.core.raster.RasterGrid;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.CRS;
import org.geotools.referencing.operation.transform.AbstractMathTransform;
import org.geotools.referencing.operation.transform.IdentityTransform;
import org.junit.jupiter.api.Test;

class GridWarperTest {

    @Test
    void identityTransformGivesEachPixelItsOwnSourceCell() throws Exception {
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        RasterGrid source = new RasterGrid(40, 30, 500000, 2800000, 10, 10);
        TargetGrid target = new TargetGrid(utm, 500000, 2799700, 500400, 2800000, 40, 30);
        MathTransform mt = new CrsTransforms().find(utm, utm);
        assertThat(mt.isIdentity()).isTrue();
        float[] col = new float[1200], row = new float[1200];
        new GridWarper(target, mt).fill(source, col, row);
        for (int j = 0; j < 30; j++) {
            for (int i = 0; i < 40; i++) {
                assertThat((int) Math.floor(col[j * 40 + i])).isEqualTo(i);
                assertThat((int) Math.floor(row[j * 40 + i])).isEqualTo(j);
                assertThat(Math.abs(col[j * 40 + i] - (i + 0.5))).isLessThan(1e-3);
            }
        }
    }

    @Test
    void halfResolutionGridMapsTwoTargetPixelsToOneSourceCell() throws Exception {
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        // source cells of 20 m, target pixels of 10 m on the same origin: pixel i lies in cell i / 2
        RasterGrid source = new RasterGrid(5, 5, 500000, 2800000, 20, 20);
        TargetGrid target = new TargetGrid(utm, 500000, 2799900, 500100, 2800000, 10, 10);
        float[] col = new float[100], row = new float[100];
        Extent bounds = new GridWarper(target, new CrsTransforms().find(utm, utm)).fill(source, col, row);
        for (int p = 0; p < 100; p++) {
            assertThat((int) Math.floor(col[p])).isEqualTo((p % 10) / 2);
            assertThat((int) Math.floor(row[p])).isEqualTo((p / 10) / 2);
        }
        // pixel centres 5, 15, ..., 95 m are cells 0.25 to 4.75
        assertThat(bounds.minX()).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(bounds.maxX()).isCloseTo(4.75, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(bounds.minY()).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(bounds.maxY()).isCloseTo(4.75, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void fillBoundsAreTheExtremesOfTheWrittenPositions() throws Exception {
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        CoordinateReferenceSystem merc = CRS.decode("EPSG:3857", true);
        MathTransform mt = new CrsTransforms().find(merc, utm);
        RasterGrid level0 = new RasterGrid(10980, 10980, 399960, 2900040, 10, 10);
        Extent z10 = TileMatrixSet.WEB_MERCATOR_QUAD.tileBounds(10, 845, 442);
        TargetGrid t = new TargetGrid(merc, z10.minX(), z10.minY(), z10.maxX(), z10.maxY(), 256, 256);
        float[] col = new float[65536], row = new float[65536];
        Extent b = new GridWarper(t, mt).fill(level0.overview(3), col, row);
        double c0 = Double.MAX_VALUE, c1 = -Double.MAX_VALUE, r0 = Double.MAX_VALUE, r1 = -Double.MAX_VALUE;
        for (int p = 0; p < col.length; p++) {
            c0 = Math.min(c0, col[p]);
            c1 = Math.max(c1, col[p]);
            r0 = Math.min(r0, row[p]);
            r1 = Math.max(r1, row[p]);
        }
        assertThat(b.minX()).isCloseTo(c0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(b.maxX()).isCloseTo(c1, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(b.minY()).isCloseTo(r0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(b.maxY()).isCloseTo(r1, org.assertj.core.api.Assertions.within(1e-3));
    }

    private static double maxErrorPx(TargetGrid target, RasterGrid source, MathTransform mt) throws Exception {
        return maxErrorPx(new GridWarper(target, mt), target, source, mt);
    }

    private static double maxErrorPx(GridWarper warper, TargetGrid target, RasterGrid source, MathTransform mt)
            throws Exception {
        int w = target.width(), h = target.height();
        float[] col = new float[w * h], row = new float[w * h];
        warper.fill(source, col, row);
        double worst = 0;
        double[] p = new double[2];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                p[0] = target.x(i);
                p[1] = target.y(j);
                mt.transform(p, 0, p, 0, 1);
                worst = Math.max(worst, Math.abs(source.colOf(p[0]) - col[j * w + i]));
                worst = Math.max(worst, Math.abs(source.rowOf(p[1]) - row[j * w + i]));
            }
        }
        return worst;
    }

    @Test
    void webMercatorTileOverUtmStaysWithinAnEighthOfASourcePixel() throws Exception {
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        CoordinateReferenceSystem merc = CRS.decode("EPSG:3857", true);
        MathTransform mt = new CrsTransforms().find(merc, utm);
        // zoom 12 and zoom 8 tiles around 117° E, 25° N (inside UTM zone 50), over a 10 m grid and its level 6
        RasterGrid level0 = new RasterGrid(10980, 10980, 399960, 2900040, 10, 10);
        TileMatrixSet tms = TileMatrixSet.WEB_MERCATOR_QUAD;
        Extent z12 = tms.tileBounds(12, 3379, 1769);
        Extent z8 = tms.tileBounds(8, 211, 110);
        TargetGrid t12 = new TargetGrid(merc, z12.minX(), z12.minY(), z12.maxX(), z12.maxY(), 256, 256);
        TargetGrid t8 = new TargetGrid(merc, z8.minX(), z8.minY(), z8.maxX(), z8.maxY(), 256, 256);
        assertThat(maxErrorPx(t12, level0, mt)).isLessThan(0.125);
        assertThat(maxErrorPx(t8, level0.overview(6), mt)).isLessThan(0.125);
        assertThat(maxErrorPx(t8, level0, mt)).isLessThan(0.125);
        // a 32 px control grid, as maps use it: fine at the level matching the tile (not at level 0 for z8)
        assertThat(maxErrorPx(new GridWarper(t12, mt, 32, 0.125), t12, level0, mt)).isLessThan(0.125);
        assertThat(maxErrorPx(new GridWarper(t8, mt, 32, 0.125), t8, level0.overview(6), mt)).isLessThan(0.125);
    }

    @Test
    void sourceUnitsPerPixelEstimatesTheTargetResolution() throws Exception {
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        TargetGrid target = new TargetGrid(utm, 500000, 2799000, 501000, 2800000, 100, 100);
        GridWarper w = new GridWarper(target, new CrsTransforms().find(utm, utm));
        assertThat(w.sourceUnitsPerPixel()).isCloseTo(10.0, org.assertj.core.api.Assertions.within(1e-9));
    }

    /** x → x mod 100, y unchanged: a "projection" that folds everything east of x = 100 back onto 0..100. */
    private static final class Folding extends AbstractMathTransform {
        @Override public int getSourceDimensions() { return 2; }

        @Override public int getTargetDimensions() { return 2; }

        @Override
        public void transform(double[] src, int srcOff, double[] dst, int dstOff, int n) {
            for (int k = 0; k < n; k++) {
                double x = src[srcOff + 2 * k], y = src[srcOff + 2 * k + 1];
                dst[dstOff + 2 * k] = x % 100;
                dst[dstOff + 2 * k + 1] = y;
            }
        }

        @Override
        public MathTransform inverse() { return IdentityTransform.create(2); }
    }

    @Test
    void positionsThatDoNotMapBackAreRejected() throws Exception {
        // Transverse Mercator folds like this far from its zone (zone 50 sends 78.5° W, 64.4° N into its scenes)
        CoordinateReferenceSystem utm = CRS.decode("EPSG:32650", true);
        RasterGrid source = new RasterGrid(10, 40, 0, 400, 10, 10);
        // 40 x 40 pixels of 10 m over x 0..400: only columns 0..9 (x < 100) are really in the source grid
        TargetGrid target = new TargetGrid(utm, 0, 0, 400, 400, 40, 40);
        float[] col = new float[1600], row = new float[1600];
        Extent bounds = new GridWarper(target, new Folding()).fill(source, col, row);
        assertThat(bounds.maxX()).as("rejected positions are not in the bounds").isLessThan(10);
        for (int j = 0; j < 40; j++) {
            for (int i = 0; i < 40; i++) {
                int p = j * 40 + i;
                if (i < 10) {
                    assertThat((int) Math.floor(col[p])).isEqualTo(i);
                    assertThat((int) Math.floor(row[p])).isEqualTo(j);
                } else {
                    assertThat(col[p]).as("pixel %d,%d", i, j).isNaN();
                }
            }
        }
    }
}
