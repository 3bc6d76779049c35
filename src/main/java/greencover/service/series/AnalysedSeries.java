package greencover.service.series;

import greencover.core.series.TargetProjection;
import greencover.core.series.Trend;
import greencover.core.zonal.SpatialAutocorrelation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A site's series with what it is compared with and how sure it is ({@link SeriesAnalysis}).
 *
 * @param series      the series
 * @param uncertainty one entry per point of {@code series}: the standard error of its mean with spatial
 *                    autocorrelation, or null where none is computed (annual-median points, or {@code uncertainty=false})
 * @param reference   the comparison with the site's reference site, or null when it has none
 * @param target      the projection to the site's target, or null when it has none
 * @param endmembers  the FVC endmembers the series used and where they came from
 * @param warnings    what the caller should know (e.g. the month window has no observation); empty when none
 */
public record AnalysedSeries(TimeSeries series, List<SpatialAutocorrelation.Estimate> uncertainty, Reference reference,
                             TargetProjection target, EndmemberValues endmembers, List<String> warnings) {

    public AnalysedSeries {
        uncertainty = Collections.unmodifiableList(new ArrayList<>(uncertainty));
        warnings = List.copyOf(warnings);
    }

    /**
     * The comparison with the reference site.
     *
     * @param siteId        the reference site
     * @param series        the reference's series under the same query
     * @param pairs         the site's ok points matched with the reference's ok points (same date; same year for composites)
     * @param matchedBy     {@code date} or {@code year}
     * @param relativeTrend the trend of {@code relativeIndex}
     * @param gapTrend      the trend of {@code indexGap}
     */
    public record Reference(String siteId, TimeSeries series, List<Pair> pairs, String matchedBy, Trend relativeTrend, Trend gapTrend) {
        public Reference { pairs = List.copyOf(pairs); }
    }

    /**
     * One matched pair: {@code relativeIndex} = site mean / reference mean, {@code indexGap} = reference mean − site mean
     * (NaN relative index when the reference mean is 0).
     */
    public record Pair(LocalDate date, LocalDate referenceDate, double siteMean, double referenceMean, double relativeIndex, double indexGap) {}

    /** The FVC endmembers used, and {@code source} {@code site} or {@code reference} ({@link Endmembers}). */
    public record EndmemberValues(double ndviSoil, double ndviVeg, Endmembers source) {}
}
