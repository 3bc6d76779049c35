package greencover.service.map;

import java.time.LocalDate;
import java.util.List;

/**
 * What a map shows at one pixel. For a raster layer: the value shown (the index value after compositing; FVC
 * for {@code fvc}; b − a for {@code ndvi-change}; null when the pixel has no valid value), the pixel class
 * ({@code valid}, {@code nodata}, {@code cloud}, {@code snow}, {@code water}), the green-cover class of an NDVI
 * value ({@code bare} … {@code dense}, null otherwise), and the date and scene of the observation that supplied
 * it (for ndvi-change, of the second period; null when no scene covers the pixel). For {@code sites}: the sites
 * under the point, other fields null. {@code time} is the TIME the map shows after nearest-value matching, as in
 * {@link RenderedMap#time()} (null for sites or without data). {@code lon} and {@code lat} are the queried
 * pixel's centre in WGS84 degrees (null when the request's CRS cannot be transformed there).
 */
public record PointInfo(String layer, Double value, String pixelClass, String coverClass, LocalDate date,
                        String sceneId, List<MapSite> sites, String time, Double lon, Double lat) {
    /** A point without a resolved time or position. */
    public PointInfo(String layer, Double value, String pixelClass, String coverClass, LocalDate date,
                     String sceneId, List<MapSite> sites) {
        this(layer, value, pixelClass, coverClass, date, sceneId, sites, null, null, null);
    }
}
