package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The soil-adjusted vegetation index SAVI = (1 + L)(nir − red) / (nir + red + L) (Huete 1988, RSE 25:295–309),
 * L from 1 (very sparse cover) to 0 (dense, where SAVI equals NDVI); the registry's "savi" uses L = 0.5.
 * NaN where the denominator is 0 (only possible with negative reflectances). For reflectances in [0, 1]
 * the value lies in [-1, 1]; larger inputs are clamped to that range.
 *
 * @param soilFactorL the soil brightness factor L, in [0, 1]
 */
public record SoilAdjusted(String key, String title, double soilFactorL) implements SpectralIndex {

    private static final ValueRange RANGE = ValueRange.of(-1, 1);

    public SoilAdjusted {
        if (key == null || !key.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("key must be lower-case ASCII but was " + key);
        }
        if (title == null || title.isBlank()) throw new IllegalArgumentException("title must not be blank");
        if (!(soilFactorL >= 0 && soilFactorL <= 1)) {
            throw new IllegalArgumentException("soilFactorL must be in [0, 1] but was " + soilFactorL);
        }
    }

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
        double l = soilFactorL;
        for (int i = 0; i < n; i++) {
            out[i] = classes == null || classes[i] == PixelClass.VALID_CODE ? (float) of(red[i], nir[i], l) : Float.NaN;
        }
    }

    private static double of(double red, double nir, double l) {
        double den = nir + red + l;
        if (den == 0) return Double.NaN;
        double v = (1 + l) * (nir - red) / den;
        return v < -1 ? -1 : v > 1 ? 1 : v;
    }
}
