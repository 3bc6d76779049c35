package greencover.domain;

import greencover.core.raster.RasterGrid;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One ingested acquisition: sensor, acquisition instant (UTC) and date, grid and EPSG code of its index
 * rasters, WGS84 footprint, content hash of its source files, the sensor-specific settings the conversion used
 * ({@code sensorSettings}: string keys and values in the sensor's own vocabulary, e.g. for Sentinel-2
 * {@code processingBaseline}, {@code baselineRule} and {@code offsetDn}; stored as one value whatever the sensor),
 * the band roles given and the indices derived, scene-wide valid and cloud fractions, the instant it was stored
 * ({@code createdAt}: also its generation, since a scene ingested again under the same id is stored at another
 * instant), and its {@link SceneDamage damage} (null while it is active).
 */
public record Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                    RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                    List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt,
                    SceneDamage damage) {

    /** Keeps {@code sensorSettings} in its given order, unmodifiable; null means none. */
    public Scene {
        sensorSettings = sensorSettings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sensorSettings));
        bands = List.copyOf(bands);
        indices = List.copyOf(indices);
    }

    /** An active scene: no damage. */
    public Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                 RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                 List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt) {
        this(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands, indices,
                validFraction, cloudFraction, createdAt, null);
    }

    /** Whether the scene's files were found missing or unreadable ({@link #damage()} says why). */
    public boolean isDamaged() { return damage != null; }

    /** This scene with {@code damage} (null: active again). */
    public Scene withDamage(SceneDamage damage) {
        return new Scene(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands,
                indices, validFraction, cloudFraction, createdAt, damage);
    }
}
