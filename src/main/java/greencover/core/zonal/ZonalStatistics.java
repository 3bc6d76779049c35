package greencover.core.zonal;

import greencover.core.index.CoverClasses;
import greencover.core.index.Fvc;
import greencover.core.raster.PixelClass;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The published statistics of one site (and one date), derived from a {@link ZonalSummary}. Areas are in m²,
 * index values in index units (NDVI).
 *
 * <h2>Fractions</h2>
 * The six class fractions (valid, cloud, shadow, snow, water, no data) are class area divided by the site area and
 * sum to 1. No data is everything not observed as valid, cloud, shadow, snow or water: NODATA pixels, NaN values and
 * the part of the site outside the raster. {@code clearFraction} is valid + water (the share seen from above,
 * {@code 1 − cloud − shadow − snow − nodata}). A summary stored before shadow was a class of its own
 * ({@link ZonalSummary#shadowSeparated()} false) has its shadow in {@code cloudFraction} and a NaN
 * {@code shadowFraction}. When the covered area exceeds the site area (possible under the CENTER and ALL_TOUCHED rules) the
 * covered area is the denominator instead; a site of zero area is all no data.
 *
 * <h2>Value statistics</h2>
 * {@code mean} and {@code std} (population, weighted) are exact from the moments; {@code min} and {@code max}
 * are the extreme values of covered valid pixels. Quantiles ({@code p10}, {@code median}, {@code p90}) are the
 * lower weighted quantiles of the histogram: the centre of the first bin at which the cumulative valid area
 * reaches {@code p × validArea}, clamped to [min, max]; so they are pixel values rounded to 1e-4, and the
 * median of half 0.1 / half 0.8 is 0.1. {@code fvc}, {@code greenAreaM2} and {@code classAreasM2} are also read
 * from the histogram, i.e. with values quantised to 1e-4 (see {@link ZonalSummary}). A value equal to the
 * threshold is green; a value equal to a class break belongs to the upper class.
 *
 * <p>When there is no valid area every value statistic and {@code greenFraction} is NaN (JSON writers map NaN
 * to null), {@code greenAreaM2} and the class areas are 0, and the fractions still sum to 1.
 *
 * <p>The published names, units and order of the scalar components are those of {@link Statistic}; build an
 * instance by name with {@link #builder()}.
 *
 * @param siteAreaM2    area of the whole site polygon
 * @param validAreaM2   covered area of valid pixels
 * @param fvc           mean fractional vegetation cover of the valid values by {@link Fvc#fractionOf}
 * @param greenAreaM2   valid area with value ≥ {@code threshold}
 * @param greenFraction {@code greenAreaM2 / validAreaM2}
 * @param classAreasM2  valid area per {@link CoverClasses#NAMES} key, in that order
 */
public record ZonalStatistics(double siteAreaM2, double validAreaM2, double validFraction, double clearFraction,
                              double cloudFraction, double shadowFraction, double snowFraction, double waterFraction, double nodataFraction, double mean,
                              double std, double min, double max, double median, double p10, double p90, double fvc,
                              double greenAreaM2, double greenFraction, double threshold,
                              Map<String, Double> classAreasM2) {

    public ZonalStatistics {
        if (classAreasM2 == null) throw new IllegalArgumentException("classAreasM2 must not be null");
        classAreasM2 = Collections.unmodifiableMap(new LinkedHashMap<>(classAreasM2));
    }

    /**
     * Derives the statistics of {@code summary} with green threshold {@code threshold} and FVC end-members
     * {@code ndviSoil} &lt; {@code ndviVeg} (as {@link Fvc} checks them).
     *
     * @throws IllegalArgumentException if the threshold is outside [-1, 1] or the end-members are not ordered
     *         values in [-1, 1]
     */
    public static ZonalStatistics from(ZonalSummary summary, double threshold, double ndviSoil, double ndviVeg) {
        return from(summary, threshold, new Fvc(ndviSoil, ndviVeg));
    }

    /**
     * Derives the statistics of {@code summary} with green threshold {@code threshold} and the FVC model {@code fvc}.
     *
     * @throws IllegalArgumentException if the threshold is outside [-1, 1] or an argument is null
     */
    public static ZonalStatistics from(ZonalSummary summary, double threshold, Fvc fvc) {
        if (summary == null) throw new IllegalArgumentException("summary must not be null");
        if (fvc == null) throw new IllegalArgumentException("fvc must not be null");
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [-1, 1] but was " + threshold);
        }
        double site = summary.siteAreaM2();
        double valid = summary.classAreaM2(PixelClass.VALID);
        double cloud = summary.classAreaM2(PixelClass.CLOUD);
        double snow = summary.classAreaM2(PixelClass.SNOW);
        double water = summary.classAreaM2(PixelClass.WATER);
        double shadow = summary.classAreaM2(PixelClass.SHADOW);
        double observed = valid + cloud + shadow + snow + water;
        double total = Math.max(site, observed + summary.classAreaM2(PixelClass.NODATA));
        Builder b = builder().set(Statistic.SITE_AREA_M2, site).set(Statistic.VALID_AREA_M2, valid)
                .set(Statistic.THRESHOLD, threshold);
        if (total > 0) {
            b.set(Statistic.VALID_FRACTION, valid / total).set(Statistic.CLOUD_FRACTION, cloud / total)
                    .set(Statistic.CLEAR_FRACTION, (valid + water) / total)
                    .set(Statistic.SHADOW_FRACTION, summary.shadowSeparated() ? shadow / total : Double.NaN)
                    .set(Statistic.SNOW_FRACTION, snow / total).set(Statistic.WATER_FRACTION, water / total)
                    .set(Statistic.NODATA_FRACTION, Math.max(0, total - observed) / total);
        } else {
            b.set(Statistic.VALID_FRACTION, 0).set(Statistic.CLOUD_FRACTION, 0).set(Statistic.SNOW_FRACTION, 0)
                    .set(Statistic.CLEAR_FRACTION, 0).set(Statistic.SHADOW_FRACTION, summary.shadowSeparated() ? 0 : Double.NaN)
                    .set(Statistic.WATER_FRACTION, 0).set(Statistic.NODATA_FRACTION, 1);
        }

        Map<String, Double> classes = new LinkedHashMap<>();
        double[] hist = summary.histogramOrNull();
        double binTotal = summary.binSum(0, ZonalSummary.BINS);
        if (!(valid > 0) || hist == null || !(binTotal > 0)) {
            for (String name : CoverClasses.NAMES) classes.put(name, 0.0);
            return b.set(Statistic.GREEN_AREA_M2, 0).classAreasM2(classes).build(); // the value statistics stay NaN
        }

        double mean = summary.sumWeightedValues() / valid;
        double variance = summary.sumWeightedSquares() / valid - mean * mean;

        double fvcSum = 0;
        for (int k = 0; k < ZonalSummary.BINS; k++) {
            if (hist[k] != 0) fvcSum += hist[k] * fvc.fractionOf(ZonalSummary.binValue(k));
        }
        double green = summary.binSum(ZonalSummary.firstBinAtOrAbove(threshold), ZonalSummary.BINS);

        int from = 0;
        for (int i = 0; i < CoverClasses.NAMES.length; i++) {
            int to = i < CoverClasses.BREAKS.length
                    ? ZonalSummary.firstBinAtOrAbove(CoverClasses.BREAKS[i]) : ZonalSummary.BINS;
            classes.put(CoverClasses.NAMES[i], summary.binSum(from, to));
            from = to;
        }
        return b.set(Statistic.MEAN, mean).set(Statistic.STD, Math.sqrt(Math.max(0, variance)))
                .set(Statistic.MIN, summary.min()).set(Statistic.MAX, summary.max())
                .set(Statistic.MEDIAN, quantile(summary, 0.5)).set(Statistic.P10, quantile(summary, 0.1))
                .set(Statistic.P90, quantile(summary, 0.9)).set(Statistic.FVC, fvcSum / binTotal)
                .set(Statistic.GREEN_AREA_M2, green).set(Statistic.GREEN_FRACTION, Math.min(1, green / binTotal))
                .classAreasM2(classes).build();
    }

    /** A builder with every statistic NaN and no class areas. */
    public static Builder builder() { return new Builder(); }

    /**
     * Builds statistics by {@link Statistic} name rather than by position. Statistics not set are NaN; the class
     * areas default to empty. Not thread-safe.
     */
    public static final class Builder {
        private final double[] values = new double[Statistic.all().size()];
        private Map<String, Double> classAreasM2 = Map.of();

        private Builder() { Arrays.fill(values, Double.NaN); }

        public Builder set(Statistic statistic, double value) {
            values[statistic.ordinal()] = value;
            return this;
        }

        /** The valid area per cover class, in {@link CoverClasses#NAMES} order (copied by {@link #build}). */
        public Builder classAreasM2(Map<String, Double> areas) {
            if (areas == null) throw new IllegalArgumentException("classAreasM2 must not be null");
            classAreasM2 = areas;
            return this;
        }

        public ZonalStatistics build() {
            return new ZonalStatistics(v(Statistic.SITE_AREA_M2), v(Statistic.VALID_AREA_M2), v(Statistic.VALID_FRACTION),
                    v(Statistic.CLEAR_FRACTION), v(Statistic.CLOUD_FRACTION), v(Statistic.SHADOW_FRACTION), v(Statistic.SNOW_FRACTION), v(Statistic.WATER_FRACTION),
                    v(Statistic.NODATA_FRACTION), v(Statistic.MEAN), v(Statistic.STD), v(Statistic.MIN), v(Statistic.MAX),
                    v(Statistic.MEDIAN), v(Statistic.P10), v(Statistic.P90), v(Statistic.FVC), v(Statistic.GREEN_AREA_M2),
                    v(Statistic.GREEN_FRACTION), v(Statistic.THRESHOLD), classAreasM2);
        }

        private double v(Statistic s) { return values[s.ordinal()]; }
    }

    /**
     * Returns the lower weighted quantile {@code p} (in [0, 1]) of the valid values of {@code summary}: the centre
     * of the first histogram bin at which the cumulative valid area reaches {@code p × validArea}, clamped to
     * [min, max]; NaN when there is no valid area. Useful for FVC end-members (the 5 % and 95 % values).
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static double quantile(ZonalSummary summary, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("p must be in [0, 1] but was " + p);
        double[] hist = summary.histogramOrNull();
        double total = summary.binSum(0, ZonalSummary.BINS);
        if (hist == null || !(total > 0)) return Double.NaN;
        double target = p * total - 1e-12 * total;
        double cumulative = 0;
        int last = 0;
        for (int k = 0; k < ZonalSummary.BINS; k++) {
            if (hist[k] == 0) continue;
            cumulative += hist[k];
            last = k;
            if (cumulative >= target) break;
        }
        double v = ZonalSummary.binValue(last);
        return Math.max(summary.min(), Math.min(summary.max(), v));
    }
}
