package greencover.core.index;

import greencover.core.raster.BandRole;
import greencover.core.raster.Bands;

import java.util.Map;
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

    /** Bands the index reads (any roles but {@link BandRole#MASK}). */
    Set<BandRole> requiredBands();

    /** The interval every non-NaN output lies in. */
    ValueRange outputRange();

    /**
     * Computes the index of the {@code reflectance.n()} pixels into {@code out[0 .. n)}. Bands the index does not
     * use are ignored; {@code classes} may be null, meaning every pixel is VALID.
     *
     * @throws IllegalArgumentException naming a required band that is absent, or an array shorter than {@code n}
     */
    void compute(Bands reflectance, byte[] classes, float[] out);

    /**
     * The index of one VALID pixel from its reflectances by role (roles the index does not use may be absent),
     * in float precision like {@link #compute}; NaN where the formula is undefined. For tests and single points,
     * not for loops.
     */
    default double valueOf(Map<BandRole, Double> reflectance) {
        float[] out = new float[1];
        compute(Bands.pixel(reflectance), null, out);
        return out[0];
    }
}
