package greencover.core.raster;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Provider of {@code sentinel2-l2a}: Sentinel-2 Level-2A as ESA distributes it, whose DNs carry the
 * BOA_ADD_OFFSET of -1000 from processing baseline 04.00. The baseline comes from the {@code processingBaseline}
 * field, else from the {@code _Nxxyy_} part of the product name, else from the acquisition date
 * ({@link Sentinel2Baseline#resolve}).
 *
 * <p>The offset actually applied is decided by the first of these rules that speaks ({@code offsetRule}):
 * <ol>
 *   <li>{@code offsetApplied}: the caller's field. {@code true} means the DNs already have the offset removed (Earth
 *       Search's {@code earthsearch:boa_offset_applied: true}), so none is subtracted whatever the baseline;
 *       {@code false} means they are as ESA delivers them, so the baseline rule decides.</li>
 *   <li>{@code file}: the red band's GDAL scale/offset metadata, when plausible for Sentinel-2 L2A: scale 0.0001 and
 *       offset −0.1 (−1000 DN) or 0. Other values are ignored with a warning.</li>
 *   <li>{@code baseline}: −1000 from baseline 04.00, else 0.</li>
 * </ol>
 * A file that contradicts the caller's field gives a warning; the data are checked too ({@link DarkPixelCheck}).
 */
public final class Sentinel2L2AProvider implements SensorProvider {
    static final SensorParameter PROCESSING_BASELINE = new SensorParameter("processingBaseline", SensorParameter.Type.TEXT,
            null, "processing baseline such as 05.09 or N0509; default: from the product name, else the date");
    static final SensorParameter OFFSET_APPLIED = new SensorParameter("offsetApplied", SensorParameter.Type.TEXT,
            null, "true when the DNs already have the BOA offset removed (earthsearch:boa_offset_applied), false when "
            + "they are as ESA delivers them; default: the file's GDAL offset metadata, else the baseline");
    private static final double S2_SCALE = 1e-4;

    @Override
    public String id() { return Sentinel2L2A.ID; }

    @Override
    public List<SensorParameter> parameters() { return List.of(PROCESSING_BASELINE, OFFSET_APPLIED, Sentinel2Platform.FIELD); }

    /** @throws InvalidSensorFieldException naming {@code processingBaseline} when it is malformed or nothing decides it */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) {
        return open(fields, acquired, productName, null);
    }

    /**
     * @throws InvalidSensorFieldException naming {@code processingBaseline} when it is malformed or nothing decides
     *         it, or {@code offsetApplied} when it is not {@code true} or {@code false}
     */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName, GdalScaling redScaling) {
        Sentinel2Platform platform = Sentinel2Platform.resolve(fields, productName);
        BaselineDecision baseline;
        try {
            baseline = Sentinel2Baseline.resolve(PROCESSING_BASELINE.text(fields), productName, acquired);
        } catch (InvalidSensorFieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSensorFieldException(PROCESSING_BASELINE.name(), e.getMessage());
        }
        Boolean applied = flag(OFFSET_APPLIED.text(fields));
        List<String> warnings = new ArrayList<>();
        Integer fileOffset = null;
        if (redScaling != null) {
            boolean scaleOk = Math.abs(redScaling.scale() - S2_SCALE) <= 1e-9;
            boolean offsetOk = Math.abs(redScaling.offset()) <= 1e-9 || Math.abs(redScaling.offset() + 0.1) <= 1e-9;
            if (scaleOk && offsetOk) {
                fileOffset = Math.abs(redScaling.offset()) <= 1e-9 ? 0 : -1000;
            } else {
                warnings.add(String.format(Locale.ROOT, "file-scaling-ignored: the red band declares scale %s and offset %s, "
                        + "not Sentinel-2 L2A's scale 0.0001 with offset -0.1 or 0; the offset follows the %s",
                        redScaling.scale(), redScaling.offset(), applied != null ? "offsetApplied field" : "baseline"));
            }
        }
        if (applied != null) {
            int dn = applied ? 0 : baseline.offsetDn();
            if (fileOffset != null && fileOffset != dn) {
                warnings.add("offset-conflict: offsetApplied=" + applied + " gives a BOA offset of " + dn + " DN but the file's "
                        + "GDAL metadata declares " + fileOffset + " DN; the field is followed");
            }
            return new Sentinel2L2A(baseline, dn, "offsetApplied", applied, warnings, platform);
        }
        if (fileOffset != null) return new Sentinel2L2A(baseline, fileOffset, "file", null, warnings, platform);
        return new Sentinel2L2A(baseline, baseline.offsetDn(), "baseline", null, warnings, platform);
    }

    private static Boolean flag(String text) {
        if (text == null) return null;
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidSensorFieldException(OFFSET_APPLIED.name(),
                    "offsetApplied must be true or false but was '" + text + "'");
        };
    }
}
