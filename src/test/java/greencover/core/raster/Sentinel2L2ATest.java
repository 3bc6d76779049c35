package greencover.core.raster;

import greencover.core.index.SpectralIndices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Sentinel2L2ATest {

    private static final Sentinel2L2A PB0400 = new Sentinel2L2A(BaselineDecision.of(4.0, "field"));
    private static final Sentinel2L2A PB0212 = new Sentinel2L2A(BaselineDecision.of(2.12, "field"));

    /**
     * DOMAIN §2.2: true red 0.05, NIR 0.30 are stored under PB ≥ 04.00 as DN 1500 / 4000.
     * With the offset: (1500 − 1000)/10000 = 0.05, (4000 − 1000)/10000 = 0.30, NDVI = 0.25/0.35 = 0.714286.
     */
    @Test
    void offsetBaselineRecoversTrueReflectanceAndNdvi() {
        float[] red = new float[1], nir = new float[1], ndvi = new float[1];
        byte[] cls = new byte[1];
        PB0400.convert(TestBands.dn(1, new int[] {1500}, new int[] {4000}, null, null, null),
                TestBands.out(1, red, nir, null, null), cls);
        assertThat(cls[0]).isEqualTo(PixelClass.VALID_CODE);
        assertThat(red[0]).isCloseTo(0.05f, within(1e-6f));
        assertThat(nir[0]).isCloseTo(0.30f, within(1e-6f));
        SpectralIndices.NDVI.compute(TestBands.out(1, red, nir, null, null), cls, ndvi);
        assertThat(ndvi[0]).isCloseTo(0.714286f, within(1e-5f));
    }

    /** The same DNs read naively (no offset): 0.15 / 0.40, NDVI = 0.25/0.55 = 0.454545, biased low. */
    @Test
    void preOffsetBaselineReadsSameDnsNaively() {
        float[] red = new float[1], nir = new float[1], ndvi = new float[1];
        byte[] cls = new byte[1];
        PB0212.convert(TestBands.dn(1, new int[] {1500}, new int[] {4000}, null, null, null),
                TestBands.out(1, red, nir, null, null), cls);
        assertThat(red[0]).isCloseTo(0.15f, within(1e-6f));
        SpectralIndices.NDVI.compute(TestBands.out(1, red, nir, null, null), cls, ndvi);
        assertThat(ndvi[0]).isCloseTo(0.454545f, within(1e-5f));
    }

    @ParameterizedTest
    @CsvSource({
        "0, NODATA", "1, NODATA", "2, SHADOW", "3, SHADOW", "4, VALID", "5, VALID",
        "6, WATER", "7, VALID", "8, CLOUD", "9, CLOUD", "10, CLOUD", "11, SNOW", "12, NODATA", "255, NODATA",
    })
    void mapsEachSclCode(int scl, PixelClass expected) {
        float[] red = new float[1], nir = new float[1];
        byte[] cls = new byte[1];
        PB0400.convert(TestBands.dn(1, new int[] {1500}, new int[] {4000}, null, null, new int[] {scl}),
                TestBands.out(1, red, nir, null, null), cls);
        assertThat(PixelClass.ofCode(cls[0])).isEqualTo(expected);
        assertThat(Float.isNaN(red[0])).isEqualTo(expected != PixelClass.VALID);
    }

    /**
     * Pixels:        0           1           2             3                4
     * red DN       0           1500        1500          1500             500
     * nir DN       4000        4000        4000          4000             4000
     * blue DN      1200        0           1200          1200             1200
     * SCL          4 (veg)     4           9 (cloud)     0 (no data)      4
     * class        NODATA      NODATA      CLOUD         NODATA           VALID, red (500−1000)/1e4 < 0 → 0
     */
    @Test
    void zeroDnInAnyPresentBandIsNodataAndNegativeReflectanceClampsToZero() {
        int n = 5;
        float[] red = new float[n], nir = new float[n], blue = new float[n];
        byte[] cls = new byte[n];
        PB0400.convert(TestBands.dn(n, new int[] {0, 1500, 1500, 1500, 500}, new int[] {4000, 4000, 4000, 4000, 4000}, new int[] {1200, 0, 1200, 1200, 1200}, null, new int[] {4, 4, 9, 0, 4}),
                TestBands.out(n, red, nir, blue, null), cls);
        assertThat(cls).containsExactly(PixelClass.NODATA_CODE, PixelClass.NODATA_CODE, PixelClass.CLOUD_CODE,
                PixelClass.NODATA_CODE, PixelClass.VALID_CODE);
        assertThat(red[4]).isEqualTo(0f);
        assertThat(blue[4]).isCloseTo(0.02f, within(1e-6f));
        assertThat(Float.isNaN(blue[0])).isTrue();
    }

    @Test
    void withoutMaskOnlyDnZeroIsNotValidAndMissingOptionalBandFillsNaN() {
        float[] red = new float[2], nir = new float[2], swirOut = new float[2];
        byte[] cls = new byte[2];
        PB0212.convert(TestBands.dn(2, new int[] {300, 0}, new int[] {2500, 2500}, null, null, null),
                TestBands.out(2, red, nir, null, swirOut), cls);
        assertThat(cls).containsExactly(PixelClass.VALID_CODE, PixelClass.NODATA_CODE);
        assertThat(nir[0]).isCloseTo(0.25f, within(1e-6f));
        assertThat(Float.isNaN(swirOut[0])).isTrue();
    }

    @Test
    void rejectsShortArrayNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PB0400.convert(TestBands.dn(2, new int[2], new int[1], null, null, null),
                TestBands.out(2, new float[2], new float[2], null, null), new byte[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nir");
    }

    /**
     * Any band, not only the four of the first indices, is converted by role: green DN 1800 under PB 04.00 gives
     * (1800 − 1000)/10000 = 0.08; a green DN 0 makes the pixel NODATA like any other present band.
     */
    @Test
    void convertsGreenByRoleAndTakesItsZeroDnAsNodata() {
        float[] red = new float[2], nir = new float[2], green = new float[2];
        byte[] cls = new byte[2];
        DnBands dn = DnBands.of(2, java.util.Map.of(BandRole.RED, new int[] {1500, 1500},
                BandRole.NIR, new int[] {4000, 4000}, BandRole.GREEN, new int[] {1800, 0}));
        PB0400.convert(dn, Bands.of(2, java.util.Map.of(BandRole.RED, red, BandRole.NIR, nir, BandRole.GREEN, green)), cls);
        assertThat(cls).containsExactly(PixelClass.VALID_CODE, PixelClass.NODATA_CODE);
        assertThat(green[0]).isCloseTo(0.08f, within(1e-6f));
        assertThat(green[1]).isNaN();
    }
}
