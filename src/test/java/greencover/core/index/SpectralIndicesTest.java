package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpectralIndicesTest {

    /**
     * Hand-computed values (R red, N nir, B blue, S swir1; NaN = undefined):
     * <pre>
     * ndvi   R .1 N .5       .4/.6 = .666667
     * ndvi   R .2 N .2       0/.4 = 0
     * ndvi   R .3 N .1       −.2/.4 = −.5
     * ndvi   R 0  N 0        0/0 → NaN
     * savi   R .1 N .5       1.5·.4/1.1 = .545455
     * savi   R .05 N .30     1.5·.25/.85 = .441176
     * savi   R 0 N 0         0/.5 = 0 (L keeps the denominator positive)
     * msavi2 R .1 N .5       2N+1 = 2, 4 − 8·.4 = .8, (2 − .894427)/2 = .552786
     * msavi2 R .05 N .30     2N+1 = 1.6, 2.56 − 2 = .56, (1.6 − .748331)/2 = .425834
     * msavi2 R 0 N 0         (1 − 1)/2 = 0
     * evi    R .1 N .5 B .05   2.5·.4/(.5 + .6 − .375 + 1) = 1/1.725 = .579710
     * evi    R .05 N .30 B .04 .625/(.3 + .3 − .3 + 1) = .625/1.3 = .480769
     * evi    R 0 N .6 B .2     1.5/(.6 − 1.5 + 1) = 1.5/.1 = 15 → clamped to 1
     * evi    R 0 N .2 B .2     denominator .2 − 1.5 + 1 = −.3 ≤ 0 → NaN
     * ndmi   N .5 S .3         .2/.8 = .25
     * ndmi   N .2 S .3         −.1/.5 = −.2
     * ndmi   N 0 S 0           0/0 → NaN
     * </pre>
     */
    @ParameterizedTest
    @CsvSource({
        "ndvi,   0.1,  0.5,  0,    0,   0.666667",
        "ndvi,   0.2,  0.2,  0,    0,   0.0",
        "ndvi,   0.3,  0.1,  0,    0,  -0.5",
        "ndvi,   0.0,  0.0,  0,    0,   NaN",
        "savi,   0.1,  0.5,  0,    0,   0.545455",
        "savi,   0.05, 0.30, 0,    0,   0.441176",
        "savi,   0.0,  0.0,  0,    0,   0.0",
        "msavi2, 0.1,  0.5,  0,    0,   0.552786",
        "msavi2, 0.05, 0.30, 0,    0,   0.425834",
        "msavi2, 0.0,  0.0,  0,    0,   0.0",
        "evi,    0.1,  0.5,  0.05, 0,   0.579710",
        "evi,    0.05, 0.30, 0.04, 0,   0.480769",
        "evi,    0.0,  0.6,  0.2,  0,   1.0",
        "evi,    0.0,  0.2,  0.2,  0,   NaN",
        "ndmi,   0,    0.5,  0,    0.3, 0.25",
        "ndmi,   0,    0.2,  0,    0.3, -0.2",
        "ndmi,   0,    0.0,  0,    0.0, NaN",
    })
    void computesHandCheckedValues(String key, float red, float nir, float blue, float swir1, double expected) {
        SpectralIndex index = SpectralIndices.defaults().parse(key);
        float[] out = new float[1];
        Bands bands = Bands.of(1, Map.of(BandRole.RED, new float[] {red}, BandRole.NIR, new float[] {nir},
                BandRole.BLUE, new float[] {blue}, BandRole.SWIR1, new float[] {swir1}));
        index.compute(bands, new byte[] {PixelClass.VALID_CODE}, out);
        double scalar = index.valueOf(Map.of(BandRole.RED, (double) red, BandRole.NIR, (double) nir,
                BandRole.BLUE, (double) blue, BandRole.SWIR1, (double) swir1));
        if (Double.isNaN(expected)) {
            assertThat(out[0]).isNaN();
            assertThat(scalar).isNaN();
        } else {
            assertThat((double) out[0]).isCloseTo(expected, within(1e-5));
            assertThat(scalar).isCloseTo(expected, within(1e-5));
            assertThat(index.outputRange().contains(out[0])).isTrue();
        }
    }

    /**
     * NIR:  .5  .5      RED: .1  .1      class: VALID  CLOUD      NDVI: .666667  NaN
     *       .5  .5           .1  .1             SNOW   NODATA           NaN      NaN
     * Classes may also be null (all VALID).
     */
    @Test
    void writesNaNForNonValidPixels() {
        float[] red = {0.1f, 0.1f, 0.1f, 0.1f}, nir = {0.5f, 0.5f, 0.5f, 0.5f}, out = new float[4];
        byte[] cls = {PixelClass.VALID_CODE, PixelClass.CLOUD_CODE, PixelClass.SNOW_CODE, PixelClass.NODATA_CODE};
        Bands redNir = Bands.of(4, Map.of(BandRole.RED, red, BandRole.NIR, nir));
        for (SpectralIndex i : SpectralIndices.defaults().available(EnumSet.of(BandRole.RED, BandRole.NIR))) {
            i.compute(redNir, cls, out);
            assertThat(out[0]).as(i.key()).isNotNaN();
            assertThat(out[1]).as(i.key()).isNaN();
            assertThat(out[2]).as(i.key()).isNaN();
            assertThat(out[3]).as(i.key()).isNaN();
        }
        SpectralIndices.NDVI.compute(redNir, null, out);
        assertThat(out[3]).isCloseTo(0.666667f, within(1e-5f));
    }

    /** Negative reflectance (unclamped input): red −.1, nir .5 → .6/.4 = 1.5 → clamped to 1. */
    @Test
    void clampsToOutputRange() {
        assertThat(SpectralIndices.NDVI.valueOf(Map.of(BandRole.RED, -0.1, BandRole.NIR, 0.5))).isEqualTo(1.0);
        assertThat(SpectralIndices.NDVI.outputRange()).isEqualTo(ValueRange.of(-1, 1));
    }

    @Test
    void availableDependsOnBands() {
        assertThat(SpectralIndices.defaults().available(EnumSet.of(BandRole.RED, BandRole.NIR)))
                .extracting(SpectralIndex::key).containsExactly("ndvi", "savi", "msavi2");
        assertThat(SpectralIndices.defaults().available(EnumSet.of(BandRole.RED, BandRole.NIR, BandRole.BLUE, BandRole.SWIR1)))
                .extracting(SpectralIndex::key).containsExactly("ndvi", "savi", "msavi2", "evi", "ndmi");
        assertThat(SpectralIndices.defaults().available(EnumSet.of(BandRole.NIR, BandRole.SWIR1)))
                .extracting(SpectralIndex::key).containsExactly("ndmi");
    }

    @Test
    void parseRejectsUnknownKeyNamingIndexAndAcceptedKeys() {
        assertThat(SpectralIndices.defaults().parse(" NDVI ")).isSameAs(SpectralIndices.NDVI);
        assertThatThrownBy(() -> SpectralIndices.defaults().parse("ndwi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index")
                .hasMessageContaining("ndvi, savi, msavi2, evi, ndmi");
    }

    @Test
    void eviRequiresBlueArrayNamingIt() {
        Bands redNir = Bands.of(1, Map.of(BandRole.RED, new float[1], BandRole.NIR, new float[1]));
        assertThatThrownBy(() -> SpectralIndices.EVI.compute(redNir, null, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blue");
    }

    @Test
    void registryIsExtendedByCopyAndRejectsDuplicateKeys() {
        SpectralIndex ndwi = new NormalizedDifference("gndvi-like", "Test index", BandRole.NIR, BandRole.BLUE);
        SpectralIndices extended = SpectralIndices.defaults().with(ndwi);
        assertThat(extended.keys()).endsWith("gndvi-like");
        assertThat(SpectralIndices.defaults().keys()).doesNotContain("gndvi-like");
        assertThatThrownBy(() -> SpectralIndices.defaults().with(SpectralIndices.NDVI)).hasMessageContaining("ndvi");
    }
}
