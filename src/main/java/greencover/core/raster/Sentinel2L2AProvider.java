package greencover.core.raster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Provider of {@code sentinel2-l2a}: Sentinel-2 Level-2A as ESA distributes it, whose DNs carry the
 * BOA_ADD_OFFSET of -1000 from processing baseline 04.00. The baseline comes from the {@code processingBaseline}
 * field, else from the {@code _Nxxyy_} part of the product name, else from the acquisition date
 * ({@link Sentinel2Baseline#resolve}).
 */
public final class Sentinel2L2AProvider implements SensorProvider {
    static final SensorParameter PROCESSING_BASELINE = new SensorParameter("processingBaseline", SensorParameter.Type.TEXT,
            null, "processing baseline such as 05.09 or N0509; default: from the product name, else the date");

    @Override
    public String id() { return Sentinel2L2A.ID; }

    @Override
    public List<SensorParameter> parameters() { return List.of(PROCESSING_BASELINE, Sentinel2Platform.FIELD); }

    /** @throws InvalidSensorFieldException naming {@code processingBaseline} when it is malformed or nothing decides it */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) {
        try {
            Sentinel2Platform platform = Sentinel2Platform.resolve(fields, productName);
            return new Sentinel2L2A(Sentinel2Baseline.resolve(PROCESSING_BASELINE.text(fields), productName, acquired), platform);
        } catch (InvalidSensorFieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSensorFieldException(PROCESSING_BASELINE.name(), e.getMessage());
        }
    }
}
