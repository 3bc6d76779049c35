package greencover.core.zonal;

import static greencover.core.raster.PixelClass.CLOUD_CODE;
import static greencover.core.raster.PixelClass.NODATA_CODE;
import static greencover.core.raster.PixelClass.VALID_CODE;
import static greencover.core.raster.PixelClass.WATER_CODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.RasterGrid;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * Statistics of tiny grids whose numbers are worked out by hand. Unless said otherwise the site is the whole
 * grid, so every cell has coverage 1.
 */
class ZonalStatisticsTest {

    private static final double EPS = 1e-6; // float pixel values
    /** 2 × 2 grid of 10 m pixels (100 m² each) in UTM-like coordinates. */
    private static final RasterGrid GRID_10M = new RasterGrid(2, 2, 500000, 4000000, 10, 10);
    /** 2 × 2 grid of 1 m pixels over [0, 2]². */
    private static final RasterGrid GRID_2 = new RasterGrid(2, 2, 0, 2, 1, 1);

    /**
     * Half-vegetated square of four 100 m² pixels:
     * <pre>
     *   0.8  0.1
     *   0.8  0.1
     * </pre>
     * mean (0.8 + 0.1) / 2 = 0.45, std |0.8 − 0.45| = 0.35, green (≥ 0.3) 200 of 400 m²; with soil 0.1 and
     * veg 0.8 the FVC is (1 + 0) / 2 = 0.5; lower median 0.1; 0.1 is bare and 0.8 dense.
     */
    @Test
    void halfVegetatedSquareHasMeanOfBothHalvesAndHalfGreen() {
        ZonalStatistics s = stats(GRID_10M, wholeGrid(GRID_10M), allValid(4), new float[] {0.8f, 0.1f, 0.8f, 0.1f},
                0.3, 0.1, 0.8);
        assertThat(s.siteAreaM2()).isCloseTo(400, within(1e-6));
        assertThat(s.validAreaM2()).isCloseTo(400, within(1e-6));
        assertThat(s.validFraction()).isCloseTo(1, within(1e-12));
        assertThat(s.nodataFraction()).isCloseTo(0, within(1e-12));
        assertThat(s.mean()).isCloseTo(0.45, within(EPS));
        assertThat(s.std()).isCloseTo(0.35, within(EPS));
        assertThat(s.min()).isCloseTo(0.1, within(EPS));
        assertThat(s.max()).isCloseTo(0.8, within(EPS));
        assertThat(s.greenAreaM2()).isCloseTo(200, within(1e-6));
        assertThat(s.greenFraction()).isCloseTo(0.5, within(1e-12));
        assertThat(s.threshold()).isEqualTo(0.3);
        assertThat(s.fvc()).isCloseTo(0.5, within(1e-9));
        assertThat(s.median()).isCloseTo(0.1, within(EPS));
        assertThat(s.p10()).isCloseTo(0.1, within(EPS));
        assertThat(s.p90()).isCloseTo(0.8, within(EPS));
        assertThat(s.classAreasM2()).containsKeys("bare", "sparse", "moderate", "dense");
        assertThat(s.classAreasM2().keySet()).containsExactly("bare", "sparse", "moderate", "dense");
        assertThat(s.classAreasM2().get("bare")).isCloseTo(200, within(1e-6));
        assertThat(s.classAreasM2().get("sparse")).isZero();
        assertThat(s.classAreasM2().get("moderate")).isZero();
        assertThat(s.classAreasM2().get("dense")).isCloseTo(200, within(1e-6));
    }

    /**
     * <pre>
     *   0.5 (valid)   0.7 (valid)
     *   no data       cloud
     * </pre>
     * mean 0.6 over the valid half; fractions valid 1/2, no data 1/4, cloud 1/4.
     */
    @Test
    void noDataAndCloudAreExcludedFromValuesButCountedInFractions() {
        ZonalStatistics s = stats(GRID_2, wholeGrid(GRID_2), new byte[] {VALID_CODE, VALID_CODE, NODATA_CODE, CLOUD_CODE},
                new float[] {0.5f, 0.7f, Float.NaN, 0.99f}, 0.3, 0.1, 0.8);
        assertThat(s.mean()).isCloseTo(0.6, within(EPS));
        assertThat(s.max()).isCloseTo(0.7, within(EPS));
        assertThat(s.validAreaM2()).isCloseTo(2, within(1e-12));
        assertThat(s.validFraction()).isCloseTo(0.5, within(1e-12));
        assertThat(s.nodataFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(s.cloudFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(s.snowFraction()).isZero();
        assertThat(s.waterFraction()).isZero();
        assertThat(s.greenFraction()).isCloseTo(1, within(1e-12));
    }

    /** A VALID pixel whose value is NaN counts as no data: values 0.5, NaN, 0.7 and one water pixel. */
    @Test
    void validPixelWithNaNValueCountsAsNoData() {
        ZonalStatistics s = stats(GRID_2, wholeGrid(GRID_2), new byte[] {VALID_CODE, VALID_CODE, VALID_CODE, WATER_CODE},
                new float[] {0.5f, Float.NaN, 0.7f, 0f}, 0.3, 0.1, 0.8);
        assertThat(s.mean()).isCloseTo(0.6, within(EPS));
        assertThat(s.validFraction()).isCloseTo(0.5, within(1e-12));
        assertThat(s.nodataFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(s.waterFraction()).isCloseTo(0.25, within(1e-12));
    }

    /** All four pixels cloudy: nothing to average, every value statistic is NaN, the fractions still sum to 1. */
    @Test
    void noValidPixelsGiveNaNStatisticsAndFractionsSummingToOne() {
        ZonalStatistics s = stats(GRID_2, wholeGrid(GRID_2), new byte[] {CLOUD_CODE, CLOUD_CODE, CLOUD_CODE, NODATA_CODE},
                new float[4], 0.3, 0.1, 0.8);
        for (double v : new double[] {s.mean(), s.std(), s.min(), s.max(), s.median(), s.p10(), s.p90(), s.fvc(),
                s.greenFraction()}) {
            assertThat(v).isNaN();
        }
        assertThat(s.greenAreaM2()).isZero();
        assertThat(s.validAreaM2()).isZero();
        assertThat(s.cloudFraction()).isCloseTo(0.75, within(1e-12));
        assertThat(s.nodataFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(fractionSum(s)).isCloseTo(1, within(1e-12));
        assertThat(s.classAreasM2().values()).containsOnly(0.0);
    }

    /**
     * The site [-1, 1] × [0.5, 3] (area 5) covers 1 + 0.5 = 1.5 m² of the 2 × 2 grid, all valid: valid fraction
     * 1.5 / 5 = 0.3, and the 3.5 m² outside the grid are no data (0.7).
     */
    @Test
    void siteAreaOutsideTheGridCountsAsNoData() {
        Geometry site = PolygonCoverageTest.read("POLYGON ((-1 0.5, 1 0.5, 1 3, -1 3, -1 0.5))");
        ZonalStatistics s = stats(GRID_2, site, allValid(4), new float[] {0.5f, 0.5f, 0.5f, 0.5f}, 0.3, 0.1, 0.8);
        assertThat(s.siteAreaM2()).isCloseTo(5, within(1e-12));
        assertThat(s.validAreaM2()).isCloseTo(1.5, within(1e-9));
        assertThat(s.validFraction()).isCloseTo(0.3, within(1e-9));
        assertThat(s.nodataFraction()).isCloseTo(0.7, within(1e-9));
        assertThat(fractionSum(s)).isCloseTo(1, within(1e-12));
        assertThat(s.mean()).isCloseTo(0.5, within(EPS));
    }

    /**
     * All-touched on the 4 m² offset square [0.5, 2.5] × [1.5, 3.5] of a 4 × 4 grid of 1 m cells takes the nine
     * overlapped cells, 9 m² &gt; 4 m²: the covered area becomes the denominator, so the fractions still sum to 1
     * (valid 8/9 with one cloudy cell, no data 0); the centre rule takes 4 cells = the site area.
     */
    @Test
    void coveredAreaLargerThanSiteUnderAllTouchedKeepsFractionsSummingToOne() {
        RasterGrid grid = new RasterGrid(4, 4, 0, 4, 1, 1);
        Geometry site = PolygonCoverageTest.read("POLYGON ((0.5 1.5, 2.5 1.5, 2.5 3.5, 0.5 3.5, 0.5 1.5))");
        byte[] classes = new byte[16];
        classes[5] = CLOUD_CODE; // the centre cell (1, 1)
        float[] values = new float[16];
        java.util.Arrays.fill(values, 0.5f);
        ZonalSummary touched = ZonalSummary.of(PolygonCoverage.of(site, grid, PixelRule.ALL_TOUCHED), grid, classes,
                values, site.getArea());
        ZonalStatistics s = ZonalStatistics.from(touched, 0.3, 0.1, 0.8);
        assertThat(s.siteAreaM2()).isCloseTo(4, within(1e-12));
        assertThat(s.validAreaM2()).isCloseTo(8, within(1e-12));
        assertThat(s.validFraction()).isCloseTo(8 / 9.0, within(1e-12));
        assertThat(s.cloudFraction()).isCloseTo(1 / 9.0, within(1e-12));
        assertThat(s.nodataFraction()).isCloseTo(0, within(1e-12));
        ZonalSummary centre = ZonalSummary.of(PolygonCoverage.of(site, grid, PixelRule.CENTER), grid, classes,
                values, site.getArea());
        ZonalStatistics c = ZonalStatistics.from(centre, 0.3, 0.1, 0.8);
        assertThat(c.validFraction()).isCloseTo(3 / 4.0, within(1e-12)); // cells (1,0), (2,0), (2,1) valid
        assertThat(c.cloudFraction()).isCloseTo(1 / 4.0, within(1e-12)); // cell (1,1)
    }

    /** Values 0.3, 0.2999, 0.3001, 0.5: a value equal to the threshold is green, so 3 of 4 at 0.3 and 1 at 0.5. */
    @Test
    void valueEqualToThresholdIsGreen() {
        ZonalSummary sum = summary(GRID_2, wholeGrid(GRID_2), allValid(4), new float[] {0.3f, 0.2999f, 0.3001f, 0.5f});
        assertThat(ZonalStatistics.from(sum, 0.3, 0.1, 0.8).greenFraction()).isCloseTo(0.75, within(1e-12));
        assertThat(ZonalStatistics.from(sum, 0.3, 0.1, 0.8).greenAreaM2()).isCloseTo(3, within(1e-12));
        assertThat(ZonalStatistics.from(sum, 0.5, 0.1, 0.8).greenFraction()).isCloseTo(0.25, within(1e-12));
        assertThat(ZonalStatistics.from(sum, 0.3001, 0.1, 0.8).greenFraction()).isCloseTo(0.5, within(1e-12));
        assertThat(ZonalStatistics.from(sum, -1, 0.1, 0.8).greenFraction()).isCloseTo(1, within(1e-12));
        assertThat(sum.greenAreaM2(0.2999)).isCloseTo(4, within(1e-12));
    }

    /** Values on the class breaks belong to the upper class: 0.1999 bare, 0.2 sparse, 0.4 moderate, 0.6 dense. */
    @Test
    void valueOnAClassBreakBelongsToTheUpperClass() {
        ZonalStatistics s = stats(GRID_2, wholeGrid(GRID_2), allValid(4), new float[] {0.2f, 0.4f, 0.6f, 0.1999f},
                0.3, 0.1, 0.8);
        assertThat(s.classAreasM2().get("bare")).isCloseTo(1, within(1e-12));
        assertThat(s.classAreasM2().get("sparse")).isCloseTo(1, within(1e-12));
        assertThat(s.classAreasM2().get("moderate")).isCloseTo(1, within(1e-12));
        assertThat(s.classAreasM2().get("dense")).isCloseTo(1, within(1e-12));
    }

    /**
     * FVC with soil 0.1 and vegetation 0.6 of values 0.05, 0.2, 0.5, 0.9: (v − 0.1) / 0.5 clamped gives
     * 0, 0.2, 0.8, 1, mean 2.0 / 4 = 0.5.
     */
    @Test
    void fvcIsMeanOfClampedScaledValues() {
        ZonalStatistics s = stats(GRID_2, wholeGrid(GRID_2), allValid(4), new float[] {0.05f, 0.2f, 0.5f, 0.9f},
                0.3, 0.1, 0.6);
        assertThat(s.fvc()).isCloseTo(0.5, within(1e-9));
    }

    /** Ten equal pixels 0.1, 0.2, ..., 1.0: lower quantiles p10 = 0.1, median = 0.5, p90 = 0.9. */
    @Test
    void quantilesOfEqualWeightsAreLowerQuantiles() {
        RasterGrid grid = new RasterGrid(10, 1, 0, 1, 1, 1);
        float[] values = new float[10];
        for (int i = 0; i < 10; i++) values[i] = (i + 1) / 10f;
        ZonalStatistics s = stats(grid, wholeGrid(grid), allValid(10), values, 0.3, 0.1, 0.8);
        assertThat(s.p10()).isCloseTo(0.1, within(EPS));
        assertThat(s.median()).isCloseTo(0.5, within(EPS));
        assertThat(s.p90()).isCloseTo(0.9, within(EPS));
        assertThat(s.mean()).isCloseTo(0.55, within(EPS));
    }

    /**
     * The site x in [0.25, 1.25] on a 2 × 1 grid covers 0.75 of the left pixel (0.2) and 0.25 of the right (0.6):
     * mean 0.75 × 0.2 + 0.25 × 0.6 = 0.3; median 0.2 (cumulative 0.75 ≥ 0.5); p90 0.6; green at 0.4 is 0.25.
     */
    @Test
    void partialCoverageWeighsValues() {
        RasterGrid grid = new RasterGrid(2, 1, 0, 1, 1, 1);
        Geometry site = PolygonCoverageTest.read("POLYGON ((0.25 0, 1.25 0, 1.25 1, 0.25 1, 0.25 0))");
        ZonalStatistics s = stats(grid, site, allValid(2), new float[] {0.2f, 0.6f}, 0.4, 0.1, 0.8);
        assertThat(s.validAreaM2()).isCloseTo(1, within(1e-9));
        assertThat(s.mean()).isCloseTo(0.3, within(EPS));
        assertThat(s.median()).isCloseTo(0.2, within(EPS));
        assertThat(s.p90()).isCloseTo(0.6, within(EPS));
        assertThat(s.greenFraction()).isCloseTo(0.25, within(1e-9));
        // std: sqrt(0.75 × 0.1² + 0.25 × 0.3²) = sqrt(0.03)
        assertThat(s.std()).isCloseTo(Math.sqrt(0.03), within(EPS));
    }

    @Test
    void argumentsAreChecked() {
        ZonalSummary sum = new ZonalSummary(1);
        assertThatThrownBy(() -> ZonalStatistics.from(sum, 1.5, 0.1, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> ZonalStatistics.from(sum, Double.NaN, 0.1, 0.8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> ZonalStatistics.from(sum, 0.3, 0.8, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ndviSoil").hasMessageContaining("ndviVeg");
        assertThatThrownBy(() -> ZonalStatistics.from(sum, 0.3, 0.5, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ndviSoil");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static Geometry wholeGrid(RasterGrid g) {
        return PolygonCoverageTest.read(String.format(java.util.Locale.ROOT,
                "POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))", g.minX(), g.minY(), g.maxX(), g.minY(),
                g.maxX(), g.maxY(), g.minX(), g.maxY(), g.minX(), g.minY()));
    }

    static byte[] allValid(int n) {
        return new byte[n];
    }

    static ZonalSummary summary(RasterGrid grid, Geometry site, byte[] classes, float[] values) {
        return ZonalSummary.of(PolygonCoverage.of(site, grid), grid, classes, values, site.getArea());
    }

    private static ZonalStatistics stats(RasterGrid grid, Geometry site, byte[] classes, float[] values,
                                         double threshold, double soil, double veg) {
        return ZonalStatistics.from(summary(grid, site, classes, values), threshold, soil, veg);
    }

    private static double fractionSum(ZonalStatistics s) {
        return s.validFraction() + s.cloudFraction() + s.snowFraction() + s.waterFraction() + s.nodataFraction();
    }
}
