package greencover.core.raster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Converts Sentinel-2 Level-2A DNs: reflectance = (DN + offsetDn) / 10000 with the offset of the product's
 * {@link BaselineDecision} (-1000 from PB 04.00), DN 0 = no data.
 *
 * <p>The optional mask is the Scene Classification Layer (SCL), resampled to the band grid by nearest
 * neighbour: 0 NO_DATA and 1 SATURATED_OR_DEFECTIVE → NODATA; 2 DARK_AREA (topographic shadow) and 3 CLOUD_SHADOW
 * → SHADOW; 8/9 CLOUD medium/high, 10 THIN_CIRRUS → CLOUD; 11 SNOW → SNOW; 6 WATER → WATER; 4 VEGETATION,
 * 5 NOT_VEGETATED and 7 UNCLASSIFIED → VALID. Values outside 0–11 (e.g. a 255 fill) → NODATA.
 */
public final class Sentinel2L2A implements SensorProfile {

    /** Registry id. */
    public static final String ID = "sentinel2-l2a";
    private static final byte[] SCL_CLASS = {
        PixelClass.NODATA_CODE, PixelClass.NODATA_CODE,              // 0 no data, 1 saturated/defective
        PixelClass.SHADOW_CODE, PixelClass.SHADOW_CODE,              // 2 dark area, 3 cloud shadow
        PixelClass.VALID_CODE, PixelClass.VALID_CODE,                // 4 vegetation, 5 not vegetated
        PixelClass.WATER_CODE, PixelClass.VALID_CODE,                // 6 water, 7 unclassified
        PixelClass.CLOUD_CODE, PixelClass.CLOUD_CODE, PixelClass.CLOUD_CODE, // 8, 9 cloud, 10 cirrus
        PixelClass.SNOW_CODE                                         // 11 snow/ice
    };

    private final BaselineDecision baseline;
    private final Sentinel2Platform platform;
    private final int offsetDn;
    private final String offsetRule;
    private final Boolean offsetApplied;
    private final java.util.List<String> warnings;

    /** The conversion with the offset {@code baseline} implies (rule {@code baseline}). */
    public Sentinel2L2A(BaselineDecision baseline) {
        this(baseline, baseline.offsetDn(), "baseline", null, java.util.List.of());
    }

    /**
     * The conversion with BOA offset {@code offsetDn} (−1000 or 0) decided by {@code offsetRule}: {@code baseline}
     * (the processing baseline: −1000 from 04.00), {@code offsetApplied} (the caller's field) or {@code file} (the
     * file's GDAL scale/offset metadata).
     *
     * @param offsetApplied the caller's {@code offsetApplied} field, null when not given
     * @param warnings      what the upload is told about the decision
     */
    public Sentinel2L2A(BaselineDecision baseline, int offsetDn, String offsetRule, Boolean offsetApplied, java.util.List<String> warnings) {
        this(baseline, offsetDn, offsetRule, offsetApplied, warnings, Sentinel2Platform.resolve(Map.of(), null));
    }

    /** As the five-argument constructor, for the Sentinel-2 unit {@code platform} (the HLS coefficients). */
    public Sentinel2L2A(BaselineDecision baseline, int offsetDn, String offsetRule, Boolean offsetApplied, java.util.List<String> warnings,
                        Sentinel2Platform platform) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        if (offsetDn != 0 && offsetDn != -1000) throw new IllegalArgumentException("offsetDn must be 0 or -1000 but was " + offsetDn);
        if (!"baseline".equals(offsetRule) && !"offsetApplied".equals(offsetRule) && !"file".equals(offsetRule)) {
            throw new IllegalArgumentException("offsetRule must be baseline, offsetApplied or file but was " + offsetRule);
        }
        this.offsetDn = offsetDn;
        this.offsetRule = offsetRule;
        this.offsetApplied = offsetApplied;
        this.warnings = java.util.List.copyOf(warnings);
    }

    /** The BOA offset in DN this profile adds before dividing by 10000: 0 or −1000. */
    public int offsetDn() { return offsetDn; }

    @Override
    public java.util.List<String> warnings() { return warnings; }

    @Override
    public DarkPixelCheck offsetCheck() { return new DarkPixelCheck(offsetDn); }

    /** This conversion for the Sentinel-2 unit {@code p}. */
    public Sentinel2L2A withPlatform(Sentinel2Platform p) {
        return new Sentinel2L2A(baseline, offsetDn, offsetRule, offsetApplied, warnings, p);
    }

    /** The common bands plus B8A ({@link BandRole#NIR08}). */
    @Override
    public java.util.Set<BandRole> acceptedBands() {
        java.util.Set<BandRole> s = java.util.EnumSet.copyOf(SensorProfile.super.acceptedBands());
        s.add(BandRole.NIR08);
        return s;
    }

    /** The HLS adjustment of this scene's unit. */
    @Override
    public java.util.Optional<HlsBandpass> bandpassToOli() { return java.util.Optional.of(platform.bandpass()); }

    /** The baseline decision whose offset this profile applies. */
    public BaselineDecision baseline() { return baseline; }

    @Override
    public String id() { return ID; }

    /**
     * {@code processingBaseline} (as {@code 05.09}, the declared or inferred baseline), {@code baselineRule},
     * {@code offsetDn} (the offset actually applied), {@code offsetRule} (what decided it) and, when the caller gave
     * it, {@code offsetApplied}; the HLS platform.
     */
    @Override
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("processingBaseline", baselineText());
        m.put("baselineRule", baseline.rule());
        m.put("offsetDn", Integer.toString(offsetDn));
        m.put("offsetRule", offsetRule);
        if (offsetApplied != null) m.put("offsetApplied", offsetApplied.toString());
        platform.putSettings(m);
        return Collections.unmodifiableMap(m);
    }

    /** Baseline and offset, e.g. {@code 05.09|-1000} (the form of release 0.1). */
    @Override
    public String identity() { return baselineText() + "|" + offsetDn; }

    private String baselineText() { return String.format(Locale.ROOT, "%05.2f", baseline.baseline()); }

    /** The {@link PixelClass} code of one SCL value. */
    public static byte classOfScl(int scl) {
        return scl >= 0 && scl < SCL_CLASS.length ? SCL_CLASS[scl] : PixelClass.NODATA_CODE;
    }

    @Override
    public void convert(DnBands dn, Bands reflectanceOut, byte[] classOut) {
        DnConversion.convert(dn, reflectanceOut, classOut, requiredBands(),
                1e-4, offsetDn * 1e-4, true, 0, Sentinel2L2A::classOfScl);
    }

    @Override
    public String toString() { return ID + "(PB " + baseline.baseline() + " by " + baseline.rule() + ", offset " + offsetDn + " by " + offsetRule + ")"; }
}
