package greencover.domain;

import java.time.Instant;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A site polygon: a slug id, a display name, its outline in WGS84 (x = longitude, y = latitude) and as
 * given in the request (GeoJSON geometry text), its area in m² in its local UTM zone, the NDVI threshold
 * for green cover, FVC endmembers, and the other properties of the submitted feature.
 */
public record Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2,
                   double greenThreshold, double ndviSoil, double ndviVeg, Map<String, Object> properties,
                   Instant createdAt) {}
