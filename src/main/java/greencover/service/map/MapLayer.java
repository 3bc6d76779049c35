package greencover.service.map;

import java.time.LocalDate;
import java.util.List;

/**
 * A layer as advertised by the map services: name, title, abstract, its styles (the first is the default), the
 * dates with data (ascending; empty for {@code sites}), the default date (latest, null without data), the
 * bounds in WGS84 as {minLon, minLat, maxLon, maxLat}, the EPSG codes of the stored rasters, whether point
 * queries are answered, how the layer reads TIME ({@link TimeSelection#parse}), and the site it is framed on:
 * null for a layer over all the data, else the site's id for the per-site copy {@code <site>:<layer>} whose
 * bounds are the site's and whose dates are those with data over it (it renders as the layer over all data).
 * {@code wgs84Center} (lon, lat) is a point inside the data: the centre of the latest scene's footprint (of the
 * site for a per-site layer or {@code sites}); null without data, when the bounds' centre is all there is.
 */
public record MapLayer(String name, String title, String abstractText, List<MapStyle> styles, List<LocalDate> dates,
                       LocalDate defaultDate, double[] wgs84Bounds, List<Integer> nativeEpsg, boolean queryable,
                       TimeSelection.Mode timeMode, String site, double[] wgs84Center) {
    /** A layer without a known centre. */
    public MapLayer(String name, String title, String abstractText, List<MapStyle> styles, List<LocalDate> dates,
                    LocalDate defaultDate, double[] wgs84Bounds, List<Integer> nativeEpsg, boolean queryable,
                    TimeSelection.Mode timeMode, String site) {
        this(name, title, abstractText, styles, dates, defaultDate, wgs84Bounds, nativeEpsg, queryable, timeMode, site, null);
    }

    /** A layer over all the data. */
    public MapLayer(String name, String title, String abstractText, List<MapStyle> styles, List<LocalDate> dates,
                    LocalDate defaultDate, double[] wgs84Bounds, List<Integer> nativeEpsg, boolean queryable,
                    TimeSelection.Mode timeMode) {
        this(name, title, abstractText, styles, dates, defaultDate, wgs84Bounds, nativeEpsg, queryable, timeMode, null, null);
    }
}
