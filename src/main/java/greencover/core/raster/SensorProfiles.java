package greencover.core.raster;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Creates {@link SensorProfile}s from their registry ids, which are part of the public API:
 * <ul>
 *   <li>{@code "sentinel2-l2a"}: {@link Sentinel2L2A}, baseline resolved from the settings by
 *       {@link Sentinel2Baseline#resolve};</li>
 *   <li>{@code "landsat-c2l2"}: {@link LandsatC2L2} (Landsat 8/9 Collection 2 Level-2);</li>
 *   <li>{@code "generic"}: {@link GenericSensor}, which needs {@link SensorSettings#scale()}.</li>
 * </ul>
 */
public final class SensorProfiles {

    /** Accepted ids, in documentation order. */
    public static final List<String> IDS = List.of(Sentinel2L2A.ID, LandsatC2L2.ID, GenericSensor.ID);

    private SensorProfiles() {}

    /**
     * Creates the profile {@code id} (case-insensitive) for a scene described by {@code settings}.
     *
     * @throws IllegalArgumentException naming {@code sensor} and the accepted ids for an unknown id, or naming
     *         the missing or bad setting ({@code processingBaseline}, {@code scale}, ...)
     */
    public static SensorProfile of(String id, SensorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        switch (parseId(id)) {
            case Sentinel2L2A.ID:
                return new Sentinel2L2A(Sentinel2Baseline.resolve(
                        settings.processingBaseline(), settings.productName(), settings.acquired()));
            case LandsatC2L2.ID:
                return new LandsatC2L2();
            default:
                if (settings.scale() == null) {
                    throw new IllegalArgumentException("scale is required for sensor generic");
                }
                return new GenericSensor(settings.scale(), settings.offset() == null ? 0 : settings.offset(),
                        settings.nodataDn(), settings.maskedValues());
        }
    }

    /**
     * Normalises a sensor id (trimmed, lower case).
     *
     * @throws IllegalArgumentException naming {@code sensor} and the accepted ids when unknown
     */
    public static String parseId(String id) {
        String k = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        if (IDS.contains(k)) return k;
        throw new IllegalArgumentException("sensor: unknown sensor '" + id + "'; accepted values are "
                + String.join(", ", IDS));
    }
}
