package greencover.core.raster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GenericSensorTest {

    /**
     * scale 0.001, offset −0.05, nodata 255, masked {1, 2}:
     * pixel     0            1             2           3                4
     * red DN    100          255           100         30               0
     * mask      0            0             2           3                0
     * class     VALID        NODATA        CLOUD       VALID            VALID (0 is data here)
     * red ρ     0.05         NaN           NaN         −0.02 → 0        −0.05 → 0
     */
    @Test
    void scalesDnsAndMarksNodataAndMaskedValues() {
        GenericSensor s = new GenericSensor(0.001, -0.05, 255, new int[] {2, 1});
        int n = 5;
        float[] red = new float[n], nir = new float[n];
        byte[] cls = new byte[n];
        s.convert(TestBands.dn(n, new int[] {100, 255, 100, 30, 0}, new int[] {400, 400, 400, 400, 400}, null, null, new int[] {0, 0, 2, 3, 0}),
                TestBands.out(n, red, nir, null, null), cls);
        assertThat(cls).containsExactly(PixelClass.VALID_CODE, PixelClass.NODATA_CODE, PixelClass.CLOUD_CODE,
                PixelClass.VALID_CODE, PixelClass.VALID_CODE);
        assertThat(red[0]).isCloseTo(0.05f, within(1e-6f));
        assertThat(nir[0]).isCloseTo(0.35f, within(1e-6f));
        assertThat(Float.isNaN(red[1])).isTrue();
        assertThat(red[3]).isEqualTo(0f);
        assertThat(red[4]).isEqualTo(0f);
    }

    @Test
    void withoutNodataEveryDnIsData() {
        GenericSensor s = new GenericSensor(0.0001, 0, null, null);
        byte[] cls = new byte[1];
        float[] red = new float[1];
        s.convert(TestBands.dn(1, new int[] {0}, new int[] {5000}, null, null, null),
                TestBands.out(1, red, new float[1], null, null), cls);
        assertThat(cls[0]).isEqualTo(PixelClass.VALID_CODE);
        assertThat(red[0]).isEqualTo(0f);
    }

    @Test
    void rejectsZeroScaleNamingScale() {
        assertThatThrownBy(() -> new GenericSensor(0, 0, null, null)).hasMessageContaining("scale");
    }
}
