package greencover.core.index;

import greencover.core.raster.BandRole;

/** Checks the arrays given to {@link SpectralIndex#compute} and picks the array of a band role. */
final class IndexArrays {

    private IndexArrays() {}

    static void check(int n, SpectralIndex index, float[] red, float[] nir, float[] blue, float[] swir1,
                      byte[] classes, float[] out) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative but was " + n);
        for (BandRole b : index.requiredBands()) {
            float[] a = pick(b, red, nir, blue, swir1);
            if (a == null) throw new IllegalArgumentException(b.key() + " is required by " + index.key() + " but was null");
            if (a.length < n) throw new IllegalArgumentException(b.key() + " has " + a.length + " elements but n is " + n);
        }
        if (classes != null && classes.length < n) {
            throw new IllegalArgumentException("classes has " + classes.length + " elements but n is " + n);
        }
        if (out == null) throw new IllegalArgumentException("out must not be null");
        if (out.length < n) throw new IllegalArgumentException("out has " + out.length + " elements but n is " + n);
    }

    static float[] pick(BandRole role, float[] red, float[] nir, float[] blue, float[] swir1) {
        switch (role) {
            case RED: return red;
            case NIR: return nir;
            case BLUE: return blue;
            case SWIR1: return swir1;
            default: throw new IllegalArgumentException("bands: " + role.key() + " cannot be an index input");
        }
    }

    static double pick(BandRole role, double red, double nir, double blue, double swir1) {
        switch (role) {
            case RED: return red;
            case NIR: return nir;
            case BLUE: return blue;
            case SWIR1: return swir1;
            default: throw new IllegalArgumentException("bands: " + role.key() + " cannot be an index input");
        }
    }
}
