package greencover.core.raster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The role a band of an input scene plays in index computation, independent of the sensor's band
 * numbering (Sentinel-2 B04 and Landsat 8 B4 are both {@link #RED}). {@link #MASK} is the sensor's
 * quality layer (Sentinel-2 SCL, Landsat QA_PIXEL, or a generic cloud mask).
 * The {@link #key()} is part of the public API (request parameters such as {@code bands=red,nir}).
 */
public enum BandRole {
    RED, NIR, BLUE, GREEN, SWIR1, MASK;

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
            for (BandRole r : values()) {
                if (r.key().equals(k)) return r;
            }
        }
        throw new IllegalArgumentException("bands: unknown band role '" + text + "'; accepted values are "
                + Arrays.stream(values()).map(BandRole::key).collect(Collectors.joining(", ")));
    }
}
