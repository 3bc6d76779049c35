package greencover.service;

import greencover.core.series.Trend;
import java.util.List;

/** A site's series for one index: the threshold used, the points in date order, and the trend of the ok points. */
public record TimeSeries(String site, String index, double threshold, double minValid, String composite, String mode,
                         List<SeriesPoint> points, Trend trend) {}
