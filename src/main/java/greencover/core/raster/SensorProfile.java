package greencover.core.raster;

import java.util.EnumSet;
import java.util.Map;
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

    /** Registry key of the sensor, e.g. {@code "sentinel2-l2a"}; see {@link SensorProviders}. */
    String id();

    /**
     * The settings this profile converts with, in the sensor's own vocabulary (e.g. Sentinel-2
     * {@code processingBaseline}, {@code baselineRule}, {@code offsetDn}), stored with the scene as one value and
     * shown with it; empty when the sensor has none.
     */
    default Map<String, String> settings() { return Map.of(); }

    /**
     * The conversion's part of a scene's identity: the same files converted with another identity are another
     * scene. It enters stored content hashes, so it must stay the same across releases for the same conversion.
     */
    String identity();

    /**
     * What the upload should be told about this conversion's settings (e.g. a file's scale and offset that were
     * ignored or contradict a declared field); empty by default. Each text starts with a short code and a colon.
     */
    default java.util.List<String> warnings() { return java.util.List.of(); }

    /** A fresh check of the converted data against this profile's declared offset, or null when there is none. */
    default DarkPixelCheck offsetCheck() { return null; }

    /** Bands that must be present: red and NIR. Blue, SWIR1 and the mask are optional. */
    default Set<BandRole> requiredBands() {
        return EnumSet.of(BandRole.RED, BandRole.NIR);
    }

    /**
     * Bands a scene of this sensor may have: red, NIR, blue, green, SWIR1 and the mask; a sensor adds its own
     * (Sentinel-2 {@link BandRole#NIR08}, Landsat {@link BandRole#QA_RADSAT}). Another role is refused at upload.
     */
    default Set<BandRole> acceptedBands() {
        return EnumSet.of(BandRole.RED, BandRole.NIR, BandRole.BLUE, BandRole.GREEN, BandRole.SWIR1, BandRole.MASK);
    }

    /**
     * The bandpass adjustment of this scene's reflectance to Landsat OLI, when the sensor has one (Sentinel-2:
     * {@link HlsBandpass}); empty for OLI itself and for sensors without one.
     */
    default java.util.Optional<HlsBandpass> bandpassToOli() { return java.util.Optional.empty(); }

    /**
     * Converts the {@code dn.n()} pixels of {@code dn} into {@code reflectanceOut} and {@code classOut}. Every
     * band of {@code dn} except {@link BandRole#MASK} takes part in the no-data test; {@code MASK}, when present, is
     * decoded into the pixel classes. Each band of {@code reflectanceOut} is written: with the reflectance of the
     * same role of {@code dn} where the pixel is VALID, NaN elsewhere and NaN throughout when {@code dn} lacks
     * that role. Bands of {@code dn} absent from {@code reflectanceOut} are only used for the no-data test.
     *
     * @throws IllegalArgumentException naming a band of {@link #requiredBands()} missing from {@code dn} or
     *         {@code reflectanceOut}, or an output shorter than {@code dn.n()}
     */
    void convert(DnBands dn, Bands reflectanceOut, byte[] classOut);
}
