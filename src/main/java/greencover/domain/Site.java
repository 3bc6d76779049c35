package greencover.domain;

import java.time.Instant;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A site polygon: a slug id, a display name, its outline in WGS84 (x = longitude, y = latitude) and as
 * given in the request (GeoJSON geometry text), its area in m² in its local UTM zone, the NDVI threshold
 * for green cover, FVC endmembers, and the other properties of the submitted feature. Optionally the site's
 * permanent water ({@code permanentWaterWgs84}, e.g. a tailings pond: its pixels are water, never land), its
 * cloud/shadow mask buffer in metres ({@code maskBufferM}, null for the sensor's default), and its reference site
 * and target ({@link SiteGoals}).
 */
public record Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2,
                   double greenThreshold, double ndviSoil, double ndviVeg, Map<String, Object> properties,
                   Instant createdAt, Geometry permanentWaterWgs84, Double maskBufferM, SiteGoals goals) {

    public Site {
        goals = goals == null ? SiteGoals.NONE : goals;
    }

    /** A site without permanent water, with the sensors' default mask buffers, and without reference or target. */
    public Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2, double greenThreshold,
                double ndviSoil, double ndviVeg, Map<String, Object> properties, Instant createdAt) {
        this(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, ndviSoil, ndviVeg, properties, createdAt, null, null, SiteGoals.NONE);
    }

    /** A site without reference or target. */
    public Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2, double greenThreshold,
                double ndviSoil, double ndviVeg, Map<String, Object> properties, Instant createdAt,
                Geometry permanentWaterWgs84, Double maskBufferM) {
        this(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, ndviSoil, ndviVeg, properties, createdAt,
                permanentWaterWgs84, maskBufferM, SiteGoals.NONE);
    }

    /** A site without permanent water and with the sensors' default mask buffers. */
    public Site(String id, String name, Geometry wgs84, String geometryAsGiven, double areaM2, double greenThreshold,
                double ndviSoil, double ndviVeg, Map<String, Object> properties, Instant createdAt, SiteGoals goals) {
        this(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, ndviSoil, ndviVeg, properties, createdAt, null, null, goals);
    }

    /** This site with FVC endmembers {@code soil} and {@code veg} (e.g. derived from a reference), nothing else changed. */
    public Site withEndmembers(double soil, double veg) {
        return new Site(id, name, wgs84, geometryAsGiven, areaM2, greenThreshold, soil, veg, properties, createdAt,
                permanentWaterWgs84, maskBufferM, goals);
    }
}
