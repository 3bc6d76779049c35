package greencover.core.raster;

/**
 * A Sentinel-2 L2A processing baseline and the DN offset it implies, with the rule that decided it.
 *
 * @param baseline the processing baseline as a number, e.g. 4.0 for "04.00", 5.09 for "N0509"
 * @param rule     how it was found: {@code "field"} (explicit metadata), {@code "name"} (the {@code _Nxxyy_}
 *                 part of a product name) or {@code "date"} (acquisition date, the last resort)
 * @param offsetDn the BOA_ADD_OFFSET added to each DN before dividing by 10000: -1000 when
 *                 {@code baseline >= 4.0}, else 0
 */
public record BaselineDecision(double baseline, String rule, int offsetDn) {

    public BaselineDecision {
        if (!(baseline > 0 && baseline < 100)) {
            throw new IllegalArgumentException("baseline must be in (0, 100) but was " + baseline);
        }
        if (!"field".equals(rule) && !"name".equals(rule) && !"date".equals(rule)) {
            throw new IllegalArgumentException("rule must be one of field, name, date but was " + rule);
        }
    }

    /** The decision for {@code baseline} found by {@code rule}, with the offset that baseline implies. */
    public static BaselineDecision of(double baseline, String rule) {
        return new BaselineDecision(baseline, rule, baseline >= Sentinel2Baseline.OFFSET_BASELINE ? -1000 : 0);
    }
}
