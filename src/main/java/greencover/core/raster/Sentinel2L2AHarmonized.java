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

    @Override
    public List<SensorParameter> parameters() { return List.of(); }

    /** This profile: every harmonised scene converts alike. */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) { return this; }

    /** {@code offsetDn} 0. */
    @Override
    public Map<String, String> settings() { return Map.of("offsetDn", "0"); }

    @Override
    public String identity() { return "offset 0"; }

    @Override
    public void convert(DnBands dn, Bands reflectanceOut, byte[] classOut) {
        DnConversion.convert(dn, reflectanceOut, classOut, requiredBands(), 1e-4, 0, true, 0, Sentinel2L2A::classOfScl);
    }

    @Override
    public String toString() { return ID; }
}
