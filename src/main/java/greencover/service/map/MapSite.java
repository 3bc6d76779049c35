package greencover.service.map;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * A site as the map sees it: id, display name, polygonal outline in WGS84 (x = longitude, y = latitude)
 * and the properties submitted with the site's feature.
 */
public record MapSite(String id, String name, Geometry wgs84, Map<String, Object> properties) {}
