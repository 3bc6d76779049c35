/**
 * Time series of per-site index values: compositing and trend estimation.
 *
 * <p>{@link greencover.core.series.Composites} reduces dated observations to one value per year (annual maximum,
 * Holben 1986, or annual median). {@link greencover.core.series.Trend#of} fits the standard pair of mining-area
 * vegetation studies: the {@link greencover.core.series.TheilSen} slope (Sen 1968) and the
 * {@link greencover.core.series.MannKendall} test (Mann 1945; Kendall 1975), with p-values from
 * {@link greencover.core.series.StandardNormal}. NaN values are skipped everywhere.
 */
package greencover.core.series;
