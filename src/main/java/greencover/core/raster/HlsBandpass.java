package greencover.core.raster;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HLS bandpass adjustment of Sentinel-2 MSI surface reflectance to Landsat 8 OLI: per band
 * ρ_OLI = slope·ρ_MSI + offset, OLI being the reference (HLS v2.0, https://hls.gsfc.nasa.gov/algorithms/bandpass-adjustment/,
 * and the HLS v2.0 user guide; method of Claverie et al. 2018, Remote Sensing of Environment 219:145–161). The NIR of the
 * adjusted bands is MSI B8A ({@link BandRole#NIR08}), the equivalent of OLI B5; HLS leaves the broad B08 unadjusted, so
 * a scene without B8A has no harmonised bands.
 *
 * <table>
 *   <caption>Coefficients (slope, offset), reflectance 0–1</caption>
 *   <tr><th>band</th><th>S2A</th><th>S2B</th></tr>
 *   <tr><td>blue B02</td><td>0.9778, −0.004</td><td>0.9778, −0.004</td></tr>
 *   <tr><td>green B03</td><td>1.0053, −0.0009</td><td>1.0075, −0.0008</td></tr>
 *   <tr><td>red B04</td><td>0.9765, 0.0009</td><td>0.9761, 0.001</td></tr>
 *   <tr><td>NIR B8A</td><td>0.9983, −0.0001</td><td>0.9966, 0.000</td></tr>
 *   <tr><td>SWIR1 B11</td><td>0.9987, −0.0011</td><td>1.000, −0.0003</td></tr>
 * </table>
 * Sentinel-2C: the HLS tables we could find publish S2A and S2B only, so S2C takes the S2A coefficients (the
 * difference between the S2A and S2B rows, at most 0.0022 in slope on these bands, bounds the error we accept); the
 * platform rule recorded with the scene says so. Adjusted reflectances below 0 are clamped to 0, as every reflectance
 * ({@link SensorProfile}); NaN stays NaN.
 */
public final class HlsBandpass {
    /** Where the numbers come from, recorded with each harmonised scene. */
    public static final String SOURCE = "HLS v2.0 bandpass adjustment (Claverie et al. 2018)";

    private static final HlsBandpass S2A = new HlsBandpass("S2A", "S2A", new double[][] {
        {0.9778, -0.004}, {1.0053, -0.0009}, {0.9765, 0.0009}, {0.9983, -0.0001}, {0.9987, -0.0011}});
    private static final HlsBandpass S2B = new HlsBandpass("S2B", "S2B", new double[][] {
        {0.9778, -0.004}, {1.0075, -0.0008}, {0.9761, 0.001}, {0.9966, 0.0}, {1.000, -0.0003}});
    private static final HlsBandpass S2C = new HlsBandpass("S2C", "S2A", S2A.table());

    /** Output roles in the order of the coefficient rows; NIR is read from {@link BandRole#NIR08}. */
    private static final BandRole[] OUT = {BandRole.BLUE, BandRole.GREEN, BandRole.RED, BandRole.NIR, BandRole.SWIR1};
    private static final BandRole[] IN = {BandRole.BLUE, BandRole.GREEN, BandRole.RED, BandRole.NIR08, BandRole.SWIR1};

    private final String platform;
    private final String coefficientsOf;
    private final double[][] coefficients;

    private HlsBandpass(String platform, String coefficientsOf, double[][] coefficients) {
        this.platform = platform;
        this.coefficientsOf = coefficientsOf;
        this.coefficients = coefficients;
    }

    /** The adjustment of platform {@code S2A}, {@code S2B} or {@code S2C} (any case), if it is one of them. */
    public static Optional<HlsBandpass> of(String platform) {
        if (platform == null) return Optional.empty();
        return switch (platform.trim().toUpperCase(Locale.ROOT)) {
            case "S2A", "SENTINEL-2A" -> Optional.of(S2A);
            case "S2B", "SENTINEL-2B" -> Optional.of(S2B);
            case "S2C", "SENTINEL-2C" -> Optional.of(S2C);
            default -> Optional.empty();
        };
    }

    /** The platform, {@code S2A}, {@code S2B} or {@code S2C}. */
    public String platform() { return platform; }

    /** Whose coefficients are applied: the platform's own, or S2A's for S2C. */
    public String coefficientsOf() { return coefficientsOf; }

    /** (slope, offset) for the output role {@code role} (NIR: from B8A), or null when the role is not adjusted. */
    public double[] coefficients(BandRole role) {
        for (int k = 0; k < OUT.length; k++) if (OUT[k] == role) return coefficients[k].clone();
        return null;
    }

    private double[][] table() { return coefficients; }

    /** Whether {@code reflectance} holds what an adjustment needs: red and B8A. */
    public static boolean canAdjust(java.util.Set<BandRole> roles) {
        return roles.contains(BandRole.RED) && roles.contains(BandRole.NIR08);
    }

    /** The roles {@link #apply} writes. */
    public static java.util.Set<BandRole> outputRoles() {
        return java.util.EnumSet.of(BandRole.BLUE, BandRole.GREEN, BandRole.RED, BandRole.NIR, BandRole.SWIR1);
    }

    /**
     * Writes the adjusted bands of the first {@code in.n()} pixels of {@code in} into {@code out}: each role of
     * {@link #outputRoles()} present in {@code out} gets the adjusted band of its MSI equivalent (NIR from B8A), NaN
     * throughout when {@code in} lacks that band.
     *
     * @throws IllegalArgumentException when {@code out} is shorter than {@code in}
     */
    public void apply(Bands in, Bands out) {
        int n = in.n();
        if (out.n() < n) throw new IllegalArgumentException("out has " + out.n() + " pixels but in has " + n);
        for (int k = 0; k < OUT.length; k++) {
            float[] o = out.get(OUT[k]);
            if (o == null) continue;
            float[] a = in.get(IN[k]);
            if (a == null) {
                java.util.Arrays.fill(o, 0, n, Float.NaN);
                continue;
            }
            double slope = coefficients[k][0], offset = coefficients[k][1];
            for (int i = 0; i < n; i++) {
                float v = a[i];
                if (v != v) {
                    o[i] = Float.NaN;
                } else {
                    double r = slope * v + offset;
                    o[i] = r > 0 ? (float) r : 0f;
                }
            }
        }
    }

    /** Adjusted copies of one pixel's reflectances, for scalar checks. */
    public Map<BandRole, Double> adjust(Map<BandRole, Double> msi) {
        Map<BandRole, Double> m = new EnumMap<>(BandRole.class);
        for (int k = 0; k < OUT.length; k++) {
            Double v = msi.get(IN[k]);
            if (v != null) m.put(OUT[k], Math.max(0, coefficients[k][0] * v + coefficients[k][1]));
        }
        return m;
    }

    @Override
    public String toString() { return "HLS " + platform + (platform.equals(coefficientsOf) ? "" : " (" + coefficientsOf + " coefficients)"); }
}
