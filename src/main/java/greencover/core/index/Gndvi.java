package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;
import greencover.core.raster.PixelClass;

import java.util.EnumSet;
import java.util.Set;

/**
 * The green normalized difference vegetation index GNDVI = (N − G)/(N + G) (Gitelson, Kaufman &amp; Merzlyak 1996,
 * RSE 58:289–298), NDVI with the green band in place of red: more sensitive to chlorophyll concentration and less
 * saturated over dense canopy. NaN where N + G = 0 (0/0 over a black pixel). Output range [-1, 1], reached exactly
 * for non-negative reflectances (which the sensor profiles guarantee by clamping); clamped otherwise.
 */
public record Gndvi() implements SpectralIndex {

    private static final ValueRange RANGE = ValueRange.of(-1, 1);

    @Override
    public String key() { return "gndvi"; }

    @Override
    public String title() { return "Green Normalized Difference Vegetation Index"; }

    @Override
    public Set<BandRole> requiredBands() { return EnumSet.of(BandRole.NIR, BandRole.GREEN); }

    @Override
    public ValueRange outputRange() { return RANGE; }

    @Override
    public void compute(Bands reflectance, byte[] classes, float[] out) {
        int n = reflectance.n();
        float[] nir = reflectance.require(BandRole.NIR, key());
        float[] green = reflectance.require(BandRole.GREEN, key());
        IndexArrays.check(n, classes, out);
        for (int i = 0; i < n; i++) {
            out[i] = classes == null || classes[i] == PixelClass.VALID_CODE ? (float) of(nir[i], green[i]) : Float.NaN;
        }
    }

    private static double of(double nir, double green) {
        double sum = nir + green;
        if (sum == 0) return Double.NaN;
        double v = (nir - green) / sum;
        return v < -1 ? -1 : v > 1 ? 1 : v;
    }
}
