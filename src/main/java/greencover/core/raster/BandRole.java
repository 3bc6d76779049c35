package greencover.core.raster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The role a band of an input scene plays in index computation, independent of the sensor's band
 * numbering (Sentinel-2 B04 and Landsat 8 B4 are both {@link #RED}). {@link #MASK} is the sensor's
 * quality layer (Sentinel-2 SCL, Landsat QA_PIXEL, or a generic cloud mask). {@link #NIR08} is Sentinel-2's narrow
 * NIR B8A (865 nm, 20 m), the equivalent of Landsat OLI B5 that the HLS bandpass adjustment uses
 * ({@link HlsBandpass}); {@link #NIR} stays B08 for the sensor's own indices. {@link #QA_RADSAT} is Landsat
 * Collection 2's radiometric saturation band ({@link LandsatC2L2}). MASK and QA_RADSAT are {@link #isQuality()
 * quality} bands: decoded into pixel classes, never converted to reflectance nor tested for no-data DNs.
 * The {@link #key()} is part of the public API (request parameters such as {@code bands=red,nir}).
 */
public enum BandRole {
    RED, NIR, BLUE, GREEN, SWIR1, MASK, NIR08, QA_RADSAT;

    /** Whether this is a quality band (MASK, QA_RADSAT) rather than reflectance. */
    public boolean isQuality() { return this == MASK || this == QA_RADSAT; }

    /** Lower-case key of this role, e.g. {@code "swir1"}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a role key, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming {@code bands} and the accepted values when {@code text} is unknown
     */
    public static BandRole parse(String text) {
        if (text != null) {
            String k = text.trim().toLowerCase(Locale.ROOT);
            if (k.equals("b8a") || k.equals("nir-narrow")) return NIR08;
            if (k.equals("radsat") || k.equals("qa-radsat")) return QA_RADSAT;
            for (BandRole r : values()) {
                if (r.key().equals(k)) return r;
            }
        }
        throw new IllegalArgumentException("bands: unknown band role '" + text + "'; accepted values are "
                + Arrays.stream(values()).map(BandRole::key).collect(Collectors.joining(", ")));
    }
}
