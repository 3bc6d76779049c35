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
 *
 * <p>{@code source} says where a scene read in place came from (empty for an upload): string keys such as {@code kind}
 * ({@code stac} or {@code url}), {@code href.red}, {@code href.nir}, {@code href.mask} (unsigned), {@code itemId},
 * {@code collection}, {@code profile}, {@code processingBaseline}, {@code offsetRule}, {@code offsetReason} and
 * {@code window} (the columns, rows and size read, in pixels of the red band's file: {@code col,row,width,height}).
 *
 * <p>The grid's CRS is EPSG:{@code epsg}, or when {@code epsg} is 0 a user-defined projected CRS given by
 * {@code crsWkt} (OGC WKT 1 as GeoTools writes it; null for scenes with an EPSG code).
 */
public record Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                    RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                    List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt,
                    SceneDamage damage, String crsWkt, Map<String, String> source) {

    /**
     * Keeps {@code sensorSettings} in its given order, unmodifiable; null means none.
     *
     * @throws IllegalArgumentException when {@code epsg} is 0 without {@code crsWkt}, or negative
     */
    public Scene {
        sensorSettings = sensorSettings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sensorSettings));
        source = source == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
        bands = List.copyOf(bands);
        indices = List.copyOf(indices);
        if (epsg > 0) crsWkt = null;
        if (epsg < 0 || (epsg == 0 && (crsWkt == null || crsWkt.isBlank()))) {
            throw new IllegalArgumentException("a scene needs an EPSG code or a CRS definition (epsg " + epsg + ")");
        }
    }

    /** A scene without a recorded source (an upload). */
    public Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                 RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                 List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt,
                 SceneDamage damage, String crsWkt) {
        this(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands, indices,
                validFraction, cloudFraction, createdAt, damage, crsWkt, null);
    }

    /** A scene in EPSG:{@code epsg} (no user-defined CRS) with {@code damage} (null while active). */
    public Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                 RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                 List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt,
                 SceneDamage damage) {
        this(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands, indices,
                validFraction, cloudFraction, createdAt, damage, null);
    }

    /** An active scene in EPSG:{@code epsg}: no damage, no user-defined CRS. */
    public Scene(String id, String name, String sensor, Instant acquiredAt, LocalDate date, int epsg,
                 RasterGrid grid, Geometry footprintWgs84, String contentHash, Map<String, String> sensorSettings,
                 List<String> bands, List<String> indices, double validFraction, double cloudFraction, Instant createdAt) {
        this(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands, indices,
                validFraction, cloudFraction, createdAt, null, null);
    }

    /** Whether the scene's files were found missing or unreadable ({@link #damage()} says why). */
    public boolean isDamaged() { return damage != null; }

    /** This scene with {@code damage} (null: active again). */
    public Scene withDamage(SceneDamage damage) {
        return new Scene(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands,
                indices, validFraction, cloudFraction, createdAt, damage, crsWkt, source);
    }

    /** This scene with footprint {@code footprintWgs84}. */
    public Scene withFootprint(Geometry footprintWgs84) {
        return new Scene(id, name, sensor, acquiredAt, date, epsg, grid, footprintWgs84, contentHash, sensorSettings, bands,
                indices, validFraction, cloudFraction, createdAt, damage, crsWkt, source);
    }

    /** Whether the scene was read where it lives (a {@link #source()} is recorded). */
    public boolean isRemote() { return !source.isEmpty(); }
}
