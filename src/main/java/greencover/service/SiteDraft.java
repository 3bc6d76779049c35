package greencover.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A site as submitted, before {@link SiteService#add} validates and stores it. Nothing here is checked yet:
 * the service applies the rules and names the component at fault in its errors.
 *
 * @param id              the requested slug id, or null when none was given
 * @param name            the display name, or null for the id
 * @param wgs84           the outline in WGS84 (x = longitude, y = latitude), expected Polygon or MultiPolygon
 * @param geometryAsGiven the outline as submitted (e.g. GeoJSON text in its original CRS), kept for display; null keeps the WKT of {@code wgs84}
 * @param greenThreshold  the NDVI threshold for green cover in [-1, 1], or null for {@link SiteService#DEFAULT_GREEN_THRESHOLD}
 * @param ndviSoil        the FVC bare-soil endmember, or null for the default
 * @param ndviVeg         the FVC full-vegetation endmember, or null for the default
 * @param properties      other submitted properties, kept as given (computed ones are dropped by the service);
 *                        never null, values may be null
 * @param permanentWaterWgs84 the site's permanent water in WGS84 (Polygon or MultiPolygon), or null for none
 * @param maskBufferM     the cloud and shadow mask buffer in metres, or null for the sensor's default
 */
public record SiteDraft(String id, String name, Geometry wgs84, String geometryAsGiven, Double greenThreshold,
                        Double ndviSoil, Double ndviVeg, Map<String, Object> properties, Geometry permanentWaterWgs84,
                        Double maskBufferM) {
    public SiteDraft {
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A draft without permanent water and with the sensors' default mask buffers. */
    public SiteDraft(String id, String name, Geometry wgs84, String geometryAsGiven, Double greenThreshold,
                     Double ndviSoil, Double ndviVeg, Map<String, Object> properties) {
        this(id, name, wgs84, geometryAsGiven, greenThreshold, ndviSoil, ndviVeg, properties, null, null);
    }
}
