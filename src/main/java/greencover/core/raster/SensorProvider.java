package greencover.core.raster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything GreenCover knows about one sensor, found by its {@link #id()} in {@link SensorProviders}: the
 * parameters a scene of that sensor may carry, and the creation of the {@link SensorProfile} that converts the
 * scene's DNs. A new sensor is one implementation plus one line in {@link SensorProviders}; nothing else in the
 * code base names sensors. Implementations are immutable and thread-safe.
 */
public interface SensorProvider {

    /** Registry key, lower-case ASCII, e.g. {@code "sentinel2-l2a"}; part of the public API ({@code sensor=}). */
    String id();

    /** The parameters {@link #open} reads (possibly none), in documentation order. */
    List<SensorParameter> parameters();

    /**
     * The profile converting one scene of this sensor.
     *
     * @param fields      the scene's text fields by parameter name; fields this sensor does not declare are ignored
     * @param acquired    the acquisition date (UTC)
     * @param productName the product or item name, nullable
     * @throws InvalidSensorFieldException naming the parameter that is missing or malformed
     */
    SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName);

    /**
     * As {@link #open(Map, LocalDate, String)}, also given the scale and offset the red band's file declares in its
     * GDAL metadata ({@code redScaling}, null when none); providers that do not use file metadata ignore it.
     */
    default SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName, GdalScaling redScaling) {
        return open(fields, acquired, productName);
    }

    /**
     * Whether this sensor's reflectance is the reference of the HLS harmonisation (Landsat 8/9 OLI): its scenes enter a
     * harmonised series unchanged. False by default.
     */
    default boolean isOliReference() { return false; }
}
