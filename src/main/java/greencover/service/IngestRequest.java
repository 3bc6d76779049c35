package greencover.service;

import java.util.List;

/**
 * The fields of a scene upload, as text, before validation: the band inputs (red and nir required),
 * {@code sensor} (sentinel2-l2a, landsat-c2l2, generic), {@code acquired} (ISO date or date-time), an
 * optional {@code name} and {@code processingBaseline}, and for the generic sensor {@code scale},
 * {@code offset}, {@code nodata} and {@code maskValues} (comma-separated mask values meaning cloud).
 */
public record IngestRequest(List<BandInput> bands, String sensor, String acquired, String name,
                            String processingBaseline, String scale, String offset, String nodata,
                            String maskValues) {}
