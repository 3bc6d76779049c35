package greencover.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GndviTest {

    /**
     * GNDVI = (N − G)/(N + G), hand-computed:
     * <pre>
     * N .45 G .09    .36/.54 = .666667
     * N .22 G .15    .07/.37 = .189189
     * N .10 G .30    −.20/.40 = −.5
     * N 0   G 0      0/0 → NaN
     * </pre>
     */
    @ParameterizedTest
    @CsvSource({
        "0.45, 0.09, 0.666667",
        "0.22, 0.15, 0.189189",
        "0.10, 0.30, -0.5",
        "0.0,  0.0,  NaN",
    })
    void computesHandCheckedValues(float nir, float green, double expected) {
        SpectralIndex gndvi = SpectralIndices.defaults().parse("gndvi");
        float[] out = new float[1];
        gndvi.compute(Bands.of(1, Map.of(BandRole.NIR, new float[] {nir}, BandRole.GREEN, new float[] {green})),
                new byte[] {PixelClass.VALID_CODE}, out);
        if (Double.isNaN(expected)) {
            assertThat(out[0]).isNaN();
        } else {
            assertThat((double) out[0]).isCloseTo(expected, within(1e-5));
            assertThat(gndvi.valueOf(Map.of(BandRole.NIR, (double) nir, BandRole.GREEN, (double) green)))
                    .isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void isAvailableOnlyWithGreenAndNaNOutsideValidPixels() {
        assertThat(SpectralIndices.defaults().available(EnumSet.of(BandRole.RED, BandRole.NIR, BandRole.GREEN)))
                .extracting(SpectralIndex::key).contains("gndvi");
        assertThat(SpectralIndices.defaults().available(EnumSet.of(BandRole.RED, BandRole.NIR, BandRole.BLUE, BandRole.SWIR1)))
                .extracting(SpectralIndex::key).doesNotContain("gndvi");
        float[] out = new float[2];
        new Gndvi().compute(Bands.of(2, Map.of(BandRole.NIR, new float[] {0.5f, 0.5f}, BandRole.GREEN, new float[] {0.1f, 0.1f})),
                new byte[] {PixelClass.VALID_CODE, PixelClass.CLOUD_CODE}, out);
        assertThat(out[0]).isCloseTo(0.666667f, within(1e-5f));
        assertThat(out[1]).isNaN();
        assertThatThrownBy(() -> new Gndvi().compute(Bands.of(1, Map.of(BandRole.NIR, new float[1])), null, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("green");
    }
}
