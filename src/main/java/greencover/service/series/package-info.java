/**
 * The time-series use cases: a site's series ({@link greencover.service.series.SeriesService} for a typed
 * {@link greencover.service.series.SeriesQuery}), its annual composites
 * ({@link greencover.service.series.AnnualComposites}), the per-version site listing view
 * ({@link greencover.service.series.SiteSummaries}) and ad-hoc polygon statistics
 * ({@link greencover.service.series.AdHocStatisticsService}). Protocol-free: no HTTP, JSON or SQL here.
 */
package greencover.service.series;
