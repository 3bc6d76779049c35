/**
 * Zonal statistics: how much of each raster cell a site polygon covers, and what the index values of
 * the covered cells add up to.
 *
 * <p>A {@link greencover.core.zonal.PolygonCoverage} is the weight of every cell of a
 * {@link greencover.core.raster.RasterGrid} for one polygon: the exact fraction of the cell's area inside
 * the polygon (like exactextract), or 0/1 under the {@link greencover.core.zonal.PixelRule#CENTER} and
 * {@link greencover.core.zonal.PixelRule#ALL_TOUCHED} rules. It is produced band of rows by band of rows,
 * so a polygon over a whole Sentinel-2 tile never needs a full-size array.
 *
 * <p>A {@link greencover.core.zonal.ZonalSummary} accumulates, weighted by covered area in m², the area of
 * each {@link greencover.core.raster.PixelClass} and the moments and a fine histogram of the index values of
 * valid pixels. Summaries add up: the summary of a site seen by two scenes of one date is the
 * {@link greencover.core.zonal.ZonalSummary#merge merge} of the two. {@link greencover.core.zonal.ZonalStatistics}
 * derives the published numbers (fractions, mean, quantiles, green area, FVC, cover classes) from a summary.
 */
package greencover.core.zonal;
