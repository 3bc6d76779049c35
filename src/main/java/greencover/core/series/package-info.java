/**
 * Time series of per-site index values: compositing and trend estimation.
 *
 * <p>{@link greencover.core.series.Composites} reduces dated observations to one value per year (annual maximum,
 * Holben 1986, or annual median). {@link greencover.core.series.Trend#of} fits the standard pair of mining-area
 * vegetation studies: the {@link greencover.core.series.TheilSen} slope (Sen 1968) and the
 * {@link greencover.core.series.MannKendall} test (Mann 1945; Kendall 1975), or its seasonal (Hirsch et al. 1982) or
 * Hamed–Rao (1998) variant ({@link greencover.core.series.TrendTestKind}), with Sen's 95 % slope interval and p-values
 * from {@link greencover.core.series.StandardNormal}. NaN values are skipped everywhere; values within a relative 1e-9
 * are ties ({@link greencover.core.series.Ties}).
 */
package greencover.core.series;
