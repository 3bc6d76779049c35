package greencover.core.raster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LandsatC2L2Test {

    private final LandsatC2L2 landsat = new LandsatC2L2();

    /** ρ = DN × 0.0000275 − 0.2: 10000 → 0.075, 20000 → 0.35, 7273 → 0.0000075, 7000 → −0.0075 → 0. */
    @ParameterizedTest
    @CsvSource({"10000, 0.075", "20000, 0.35", "7273, 0.0000075", "7000, 0.0", "43636, 0.99999"})
    void scalesDnToReflectance(int dn, float expected) {
        float[] red = new float[1], nir = new float[1];
        byte[] cls = new byte[1];
        landsat.convert(TestBands.dn(1, new int[] {dn}, new int[] {20000}, null, null, null),
                TestBands.out(1, red, nir, null, null), cls);
        assertThat(red[0]).isCloseTo(expected, within(1e-6f));
        assertThat(cls[0]).isEqualTo(PixelClass.VALID_CODE);
    }

    /** QA_PIXEL bits: 0 fill, 1 dilated cloud, 2 cirrus, 3 cloud, 4 shadow, 5 snow, 6 clear, 7 water. */
    @ParameterizedTest
    @CsvSource({
        "0b00001001, NODATA",  // fill + cloud
        "0b00101000, CLOUD",   // cloud + snow
        "0b10000000, WATER",   // water only
        "0b01000000, VALID",   // clear
        "0b00000000, VALID",
        "0b00100000, SNOW",
        "0b10100000, SNOW",    // snow + water
        "0b00000010, CLOUD",   // dilated cloud
        "0b00000100, CLOUD",   // cirrus
        "0b00010000, SHADOW",  // cloud shadow
        "0b00011000, CLOUD",   // cloud + shadow: cloud wins
        "0b00110000, SHADOW",  // shadow + snow: shadow wins
        "0b00000001, NODATA",
    })
    void decodesQaPixelBits(String bits, PixelClass expected) {
        int qa = Integer.parseInt(bits.substring(2), 2);
        float[] red = new float[1], nir = new float[1];
        byte[] cls = new byte[1];
        landsat.convert(TestBands.dn(1, new int[] {10000}, new int[] {20000}, null, null, new int[] {qa}),
                TestBands.out(1, red, nir, null, null), cls);
        assertThat(PixelClass.ofCode(cls[0])).isEqualTo(expected);
    }

    @Test
    void dnZeroIsFill() {
        byte[] cls = new byte[1];
        landsat.convert(TestBands.dn(1, new int[] {10000}, new int[] {0}, null, null, new int[] {64}),
                TestBands.out(1, new float[1], new float[1], null, null), cls);
        assertThat(cls[0]).isEqualTo(PixelClass.NODATA_CODE);
    }
}
