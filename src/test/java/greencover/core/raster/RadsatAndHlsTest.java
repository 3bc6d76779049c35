package greencover.core.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Landsat QA_RADSAT (issue 9, defect 9) and the HLS bandpass adjustment of Sentinel-2, on hand-computed pixels. */
class RadsatAndHlsTest {

    /**
     * Five pixels, DNs red 10000 (0.075), NIR 20000 (0.35), blue 10000, QA_PIXEL clear (64); QA_RADSAT 0, 8 (B4 red
     * saturated), 16 (B5 NIR), 2048 (terrain occlusion), 2 (B2 blue): pixels 1–3 are no data with NaN bands; pixel 4
     * stays valid with only blue NaN; pixel 0 untouched.
     */
    @Test
    void saturatedRedOrNirAndTerrainOcclusionAreNoDataWhileBlueSaturationBlanksOnlyBlue() {
        int n = 5;
        Map<BandRole, int[]> dn = new EnumMap<>(BandRole.class);
        dn.put(BandRole.RED, new int[] {10000, 10000, 10000, 10000, 10000});
        dn.put(BandRole.NIR, new int[] {20000, 20000, 20000, 20000, 20000});
        dn.put(BandRole.BLUE, new int[] {10000, 10000, 10000, 10000, 10000});
        dn.put(BandRole.MASK, new int[] {64, 64, 64, 64, 64});
        dn.put(BandRole.QA_RADSAT, new int[] {0, 8, 16, 2048, 2});
        float[] red = new float[n], nir = new float[n], blue = new float[n];
        byte[] cls = new byte[n];
        new LandsatC2L2().convert(DnBands.of(n, dn), Bands.of(n, Map.of(BandRole.RED, red, BandRole.NIR, nir, BandRole.BLUE, blue)), cls);
        assertThat(cls).containsExactly(PixelClass.VALID_CODE, PixelClass.NODATA_CODE, PixelClass.NODATA_CODE,
                PixelClass.NODATA_CODE, PixelClass.VALID_CODE);
        assertThat(red[0]).isCloseTo(0.075f, within(1e-6f));
        assertThat(nir[1]).isNaN();
        assertThat(red[3]).isNaN();
        assertThat(blue[4]).isNaN();
        assertThat(red[4]).isCloseTo(0.075f, within(1e-6f));
        assertThat(nir[4]).isCloseTo(0.35f, within(1e-6f));
    }

    /** A QA_RADSAT value of 0 is not a no-data DN: the quality band takes no part in the fill test. */
    @Test
    void radsatZeroIsNotFill() {
        Map<BandRole, int[]> dn = new EnumMap<>(BandRole.class);
        dn.put(BandRole.RED, new int[] {10000});
        dn.put(BandRole.NIR, new int[] {20000});
        dn.put(BandRole.QA_RADSAT, new int[] {0});
        byte[] cls = new byte[1];
        new LandsatC2L2().convert(DnBands.of(1, dn), Bands.of(1, Map.of(BandRole.RED, new float[1], BandRole.NIR, new float[1])), cls);
        assertThat(cls[0]).isEqualTo(PixelClass.VALID_CODE);
    }

    /**
     * S2A: red 0.1 → 0.9765·0.1 + 0.0009 = 0.09855; B8A 0.4 → 0.9983·0.4 − 0.0001 = 0.39922; blue 0.003 →
     * 0.9778·0.003 − 0.004 &lt; 0 → 0; the B08 band is not read for NIR. S2B: red 0.9761·0.1 + 0.001 = 0.09861, NIR
     * 0.9966·0.4 = 0.39864. S2C takes the S2A coefficients.
     */
    @Test
    void bandpassAdjustsEachBandWithItsPlatformsCoefficientsAndNirFromB8A() {
        Map<BandRole, float[]> in = new EnumMap<>(BandRole.class);
        in.put(BandRole.RED, new float[] {0.1f, Float.NaN});
        in.put(BandRole.NIR, new float[] {0.9f, 0.9f});
        in.put(BandRole.NIR08, new float[] {0.4f, 0.4f});
        in.put(BandRole.BLUE, new float[] {0.003f, 0.003f});
        Bands msi = Bands.of(2, in);
        Bands out = Bands.allocate(HlsBandpass.outputRoles(), 2);
        HlsBandpass.of("S2A").orElseThrow().apply(msi, out);
        assertThat(out.get(BandRole.RED)[0]).isCloseTo(0.09855f, within(1e-7f));
        assertThat(out.get(BandRole.RED)[1]).isNaN();
        assertThat(out.get(BandRole.NIR)[0]).isCloseTo(0.39922f, within(1e-7f));
        assertThat(out.get(BandRole.BLUE)[0]).isEqualTo(0f);
        assertThat(out.get(BandRole.GREEN)[0]).isNaN(); // absent in the input
        HlsBandpass.of("s2b").orElseThrow().apply(msi, out);
        assertThat(out.get(BandRole.RED)[0]).isCloseTo(0.09861f, within(1e-7f));
        assertThat(out.get(BandRole.NIR)[0]).isCloseTo(0.39864f, within(1e-7f));
        HlsBandpass s2c = HlsBandpass.of("S2C").orElseThrow();
        assertThat(s2c.coefficientsOf()).isEqualTo("S2A");
        assertThat(s2c.coefficients(BandRole.RED)).containsExactly(0.9765, 0.0009);
        assertThat(HlsBandpass.of("S2D")).isEmpty();
    }

    @Test
    void platformComesFromTheFieldThenTheProductNameElseIsAssumed() {
        assertThat(Sentinel2Platform.resolve(Map.of("platform", "S2C"), "S2B_MSIL2A_x").rule()).isEqualTo("field");
        Sentinel2Platform byName = Sentinel2Platform.resolve(Map.of(), "S2B_50RMN_20231001_0_L2A");
        assertThat(byName.bandpass().platform()).isEqualTo("S2B");
        assertThat(byName.rule()).isEqualTo("product-name");
        Sentinel2Platform assumed = Sentinel2Platform.resolve(Map.of(), "scene-2021-06-01");
        assertThat(assumed.bandpass().platform()).isEqualTo("S2A");
        assertThat(assumed.rule()).isEqualTo("assumed");
    }
}
