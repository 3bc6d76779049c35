package greencover.core.index;

import greencover.core.raster.Bands;

/** Checks the arrays given to {@link SpectralIndex#compute} besides the bands, which {@link Bands#require} checks. */
final class IndexArrays {

    private IndexArrays() {}

    /**
     * @throws IllegalArgumentException when {@code classes} is shorter than {@code n}, or {@code out} null or
     *         shorter than {@code n}
     */
    static void check(int n, byte[] classes, float[] out) {
        if (classes != null && classes.length < n) {
            throw new IllegalArgumentException("classes has " + classes.length + " elements but n is " + n);
        }
        if (out == null) throw new IllegalArgumentException("out must not be null");
        if (out.length < n) throw new IllegalArgumentException("out has " + out.length + " elements but n is " + n);
    }
}
