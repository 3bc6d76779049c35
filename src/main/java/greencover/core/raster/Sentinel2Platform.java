package greencover.core.raster;

import java.util.Locale;

/**
 * Which Sentinel-2 unit took a scene, for the {@link HlsBandpass} coefficients: the {@code platform} field
 * ({@code S2A}, {@code S2B}, {@code S2C}), else the product name's prefix ({@code S2B_MSIL2A_…}, Earth Search's
 * {@code S2B_50RMN_…}), else assumed S2A (the rule says so).
 *
 * @param bandpass the adjustment applied
 * @param rule     {@code field}, {@code product-name} or {@code assumed}
 */
public record Sentinel2Platform(HlsBandpass bandpass, String rule) {
    /** The optional upload field naming the unit. */
    public static final SensorParameter FIELD = new SensorParameter("platform", SensorParameter.Type.TEXT, null,
            "Sentinel-2 unit S2A, S2B or S2C, for the HLS bandpass adjustment of B8A scenes; default: the product name's "
                    + "S2A_/S2B_/S2C_ prefix, else S2A");

    /**
     * Resolves the platform of a scene.
     *
     * @throws InvalidSensorFieldException naming {@code platform} when the field is given but not a Sentinel-2 unit
     */
    public static Sentinel2Platform resolve(java.util.Map<String, String> fields, String productName) {
        String given = FIELD.text(fields);
        if (given != null && !given.isBlank()) {
            return new Sentinel2Platform(HlsBandpass.of(given).orElseThrow(() -> new InvalidSensorFieldException(FIELD.name(),
                    "platform must be S2A, S2B or S2C but was '" + given + "'")), "field");
        }
        if (productName != null && productName.length() >= 4 && productName.charAt(3) == '_') {
            var b = HlsBandpass.of(productName.substring(0, 3).toUpperCase(Locale.ROOT));
            if (b.isPresent()) return new Sentinel2Platform(b.get(), "product-name");
        }
        return new Sentinel2Platform(HlsBandpass.of("S2A").orElseThrow(), "assumed");
    }

    /** {@code hlsPlatform}, {@code hlsPlatformRule}, {@code hlsCoefficients} for a scene's settings. */
    public void putSettings(java.util.Map<String, String> m) {
        m.put("hlsPlatform", bandpass.platform());
        m.put("hlsPlatformRule", rule);
        m.put("hlsCoefficients", bandpass.coefficientsOf() + " of " + HlsBandpass.SOURCE);
    }
}
