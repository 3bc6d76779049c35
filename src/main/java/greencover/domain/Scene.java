package greencover.domain;

import greencover.core.raster.RasterGrid;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * One ingested acquisition: sensor, acquisition instant (UTC) and date, grid and EPSG code of its index
 * rasters, WGS84 footprint, content hash of its source files, how the Sentinel-2 processing baseline was
 * decided ({@code baselineRule}: field, name or date; null for other sensors), the DN offset applied, the
 * band roles given and the indices derived, and scene-wide valid and cloud fractions.
 */
public record Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                    RasterGrid grid, Geometry footprintWgs84, String contentHash, String processingBaseline,
                    String baselineRule, int offsetDn, List<String> bands, List<String> indices,
                    double validFraction, double cloudFraction, Instant createdAt) {}
