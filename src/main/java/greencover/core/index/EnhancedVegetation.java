package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The enhanced vegetation index EVI = 2.5 (N − R) / (N + 6R − 7.5B + 1) (Huete et al. 2002, RSE 83:195–213),
 * less saturated than NDVI over dense canopy and corrected for aerosol with the blue band.
 *
 * <p>Unlike the normalized differences, EVI is not bounded by its formula: its denominator reaches 0 when
 * 7.5·blue ≈ 1 + NIR + 6·red, i.e. over surfaces bright in blue (haze, residual thin cloud, snow, bright
 * tailings), where the quotient explodes. Therefore:
 * <ul>
 *   <li>a denominator ≤ 0 gives NaN (the sign of the quotient is meaningless there, and 0/0 is undefined);</li>
 *   <li>other values are clamped to [-1, 1], the range of EVI over real vegetation and soil, so that a
 *       near-zero denominator cannot produce values like 15 that would dominate zonal means.</li>
 * </ul>
 */
public record EnhancedVegetation() implements SpectralIndex {

    private static final ValueRange RANGE = ValueRange.of(-1, 1);

    @Override
    public String key() { return "evi"; }

    @Override
    public String title() { return "Enhanced Vegetation Index"; }

    @Override
    public Set<BandRole> requiredBands() { return EnumSet.of(BandRole.RED, BandRole.NIR, BandRole.BLUE); }

    @Override
    public ValueRange outputRange() { return RANGE; }

    @Override
    public void compute(Bands reflectance, byte[] classes, float[] out) {
        int n = reflectance.n();
        float[] red = reflectance.require(BandRole.RED, key());
        float[] nir = reflectance.require(BandRole.NIR, key());
        float[] blue = reflectance.require(BandRole.BLUE, key());
        IndexArrays.check(n, classes, out);
        for (int i = 0; i < n; i++) {
            out[i] = classes == null || classes[i] == PixelClass.VALID_CODE
                    ? (float) of(red[i], nir[i], blue[i]) : Float.NaN;
        }
    }

    private static double of(double red, double nir, double blue) {
        double den = nir + 6 * red - 7.5 * blue + 1;
        if (!(den > 0)) return Double.NaN;
        double v = 2.5 * (nir - red) / den;
        return v < -1 ? -1 : v > 1 ? 1 : v;
    }
}
