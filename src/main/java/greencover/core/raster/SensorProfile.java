package greencover.core.raster;

import java.util.EnumSet;
import java.util.Set;

/**
 * Converts one sensor's raw digital numbers (DNs) to surface reflectance and classifies each pixel.
 *
 * <p>Conventions shared by all implementations:
 * <ul>
 *   <li>Reflectance is in 0–1 units. <b>Negative reflectances are clamped to 0</b> (DOMAIN §2.2): they occur
 *       over dark surfaces (water, shadow) with the Sentinel-2 PB 04.00 offset or the Landsat C2 scale, and
 *       would push ratio indices outside [-1, 1] (NDVI with red &lt; 0 exceeds 1) or make MSAVI2's square
 *       root undefined.</li>
 *   <li>Each pixel gets exactly one {@link PixelClass} code, in priority order NODATA (a present band equals
 *       the sensor's no-data DN, or the mask says no data) &gt; CLOUD &gt; SNOW &gt; WATER &gt; VALID.</li>
 *   <li>Reflectance outputs of non-VALID pixels are NaN.</li>
 * </ul>
 * Implementations are immutable and thread-safe.
 */
public interface SensorProfile {

    /** Registry key of the sensor, e.g. {@code "sentinel2-l2a"}; see {@link SensorProfiles}. */
    String id();

    /** Bands that must be present: red and NIR. Blue, SWIR1 and the mask are optional. */
    default Set<BandRole> requiredBands() {
        return EnumSet.of(BandRole.RED, BandRole.NIR);
    }

    /**
     * Converts {@code n} pixels. DNs are non-negative ints (unsigned 16-bit samples already widened).
     * The optional inputs {@code blue}, {@code swir1} and {@code mask} may be null; a null optional output is
     * not written, and an optional output whose input is null is filled with NaN.
     *
     * @throws IllegalArgumentException naming the array that is shorter than {@code n}
     */
    void convert(int n, int[] red, int[] nir, int[] blue, int[] swir1, int[] mask,
                 float[] redOut, float[] nirOut, float[] blueOut, float[] swir1Out, byte[] classOut);
}
