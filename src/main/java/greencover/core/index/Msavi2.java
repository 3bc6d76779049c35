package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The modified soil-adjusted vegetation index MSAVI2 = [2N + 1 − √((2N + 1)² − 8(N − R))] / 2
 * (Qi et al. 1994, RSE 48:119–126), whose soil factor adjusts itself; suited to young, sparse cover.
 * The expression has no quotient, so it is defined at N = R = 0 (value 0). Its discriminant equals
 * (2N − 1)² + 8R, non-negative whenever R ≥ 0 (which the sensor profiles guarantee by clamping); a negative
 * discriminant gives NaN. For reflectances in [0, 1] the value lies in [-1, 1]; it is clamped to that range.
 */
public record Msavi2() implements SpectralIndex {

    private static final ValueRange RANGE = ValueRange.of(-1, 1);

    @Override
    public String key() { return "msavi2"; }

    @Override
    public String title() { return "Modified Soil-Adjusted Vegetation Index 2"; }

    @Override
    public Set<BandRole> requiredBands() { return EnumSet.of(BandRole.RED, BandRole.NIR); }

    @Override
    public ValueRange outputRange() { return RANGE; }

    @Override
    public void compute(Bands reflectance, byte[] classes, float[] out) {
        int n = reflectance.n();
        float[] red = reflectance.require(BandRole.RED, key());
        float[] nir = reflectance.require(BandRole.NIR, key());
        IndexArrays.check(n, classes, out);
        for (int i = 0; i < n; i++) {
            out[i] = classes == null || classes[i] == PixelClass.VALID_CODE ? (float) of(red[i], nir[i]) : Float.NaN;
        }
    }

    private static double of(double red, double nir) {
        double b = 2 * nir + 1;
        double disc = b * b - 8 * (nir - red);
        if (disc < 0) return Double.NaN;
        double v = (b - Math.sqrt(disc)) / 2;
        return v < -1 ? -1 : v > 1 ? 1 : v;
    }
}
