package greencover.core.zonal;

import greencover.core.index.CoverClasses;
import greencover.core.raster.PixelClass;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The published statistics of one site (and one date), derived from a {@link ZonalSummary}. Areas are in m²,
 * index values in index units (NDVI).
 *
 * <h2>Fractions</h2>
 * The five class fractions are class area divided by the site area and sum to 1. No data is everything not
 * observed as valid, cloud, snow or water: NODATA pixels, NaN values and the part of the site outside the
 * raster. When the covered area exceeds the site area (possible under the CENTER and ALL_TOUCHED rules) the
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
 * @param siteAreaM2    area of the whole site polygon
 * @param validAreaM2   covered area of valid pixels
 * @param fvc           mean fractional vegetation cover, {@code clamp((v − ndviSoil) / (ndviVeg − ndviSoil), 0, 1)}
 * @param greenAreaM2   valid area with value ≥ {@code threshold}
 * @param greenFraction {@code greenAreaM2 / validAreaM2}
 * @param classAreasM2  valid area per {@link CoverClasses#NAMES} key, in that order
 */
public record ZonalStatistics(double siteAreaM2, double validAreaM2, double validFraction, double cloudFraction,
                              double snowFraction, double waterFraction, double nodataFraction, double mean,
                              double std, double min, double max, double median, double p10, double p90, double fvc,
                              double greenAreaM2, double greenFraction, double threshold,
                              Map<String, Double> classAreasM2) {

    public ZonalStatistics {
        if (classAreasM2 == null) throw new IllegalArgumentException("classAreasM2 must not be null");
        classAreasM2 = Collections.unmodifiableMap(new LinkedHashMap<>(classAreasM2));
    }

    /**
     * Derives the statistics of {@code summary} with green threshold {@code threshold} and FVC end-members
     * {@code ndviSoil} &lt; {@code ndviVeg}.
     *
     * @throws IllegalArgumentException if the threshold is outside [-1, 1] or the end-members are not ordered
     */
    public static ZonalStatistics from(ZonalSummary summary, double threshold, double ndviSoil, double ndviVeg) {
        if (summary == null) throw new IllegalArgumentException("summary must not be null");
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [-1, 1] but was " + threshold);
        }
        if (!Double.isFinite(ndviSoil) || !Double.isFinite(ndviVeg) || !(ndviSoil < ndviVeg)) {
            throw new IllegalArgumentException("ndviSoil must be below ndviVeg but ndviSoil=" + ndviSoil
                    + ", ndviVeg=" + ndviVeg);
        }
        double site = summary.siteAreaM2();
        double valid = summary.classAreaM2(PixelClass.VALID);
        double cloud = summary.classAreaM2(PixelClass.CLOUD);
        double snow = summary.classAreaM2(PixelClass.SNOW);
        double water = summary.classAreaM2(PixelClass.WATER);
        double observed = valid + cloud + snow + water;
        double total = Math.max(site, observed + summary.classAreaM2(PixelClass.NODATA));
        double validF, cloudF, snowF, waterF, nodataF;
        if (total > 0) {
            validF = valid / total;
            cloudF = cloud / total;
            snowF = snow / total;
            waterF = water / total;
            nodataF = Math.max(0, total - observed) / total;
        } else {
            validF = cloudF = snowF = waterF = 0;
            nodataF = 1;
        }

        Map<String, Double> classes = new LinkedHashMap<>();
        double[] hist = summary.histogramOrNull();
        double binTotal = summary.binSum(0, ZonalSummary.BINS);
        if (!(valid > 0) || hist == null || !(binTotal > 0)) {
            for (String name : CoverClasses.NAMES) classes.put(name, 0.0);
            double nan = Double.NaN;
            return new ZonalStatistics(site, valid, validF, cloudF, snowF, waterF, nodataF, nan, nan, nan, nan,
                    nan, nan, nan, nan, 0, nan, threshold, classes);
        }

        double mean = summary.sumWeightedValues() / valid;
        double variance = summary.sumWeightedSquares() / valid - mean * mean;
        double std = Math.sqrt(Math.max(0, variance));

        double fvcSum = 0;
        double range = ndviVeg - ndviSoil;
        for (int k = 0; k < ZonalSummary.BINS; k++) {
            if (hist[k] != 0) {
                double f = (ZonalSummary.binValue(k) - ndviSoil) / range;
                fvcSum += hist[k] * (f < 0 ? 0 : f > 1 ? 1 : f);
            }
        }
        double green = summary.binSum(ZonalSummary.firstBinAtOrAbove(threshold), ZonalSummary.BINS);

        int from = 0;
        for (int i = 0; i < CoverClasses.NAMES.length; i++) {
            int to = i < CoverClasses.BREAKS.length
                    ? ZonalSummary.firstBinAtOrAbove(CoverClasses.BREAKS[i]) : ZonalSummary.BINS;
            classes.put(CoverClasses.NAMES[i], summary.binSum(from, to));
            from = to;
        }
        return new ZonalStatistics(site, valid, validF, cloudF, snowF, waterF, nodataF, mean, std,
                summary.min(), summary.max(), quantile(summary, 0.5), quantile(summary, 0.1),
                quantile(summary, 0.9), fvcSum / binTotal, green, Math.min(1, green / binTotal), threshold, classes);
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
