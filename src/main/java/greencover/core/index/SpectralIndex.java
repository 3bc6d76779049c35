package greencover.core.index;

import greencover.core.raster.BandRole;

import java.util.Set;

/**
 * A per-pixel vegetation index computed from surface reflectance in 0–1 units.
 *
 * <p>Contract of every implementation: the output is NaN where the pixel class is not
 * {@link greencover.core.raster.PixelClass#VALID}, where a required reflectance is NaN, and where the formula
 * is undefined (0/0); every other output is clamped to {@link #outputRange()}. Implementations are immutable.
 * The built-in indices are in {@link SpectralIndices}.
 */
public interface SpectralIndex {

    /** Registry key, lower-case ASCII (e.g. {@code "ndvi"}); part of the public API. */
    String key();

    /** Human-readable title for legends, e.g. "Normalized Difference Vegetation Index". */
    String title();

    /** Bands the index reads; a subset of red, nir, blue, swir1. */
    Set<BandRole> requiredBands();

    /** The interval every non-NaN output lies in. */
    ValueRange outputRange();

    /**
     * Computes the index of one pixel from its reflectances (bands the index does not use are ignored and
     * may be NaN). Returns NaN where the formula is undefined.
     */
    double valueOf(double red, double nir, double blue, double swir1);

    /**
     * Computes the index of {@code n} pixels into {@code out[0 .. n)}. Arrays of bands the index does not use
     * may be null; {@code classes} may be null, meaning every pixel is VALID.
     *
     * @throws IllegalArgumentException naming a required array that is null or shorter than {@code n}
     */
    void compute(int n, float[] red, float[] nir, float[] blue, float[] swir1, byte[] classes, float[] out);
}
