package greencover.core.raster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Sensor {@code sentinel2-l2a-harmonized}: Sentinel-2 Level-2A whose DNs carry no BOA offset whatever the
 * processing baseline, as in collections that harmonise baselines 04.00+ back to the earlier scale (e.g. Earth
 * Search's offset-applied {@code sentinel-2-l2a} items, or the harmonised Sentinel-2 collections):
 * reflectance = DN / 10000, DN 0 = no data, and the optional SCL mask decoded as by {@link Sentinel2L2A}. It has no
 * parameters: the baseline does not matter, so the {@code processingBaseline} field and the product name's
 * {@code _Nxxyy_} are ignored. Its own profile; immutable.
 */
public final class Sentinel2L2AHarmonized implements SensorProvider, SensorProfile {

    /** Registry id. */
    public static final String ID = "sentinel2-l2a-harmonized";

    @Override
    public String id() { return ID; }

    private final Sentinel2Platform platform;

    public Sentinel2L2AHarmonized() { this(Sentinel2Platform.resolve(Map.of(), null)); }

    private Sentinel2L2AHarmonized(Sentinel2Platform platform) { this.platform = platform; }

    /** Only the unit, for the HLS adjustment. */
    @Override
    public List<SensorParameter> parameters() { return List.of(Sentinel2Platform.FIELD); }

    /** A profile of the scene's unit: every harmonised scene converts alike. */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) {
        return new Sentinel2L2AHarmonized(Sentinel2Platform.resolve(fields, productName));
    }

    /** {@code offsetDn} 0 and the HLS platform. */
    @Override
    public Map<String, String> settings() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("offsetDn", "0");
        platform.putSettings(m);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The common bands plus B8A. */
    @Override
    public java.util.Set<BandRole> acceptedBands() {
        java.util.Set<BandRole> s = java.util.EnumSet.copyOf(SensorProfile.super.acceptedBands());
        s.add(BandRole.NIR08);
        return s;
    }

    /** The HLS adjustment of this scene's unit. */
    @Override
    public java.util.Optional<HlsBandpass> bandpassToOli() { return java.util.Optional.of(platform.bandpass()); }

    @Override
    public String identity() { return "offset 0"; }

    @Override
    public void convert(DnBands dn, Bands reflectanceOut, byte[] classOut) {
        DnConversion.convert(dn, reflectanceOut, classOut, requiredBands(), 1e-4, 0, true, 0, Sentinel2L2A::classOfScl);
    }

    @Override
    public String toString() { return ID; }
}
