package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * A normalized-difference index (a − b) / (a + b), such as NDVI (nir, red) or NDMI (nir, swir1);
 * NaN where a + b = 0. Output range [-1, 1] (reached exactly for non-negative reflectances; clamped otherwise).
 *
 * @param positive the band a, any role but mask
 * @param negative the band b, any role but mask, different from a
 */
public record NormalizedDifference(String key, String title, BandRole positive, BandRole negative)
        implements SpectralIndex {

    private static final ValueRange RANGE = ValueRange.of(-1, 1);

    public NormalizedDifference {
        if (key == null || !key.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("key must be lower-case ASCII but was " + key);
        }
        if (title == null || title.isBlank()) throw new IllegalArgumentException("title must not be blank");
        if (positive == null || positive == BandRole.MASK) throw new IllegalArgumentException("positive must be a spectral band but was " + positive);
        if (negative == null || negative == BandRole.MASK) throw new IllegalArgumentException("negative must be a spectral band but was " + negative);
        if (positive == negative) throw new IllegalArgumentException("negative must differ from positive " + positive);
    }

    @Override
    public Set<BandRole> requiredBands() { return EnumSet.of(positive, negative); }

    @Override
    public ValueRange outputRange() { return RANGE; }

    @Override
    public void compute(Bands reflectance, byte[] classes, float[] out) {
        int n = reflectance.n();
        float[] a = reflectance.require(positive, key);
        float[] b = reflectance.require(negative, key);
        IndexArrays.check(n, classes, out);
        for (int i = 0; i < n; i++) {
            out[i] = classes == null || classes[i] == PixelClass.VALID_CODE ? (float) of(a[i], b[i]) : Float.NaN;
        }
    }

    private static double of(double a, double b) {
        double sum = a + b;
        if (sum == 0) return Double.NaN;
        double v = (a - b) / sum;
        return v < -1 ? -1 : v > 1 ? 1 : v;
    }
}
