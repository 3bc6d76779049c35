package greencover.service;

import java.util.List;
import java.util.Map;

/**
 * The fields of a scene upload, as text, before validation: the band inputs (red and nir required),
 * {@code sensor} (an id of the sensor registry), {@code acquired} (ISO date or date-time), an optional
 * {@code name}, and the sensor's own fields by parameter name (e.g. {@code processingBaseline}, or {@code scale}
 * and {@code maskValues}), which the sensor's provider validates; fields it does not declare are ignored.
 */
public record IngestRequest(List<BandInput> bands, String sensor, String acquired, String name, Map<String, String> fields) {

    /** Keeps {@code fields} unmodifiable; null means none. */
    public IngestRequest {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
