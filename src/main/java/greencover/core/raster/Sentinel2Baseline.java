package greencover.core.raster;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the processing baseline (PB) of a Sentinel-2 L2A product, which decides whether its DNs carry
 * the BOA_ADD_OFFSET of -1000 introduced with PB 04.00 (reflectance = (DN + offset) / 10000).
 *
 * <p>Rules, first match wins:
 * <ol>
 *   <li>{@code "field"}: an explicit baseline, e.g. the STAC property {@code s2:processing_baseline} or the
 *       MTD_MSIL2A.xml value; accepted forms are {@code "04.00"}, {@code "4.0"}, {@code "4"},
 *       {@code "05.09"} and {@code "N0509"}.</li>
 *   <li>{@code "name"}: the {@code _Nxxyy_} part of a product name such as
 *       {@code S2B_MSIL2A_20201126T154319_N0212_R125_T11CMM_20201127T152008.SAFE} (N0212 is 02.12).</li>
 *   <li>{@code "date"}: acquired on or after {@link #OFFSET_START} (2022-01-25, when PB 04.00 went
 *       operational) gives 04.00, earlier gives {@link #PRE_OFFSET_BASELINE}. This rule is wrong for
 *       pre-2022 scenes of ESA's Collection-1 reprocessing (tagged PB 05.00, offset applied), which is
 *       why it is the last resort.</li>
 * </ol>
 * A blank field or name counts as missing.
 */
public final class Sentinel2Baseline {

    /** First baseline whose DNs carry the -1000 offset. */
    public static final double OFFSET_BASELINE = 4.0;
    /** First acquisition date processed operationally with PB 04.00. */
    public static final LocalDate OFFSET_START = LocalDate.of(2022, 1, 25);
    /**
     * Placeholder baseline for scenes dated before {@link #OFFSET_START}: not a real baseline number,
     * only "some baseline before 04.00" (the actual one was between 02.xx and 03.01).
     */
    public static final double PRE_OFFSET_BASELINE = 2.99;

    private static final Pattern FIELD_N = Pattern.compile("N(\\d{2})(\\d{2})");
    private static final Pattern FIELD_NUMBER = Pattern.compile("\\d{1,2}(\\.\\d{1,2})?");
    private static final Pattern NAME_N = Pattern.compile("_N(\\d{2})(\\d{2})(?=[_.]|$)");

    private Sentinel2Baseline() {}

    /**
     * Resolves the baseline from whichever of the three sources is available, in the order field, name, date.
     *
     * @param processingBaselineField explicit baseline text, nullable
     * @param productName             product or item name, nullable
     * @param acquired                acquisition date, nullable
     * @throws IllegalArgumentException naming {@code processingBaseline} when the field is present but not
     *         a baseline, or naming all three when none is given
     */
    public static BaselineDecision resolve(String processingBaselineField, String productName, LocalDate acquired) {
        if (processingBaselineField != null && !processingBaselineField.isBlank()) {
            return BaselineDecision.of(parseField(processingBaselineField), "field");
        }
        if (productName != null && !productName.isBlank()) {
            Matcher m = NAME_N.matcher(productName.toUpperCase(Locale.ROOT));
            if (m.find()) {
                return BaselineDecision.of(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) / 100.0, "name");
            }
        }
        if (acquired != null) {
            return BaselineDecision.of(acquired.isBefore(OFFSET_START) ? PRE_OFFSET_BASELINE : OFFSET_BASELINE, "date");
        }
        throw new IllegalArgumentException("processingBaseline: cannot resolve the Sentinel-2 processing baseline; "
                + "give processingBaseline (e.g. 05.09), a productName containing _Nxxyy_, or the acquired date");
    }

    private static double parseField(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        Matcher n = FIELD_N.matcher(t);
        if (n.matches()) {
            return Integer.parseInt(n.group(1)) + Integer.parseInt(n.group(2)) / 100.0;
        }
        if (FIELD_NUMBER.matcher(t).matches()) {
            double v = Double.parseDouble(t);
            if (v > 0) return v;
        }
        throw new IllegalArgumentException("processingBaseline must look like 04.00, 4.0 or N0509 but was '" + text + "'");
    }
}
