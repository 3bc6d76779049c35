package greencover.service.map;

import java.time.LocalDate;
import java.util.List;

/**
 * A layer as advertised by the map services: name, title, abstract, its styles (the first is the default), the
 * dates with data (ascending; empty for {@code sites}), the default date (latest, null without data), the
 * bounds in WGS84 as {minLon, minLat, maxLon, maxLat}, the EPSG codes of the stored rasters, whether point
 * queries are answered, and how the layer reads TIME ({@link TimeSelection#parse}).
 */
public record MapLayer(String name, String title, String abstractText, List<MapStyle> styles, List<LocalDate> dates,
                       LocalDate defaultDate, double[] wgs84Bounds, List<Integer> nativeEpsg, boolean queryable,
                       TimeSelection.Mode timeMode) {}
