package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.core.index.SpectralIndices;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Sentinel2L2AHarmonizedTest {

    /**
     * DN 1500 / 4000 of a baseline-05.09 product already offset-applied: 0.15 / 0.40, NDVI 0.25/0.55 = 0.454545,
     * where {@code sentinel2-l2a} would subtract 1000 (0.05 / 0.30, NDVI 0.714286). SCL 9 → CLOUD, DN 0 → NODATA.
     */
    @Test
    void dividesDnsBy10000WhateverTheBaselineAndMasksWithScl() {
        SensorProfile h = SensorProviders.defaults().parse("sentinel2-l2a-harmonized")
                .open(Map.of("processingBaseline", "05.09"), LocalDate.of(2023, 6, 1),
                        "S2B_MSIL2A_20230601T030000_N0509_R032_T50RMN_20230601T050000");
        float[] red = new float[3], nir = new float[3], ndvi = new float[3];
        byte[] cls = new byte[3];
        h.convert(TestBands.dn(3, new int[] {1500, 1500, 0}, new int[] {4000, 4000, 4000}, null, null, new int[] {4, 9, 4}),
                TestBands.out(3, red, nir, null, null), cls);
        assertThat(cls).containsExactly(PixelClass.VALID_CODE, PixelClass.CLOUD_CODE, PixelClass.NODATA_CODE);
        assertThat(red[0]).isCloseTo(0.15f, within(1e-6f));
        assertThat(nir[0]).isCloseTo(0.40f, within(1e-6f));
        SpectralIndices.NDVI.compute(TestBands.out(3, red, nir, null, null), cls, ndvi);
        assertThat(ndvi[0]).isCloseTo(0.454545f, within(1e-5f));
        assertThat(ndvi[1]).isNaN();
        assertThat(h.settings()).containsExactly(Map.entry("offsetDn", "0"), Map.entry("hlsPlatform", "S2B"),
                Map.entry("hlsPlatformRule", "product-name"), Map.entry("hlsCoefficients", "S2B of " + HlsBandpass.SOURCE));
        assertThat(h.identity()).isNotEqualTo(new LandsatC2L2().identity());
    }
}
