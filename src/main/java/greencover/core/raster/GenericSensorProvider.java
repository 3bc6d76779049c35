package greencover.core.raster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Provider of {@code generic}: any sensor with a linear DN scale ({@link GenericSensor}), described by the
 * upload's {@code scale} (default 1), {@code offset} (default 0), {@code nodata} and {@code maskValues} fields.
 */
public final class GenericSensorProvider implements SensorProvider {
    private static final SensorParameter SCALE = new SensorParameter("scale", SensorParameter.Type.NUMBER, "1",
            "reflectance per DN, non-zero");
    private static final SensorParameter OFFSET = new SensorParameter("offset", SensorParameter.Type.NUMBER, "0",
            "reflectance at DN 0");
    private static final SensorParameter NODATA = new SensorParameter("nodata", SensorParameter.Type.INTEGER, null,
            "the DN meaning no data; default: none");
    private static final SensorParameter MASK_VALUES = new SensorParameter("maskValues", SensorParameter.Type.INTEGER_LIST,
            null, "mask values meaning cloud, comma-separated; default: none");

    @Override
    public String id() { return GenericSensor.ID; }

    @Override
    public List<SensorParameter> parameters() { return List.of(SCALE, OFFSET, NODATA, MASK_VALUES); }

    /** @throws InvalidSensorFieldException naming the field that is not a number, or {@code scale} when it is 0 */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) {
        double scale = SCALE.number(fields);
        if (scale == 0) throw new InvalidSensorFieldException(SCALE.name(), "scale must be a non-zero number");
        return new GenericSensor(scale, OFFSET.number(fields), NODATA.integer(fields), MASK_VALUES.integers(fields));
    }
}
