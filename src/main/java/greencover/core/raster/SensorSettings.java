package greencover.core.raster;

import java.time.LocalDate;

/**
 * The per-scene facts a {@link SensorProfile} may need, all optional: the Sentinel-2 baseline sources
 * (see {@link Sentinel2Baseline#resolve}) and the linear scale, no-data DN and masked values of a
 * {@link GenericSensor}. Fields a sensor does not use are ignored.
 *
 * @param scale  reflectance per DN (generic only; required there)
 * @param offset reflectance at DN 0 (generic only; null means 0)
 */
public record SensorSettings(String processingBaseline, String productName, LocalDate acquired,
                             Double scale, Double offset, Integer nodataDn, int[] maskedValues) {

    public SensorSettings {
        maskedValues = maskedValues == null ? null : maskedValues.clone();
    }

    /** Settings with nothing set (enough for Landsat C2 L2). */
    public static SensorSettings none() {
        return new SensorSettings(null, null, null, null, null, null, null);
    }

    /** Settings carrying the Sentinel-2 baseline sources, any of which may be null. */
    public static SensorSettings sentinel2(String processingBaseline, String productName, LocalDate acquired) {
        return new SensorSettings(processingBaseline, productName, acquired, null, null, null, null);
    }

    /** Settings for a {@link GenericSensor}. */
    public static SensorSettings generic(double scale, double offset, Integer nodataDn, int[] maskedValues) {
        return new SensorSettings(null, null, null, scale, offset, nodataDn, maskedValues);
    }

    @Override
    public int[] maskedValues() { return maskedValues == null ? null : maskedValues.clone(); }
}
