package greencover.core.zonal;

import static greencover.core.raster.PixelClass.CLOUD_CODE;
import static greencover.core.raster.PixelClass.SNOW_CODE;
import static greencover.core.raster.PixelClass.VALID_CODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class ZonalSummaryTest {

    private static final double TOL_M2 = 1e-3;

    /**
     * A 2 × 3 block in the middle of 4 × 3 data (stride 4, offset 1) with coverage in its own 3-wide array:
     * <pre>
     *   coverage        classes / values (block columns 1..2 of the data)
     *   1    0.5        valid 0.2   valid 0.4
     *   0.25 0          snow        valid 0.9   (the 0-coverage pixel is ignored)
     * </pre>
     * With 4 m² pixels: valid area 4 + 2 = 6, snow 1; Σw·v = 4×0.2 + 2×0.4 = 1.6; max 0.4 (0.9 has no weight).
     */
    @Test
    void addBlockHonoursOffsetsAndStridesAndIgnoresZeroCoverage() {
        float[] coverage = {9, 1, 0.5f, 9, 0.25f, 0};
        byte[] classes = {0, VALID_CODE, VALID_CODE, 0, 0, SNOW_CODE, VALID_CODE, 0, 0, 0, 0, 0};
        float[] values = {0, 0.2f, 0.4f, 0, 0, 0.5f, 0.9f, 0, 0, 0, 0, 0};
        ZonalSummary s = new ZonalSummary(10);
        s.addBlock(coverage, 1, 3, classes, values, 1, 4, 2, 2, 4.0);
        assertThat(s.validAreaM2()).isCloseTo(6, within(1e-9));
        assertThat(s.classAreaM2(PixelClass.SNOW)).isCloseTo(1, within(1e-9));
        assertThat(s.classAreaM2(PixelClass.NODATA)).isZero();
        assertThat(s.sumWeightedValues()).isCloseTo(1.6, within(1e-6));
        assertThat(s.min()).isCloseTo(0.2, within(1e-6));
        assertThat(s.max()).isCloseTo(0.4, within(1e-6));
        assertThat(s.greenAreaM2(0.3)).isCloseTo(2, within(1e-9));
        assertThat(s.binAreaM2(12000)).isCloseTo(4, within(1e-9)); // 0.2 → bin round(1.2 × 10000)
    }

    /** Values beyond [-1, 1] fall into the end bins: 1.5 counts as green for any threshold, -3 for none above -1. */
    @Test
    void valuesOutsideTheRangeClampIntoEndBins() {
        ZonalSummary s = new ZonalSummary(2);
        s.addBlock(new float[] {1, 1}, 0, 2, new byte[2], new float[] {1.5f, -3f}, 0, 2, 2, 1, 1.0);
        assertThat(s.binAreaM2(ZonalSummary.BINS - 1)).isEqualTo(1);
        assertThat(s.binAreaM2(0)).isEqualTo(1);
        assertThat(s.greenAreaM2(1)).isEqualTo(1);
        assertThat(s.greenAreaM2(-0.9999)).isEqualTo(1);
        assertThat(s.min()).isEqualTo(-3);
        assertThat(s.max()).isEqualTo(1.5);
    }

    @Test
    void emptySummaryHasNoExtremes() {
        ZonalSummary s = new ZonalSummary(5);
        assertThat(s.min()).isNaN();
        assertThat(s.max()).isNaN();
        assertThat(s.greenAreaM2(0)).isZero();
        assertThat(ZonalSummary.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void unknownClassCodeAndBadPixelAreaAreRejected() {
        ZonalSummary s = new ZonalSummary(1);
        assertThatThrownBy(() -> s.addBlock(new float[] {1}, 0, 1, new byte[] {7}, new float[] {0}, 0, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes");
        assertThatThrownBy(() -> s.addBlock(new float[] {1}, 0, 1, new byte[] {0}, new float[] {0}, 0, 1, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixelAreaM2");
        assertThatThrownBy(() -> new ZonalSummary(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("siteAreaM2");
    }

    /**
     * A star with a hole cut in two by a vertical line: the merged summaries of the two halves (each given the
     * whole site's area) equal the summary of the whole, up to summation order and the float rounding of
     * coverage (about 3e-8 of a 100 m² cell each, hence areas compared to 1e-3 m² of ~12 000 m²).
     */
    @Test
    void mergeOfTwoHalvesEqualsSummaryOfTheUnion() {
        RasterGrid grid = new RasterGrid(30, 20, 300000, 4500000, 10, 10);
        Geometry site = PolygonCoverageTest.star(new Coordinate(300150, 4499900), 120, 40, 37, 11L,
                new Coordinate(300150, 4499900), 15);
        Random rnd = new Random(5);
        byte[] classes = new byte[grid.width() * grid.height()];
        float[] values = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = rnd.nextInt(10) < 7 ? VALID_CODE : (byte) (1 + rnd.nextInt(4));
            values[i] = rnd.nextInt(20) == 0 ? Float.NaN : (float) (rnd.nextDouble() * 1.4 - 0.4);
        }
        GeometryFactory gf = site.getFactory();
        Geometry west = site.intersection(gf.toGeometry(new Envelope(299000, 300133, 4400000, 4600000)));
        Geometry east = site.intersection(gf.toGeometry(new Envelope(300133, 301000, 4400000, 4600000)));
        double siteArea = site.getArea();
        ZonalSummary whole = ZonalSummary.of(PolygonCoverage.of(site, grid), grid, classes, values, siteArea);
        ZonalSummary merged = ZonalSummary.of(PolygonCoverage.of(west, grid), grid, classes, values, siteArea);
        merged.merge(ZonalSummary.of(PolygonCoverage.of(east, grid), grid, classes, values, siteArea));

        assertThat(merged.siteAreaM2()).isEqualTo(siteArea);
        for (PixelClass c : PixelClass.values()) {
            assertThat(merged.classAreaM2(c)).as(c.key()).isCloseTo(whole.classAreaM2(c), within(TOL_M2));
        }
        assertThat(merged.sumWeightedValues()).isCloseTo(whole.sumWeightedValues(), within(TOL_M2));
        assertThat(merged.sumWeightedSquares()).isCloseTo(whole.sumWeightedSquares(), within(TOL_M2));
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        for (int k = 0; k < ZonalSummary.BINS; k++) {
            assertThat(merged.binAreaM2(k)).isCloseTo(whole.binAreaM2(k), within(TOL_M2));
        }
        ZonalStatistics a = ZonalStatistics.from(merged, 0.3, 0.05, 0.85);
        ZonalStatistics b = ZonalStatistics.from(whole, 0.3, 0.05, 0.85);
        assertThat(a.mean()).isCloseTo(b.mean(), within(1e-9));
        assertThat(a.greenFraction()).isCloseTo(b.greenFraction(), within(1e-9));
        assertThat(a.median()).isEqualTo(b.median());
        assertThat(a.nodataFraction()).isCloseTo(b.nodataFraction(), within(1e-9));
        // the coverage of the site's area inside the grid is fully accounted for by the five classes
        double covered = 0;
        for (PixelClass c : PixelClass.values()) covered += whole.classAreaM2(c);
        Geometry extent = gf.toGeometry(new Envelope(grid.minX(), grid.maxX(), grid.minY(), grid.maxY()));
        assertThat(covered).isCloseTo(site.intersection(extent).getArea(), within(TOL_M2));
    }

    @Test
    void bytesRoundTripExactly() {
        RasterGrid grid = new RasterGrid(3, 1, 0, 1, 1, 1);
        ZonalSummary s = ZonalSummary.of(PolygonCoverage.of(ZonalStatisticsTest.wholeGrid(grid), grid), grid,
                new byte[] {VALID_CODE, CLOUD_CODE, VALID_CODE}, new float[] {0.123456f, 0, -0.5f}, 3.25);
        byte[] bytes = s.toBytes();
        ZonalSummary back = ZonalSummary.fromBytes(bytes);
        assertThat(back).isEqualTo(s);
        assertThat(back.siteAreaM2()).isEqualTo(3.25);
        assertThat(back.classAreaM2(PixelClass.CLOUD)).isEqualTo(1);
        assertThat(back.min()).isEqualTo(-0.5);
        assertThat(back.binAreaM2(11235)).isEqualTo(1); // 0.123456 → round(11234.56) = 11235
        assertThat(bytes.length).isLessThan(200);
        assertThatThrownBy(() -> ZonalSummary.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes");
    }

    /**
     * A summary stored by an earlier release (encoding 1: five class areas, shadow inside cloud) still reads: its
     * areas are kept, its shadow is marked as counted in cloud, so shadowFraction is NaN (null in JSON) while the
     * clear fraction is valid + water. Bytes written by hand: format 1, site 4, class areas valid 1, nodata 0,
     * cloud 2, snow 0, water 1, moments Σw 1, Σwv 0.5, Σwv² 0.25, min = max 0.5, one histogram bin (15000) of 1.
     */
    @Test
    void aSummaryOfTheFirstEncodingReadsWithItsShadowMarkedAsCloud() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.DeflaterOutputStream(bytes))) {
            out.writeByte(1);
            out.writeDouble(4);
            for (double a : new double[] {1, 0, 2, 0, 1}) out.writeDouble(a);
            for (double m : new double[] {1, 0.5, 0.25, 0.5, 0.5}) out.writeDouble(m);
            out.writeInt(1);
            int gap = 15001; // from bin -1 to bin 15000, as a varint
            out.writeByte((gap & 0x7F) | 0x80);
            out.writeByte(gap >>> 7);
            out.writeDouble(1);
        }
        ZonalSummary old = ZonalSummary.fromBytes(bytes.toByteArray());
        assertThat(old.shadowSeparated()).isFalse();
        assertThat(old.classAreaM2(PixelClass.CLOUD)).isEqualTo(2);
        assertThat(old.classAreaM2(PixelClass.SHADOW)).isZero();
        ZonalStatistics st = ZonalStatistics.from(old, 0.3, 0.1, 0.8);
        assertThat(st.shadowFraction()).isNaN();
        assertThat(st.cloudFraction()).isEqualTo(0.5);
        assertThat(st.clearFraction()).isEqualTo(0.5);
        assertThat(st.validFraction()).isEqualTo(0.25);
        assertThat(st.mean()).isEqualTo(0.5);
        // rewritten, it stays marked; merged into a new summary, the merge is marked too
        assertThat(ZonalSummary.fromBytes(old.toBytes()).shadowSeparated()).isFalse();
        ZonalSummary fresh = new ZonalSummary(4);
        assertThat(fresh.shadowSeparated()).isTrue();
        fresh.merge(old);
        assertThat(fresh.shadowSeparated()).isFalse();
    }
}
