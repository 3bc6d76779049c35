package greencover.core.raster;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Converts DNs of any sensor with a linear scale: reflectance = DN × scale + offset. A DN equal to the
 * optional no-data DN marks the pixel NODATA; a mask value listed in {@code maskedValues} marks it CLOUD
 * (any other mask value is VALID). Generic masks cannot express snow or water.
 */
public final class GenericSensor implements SensorProfile {

    /** Registry id. */
    public static final String ID = "generic";

    private final double scale;
    private final double offset;
    private final Integer nodataDn;
    private final int[] maskedValues;

    /**
     * @param scale        reflectance per DN, finite and non-zero
     * @param offset       reflectance at DN 0, finite
     * @param nodataDn     the DN meaning no data, or null when every DN is data
     * @param maskedValues mask values meaning cloud (or otherwise unusable), or null for none
     */
    public GenericSensor(double scale, double offset, Integer nodataDn, int[] maskedValues) {
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("scale must be finite and non-zero but was " + scale);
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset must be finite but was " + offset);
        }
        this.scale = scale;
        this.offset = offset;
        this.nodataDn = nodataDn;
        this.maskedValues = maskedValues == null ? new int[0] : maskedValues.clone();
        Arrays.sort(this.maskedValues);
    }

    public double scale() { return scale; }

    public double offset() { return offset; }

    /** The no-data DN, or null. */
    public Integer nodataDn() { return nodataDn; }

    /** A copy of the mask values meaning cloud, ascending. */
    public int[] maskedValues() { return maskedValues.clone(); }

    @Override
    public String id() { return ID; }

    /** {@code scale}, {@code offset}, and {@code nodata} and {@code maskValues} when set. */
    @Override
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scale", Double.toString(scale));
        m.put("offset", Double.toString(offset));
        if (nodataDn != null) m.put("nodata", nodataDn.toString());
        if (maskedValues.length > 0) {
            m.put("maskValues", Arrays.stream(maskedValues).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code null|0|scale|offset|nodata|[masked]} (the form of release 0.1). */
    @Override
    public String identity() {
        return "null|0|" + scale + "|" + offset + "|" + nodataDn + "|" + Arrays.toString(maskedValues);
    }

    @Override
    public void convert(DnBands dn, Bands reflectanceOut, byte[] classOut) {
        int[] masked = maskedValues;
        DnConversion.convert(dn, reflectanceOut, classOut, requiredBands(),
                scale, offset, nodataDn != null, nodataDn == null ? 0 : nodataDn,
                v -> Arrays.binarySearch(masked, v) >= 0 ? PixelClass.CLOUD_CODE : PixelClass.VALID_CODE);
    }

    @Override
    public String toString() {
        return ID + "(scale " + scale + ", offset " + offset + ", nodata " + nodataDn
                + ", masked " + Arrays.toString(maskedValues) + ")";
    }
}
