package greencover.domain;

import java.time.Instant;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A site polygon: a slug id, a display name, its outline in WGS84 (x = longitude, y = latitude) and as
 * given in the request (GeoJSON geometry text), its area in m² in its local UTM zone, the NDVI threshold
 * for green cover, FVC endmembers, the other properties of the submitted feature, and its reference site and target
 * ({@link SiteGoals}).
 */
public record Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2,
                   double greenThreshold, double ndviSoil, double ndviVeg, Map<String, Object> properties,
                   Instant createdAt, SiteGoals goals) {

    public Site {
        goals = goals == null ? SiteGoals.NONE : goals;
    }

    /** A site without reference or target. */
    public Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2, double greenThreshold,
                double ndviSoil, double ndviVeg, Map<String, Object> properties, Instant createdAt) {
        this(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, ndviSoil, ndviVeg, properties, createdAt, SiteGoals.NONE);
    }

    /** This site with FVC endmembers {@code soil} and {@code veg} (e.g. derived from a reference), nothing else changed. */
    public Site withEndmembers(double soil, double veg) {
        return new Site(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, soil, veg, properties, createdAt, goals);
    }
}
