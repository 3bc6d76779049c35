package greencover.service.series;

import greencover.core.series.Trend;
import greencover.core.zonal.PixelRule;
import java.util.List;

/**
 * A site's series for one index: the parameters it was computed with (threshold resolved to a number, harmonisation
 * resolved to hls or none, sensors to registry ids, empty for all), the points in date order, and the trend of the ok
 * points.
 */
public record TimeSeries(String siteId, String index, double threshold, double minValid, Composite composite, PixelRule mode,
                         List<SeriesPoint> points, Trend trend, Harmonize harmonize, List<String> sensors, MonthWindow months,
                         int minObservations) {}
