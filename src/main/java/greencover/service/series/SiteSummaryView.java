package greencover.service.series;

/**
 * What a site listing shows of a site's series (the default {@link SeriesQuery#defaults() query}): its latest ok
 * point (or, when none is ok, its latest point; null when it has none) and the number of observations.
 */
public record SiteSummaryView(SeriesPoint latest, int observations) {}
