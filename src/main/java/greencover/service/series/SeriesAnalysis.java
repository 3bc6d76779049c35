package greencover.service.series;

import greencover.core.raster.CompositeRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.series.TargetProjection;
import greencover.core.series.Trend;
import greencover.core.zonal.PolygonCoverage;
import greencover.core.zonal.SpatialAutocorrelation;
import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.Geo;
import greencover.service.SceneDamages;
import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;

/**
 * A site's series ({@link SeriesService}) with its uncertainty, its reference site and its target
 * ({@link AnalysedSeries}).
 *
 * <ul>
 *   <li><b>Uncertainty</b> of each point's mean: Moran's I of the point's pixel field on rook neighbours and the
 *       effective sample size it implies ({@link SpatialAutocorrelation}). The field is each of the point's scenes'
 *       level-0 index raster over the site's outline valid on the point's date (cells with coverage &gt; 0 under the
 *       query's pixel rule; the scenes of one
 *       date pooled), or for pixel composites the composite raster of the point's scenes. Annual-median points are
 *       medians of statistics, not one pixel field: none. A site whose window exceeds {@link #MAX_FIELD_CELLS} cells is
 *       read at the first overview level that fits (cells 2^k larger: fewer, smoother cells, so a smaller n and a
 *       larger, more cautious standard error); one that fits no level gets none.</li>
 *   <li><b>Reference</b>: the reference site's series under the same query; the site's ok points are matched with
 *       the reference's ok points on the same date (composites: the same year), giving {@code relativeIndex} = site
 *       mean / reference mean and {@code indexGap} = reference mean − site mean, each with its own trend by the
 *       query's test.</li>
 *   <li><b>Target</b>: {@link TargetProjection} of the ok points' target metric (the query's trend when it is the
 *       same metric, else a trend of that metric by the query's test).</li>
 *   <li><b>Endmembers</b>: {@link Endmembers}; with {@code reference} the series is computed again with the
 *       derived NDVI_soil and NDVI_veg.</li>
 * </ul>
 */
public final class SeriesAnalysis {
    private final SeriesService series;
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository summaries;
    private final SceneDamages damages;
    private final greencover.service.SiteOutlines outlines;

    public SeriesAnalysis(SeriesService series, SiteRepository sites, SceneRepository scenes, SummaryRepository summaries,
                          SceneDamages damages) {
        this(series, sites, scenes, summaries, damages, null);
    }

    /**
     * @param outlines the sites' outline versions: a point's pixel field is read over the outline valid on its date, as
     *        its statistics are (null: the site's own outline on every date)
     */
    public SeriesAnalysis(SeriesService series, SiteRepository sites, SceneRepository scenes, SummaryRepository summaries,
                          SceneDamages damages, greencover.service.SiteOutlines outlines) {
        this.series = series;
        this.sites = sites;
        this.scenes = scenes;
        this.summaries = summaries;
        this.damages = damages;
        this.outlines = outlines;
    }

    /**
     * The analysed series of site {@code siteId}.
     *
     * @param uncertainty whether to compute the points' standard errors (it reads every point's rasters)
     * @throws NoSuchResourceException when there is no such site
     * @throws InvalidInputException (field {@code fvcEndmembers}) when {@code reference} endmembers are asked of a site
     *         without reference, or cannot be derived
     */
    public AnalysedSeries analyse(String siteId, SeriesQuery q, boolean uncertainty, Endmembers endmembers) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        Site reference = null;
        String refId = site.goals().referenceSite();
        if (refId != null) reference = sites.byId(refId).orElse(null);
        if (endmembers == Endmembers.REFERENCE && reference == null) {
            throw InvalidInputException.invalid("fvcEndmembers", "fvcEndmembers=reference needs a site with a referenceSite, which '"
                    + siteId + "' has not" + (refId == null ? "" : " (its reference '" + refId + "' is gone)"));
        }
        TimeSeries ts = series.timeseries(site, q);
        TimeSeries refSeries = reference == null ? null : series.timeseries(reference, q);
        AnalysedSeries.EndmemberValues used = new AnalysedSeries.EndmemberValues(site.ndviSoil(), site.ndviVeg(), Endmembers.SITE);
        if (endmembers == Endmembers.REFERENCE) {
            double veg = pooledQuantile(reference, refSeries, q.index(), Endmembers.VEG_PERCENTILE);
            double soil = pooledQuantile(site, ts, q.index(), Endmembers.SOIL_PERCENTILE);
            if (!(soil >= -1 && veg <= 1 && soil < veg)) {
                throw InvalidInputException.invalid("fvcEndmembers", "the endmembers derived from the reference are unusable: NDVI_soil "
                        + soil + " (5 % of the site's pixels) must be below NDVI_veg " + veg + " (95 % of the reference's)");
            }
            site = site.withEndmembers(soil, veg);
            ts = series.timeseries(site, q);
            used = new AnalysedSeries.EndmemberValues(soil, veg, Endmembers.REFERENCE);
        }
        List<SpatialAutocorrelation.Estimate> errors = new ArrayList<>();
        greencover.service.SiteOutlines.View view = outlines == null ? null : outlines.view();
        for (SeriesPoint p : ts.points()) {
            errors.add(uncertainty ? uncertainty(view == null ? site : view.on(site, p.date()), ts, p, q) : null);
        }
        AnalysedSeries.Reference ref = refSeries == null ? null : compare(reference.id(), ts, refSeries, q);
        TargetProjection target = site.goals().hasTarget() ? target(site, ts, q) : null;
        List<String> warnings = new ArrayList<>();
        if (ts.points().stream().allMatch(p -> p.sceneIds().isEmpty())) { // no point, or pixel-composite years without a scene
            warnings.add("no-observations: no scene of the index over the site in months " + q.months()
                    + (q.dates().from() == null && q.dates().to() == null ? "" : " between " + orOpen(q.dates().from()) + " and " + orOpen(q.dates().to())));
        }
        if (refId != null && reference == null) warnings.add("reference-missing: the reference site '" + refId + "' no longer exists");
        return new AnalysedSeries(ts, errors, ref, target, used, warnings);
    }

    private static String orOpen(LocalDate d) { return d == null ? "open" : d.toString(); }

    /** The target projection of {@code site}'s goal over the ok points of {@code ts}. */
    private static TargetProjection target(Site site, TimeSeries ts, SeriesQuery q) {
        Statistic metric = Statistic.find(site.goals().targetMetric()).orElseThrow();
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SeriesPoint p : ts.points()) {
            double v = metric.of(p.statistics());
            if (p.isOk() && Double.isFinite(v)) {
                dates.add(p.date());
                values.add(v);
            }
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Trend trend = metric.key().equals(ts.trend().metric()) || dates.isEmpty() ? ts.trend()
                : Trend.of(metric.key(), dates, v, q.trendTest());
        return TargetProjection.of(metric.key(), site.goals().targetValue(), dates, v, trend);
    }

    private static AnalysedSeries.Reference compare(String refId, TimeSeries ts, TimeSeries ref, SeriesQuery q) {
        boolean byYear = ts.composite() != Composite.NONE;
        Map<Object, SeriesPoint> refOk = new HashMap<>();
        for (SeriesPoint p : ref.points()) if (p.isOk() && Double.isFinite(p.statistics().mean())) refOk.put(key(p, byYear), p);
        List<AnalysedSeries.Pair> pairs = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (SeriesPoint p : ts.points()) {
            SeriesPoint r = refOk.get(key(p, byYear));
            if (r == null || !p.isOk() || !Double.isFinite(p.statistics().mean())) continue;
            double s = p.statistics().mean(), m = r.statistics().mean();
            pairs.add(new AnalysedSeries.Pair(p.date(), r.date(), s, m, m == 0 ? Double.NaN : s / m, m - s));
            dates.add(p.date());
        }
        Trend rel, gap;
        if (pairs.isEmpty()) {
            rel = Trend.none("relativeIndex", q.trendTest());
            gap = Trend.none("indexGap", q.trendTest());
        } else {
            rel = Trend.of("relativeIndex", dates, pairs.stream().mapToDouble(AnalysedSeries.Pair::relativeIndex).toArray(), q.trendTest());
            gap = Trend.of("indexGap", dates, pairs.stream().mapToDouble(AnalysedSeries.Pair::indexGap).toArray(), q.trendTest());
        }
        return new AnalysedSeries.Reference(refId, ref, pairs, byYear ? "year" : "date", rel, gap);
    }

    private static Object key(SeriesPoint p, boolean byYear) { return byYear ? (Object) p.date().getYear() : p.date(); }

    /**
     * The lower weighted quantile {@code share} of the valid pixels of {@code site}'s stored summaries (index
     * {@code index}) of the scenes of the ok points of {@code ts}, pooled.
     */
    private double pooledQuantile(Site site, TimeSeries ts, String index, double share) {
        Set<String> ids = new HashSet<>();
        for (SeriesPoint p : ts.points()) if (p.isOk()) ids.addAll(p.sceneIds());
        ZonalSummary pooled = new ZonalSummary(0);
        for (SummaryRow r : summaries.of(site.id(), index)) if (ids.contains(r.sceneId())) pooled.merge(ZonalSummary.fromBytes(r.summary()));
        if (!(pooled.validAreaM2() > 0)) {
            throw InvalidInputException.invalid("fvcEndmembers", "site '" + site.id() + "' has no ok observation with valid pixels in this "
                    + "query, so its endmember cannot be derived");
        }
        return ZonalStatistics.quantile(pooled, share);
    }

    /** The spatial standard error of point {@code p}'s mean, or null when it has no one pixel field. */
    private SpatialAutocorrelation.Estimate uncertainty(Site site, TimeSeries ts, SeriesPoint p, SeriesQuery q) {
        if (ts.composite() == Composite.ANNUAL_MEDIAN || p.sceneIds().isEmpty() || !Double.isFinite(p.statistics().mean())) return null;
        List<Scene> used = new ArrayList<>();
        for (String id : p.sceneIds()) scenes.byId(id).ifPresent(used::add);
        if (used.isEmpty()) return null;
        String hls = SceneService.hlsKey(q.index());
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        try {
            // each raster as the site sees it (its pond water, its mask buffer), as the point's statistics read it
            double ground = Geo.areaM2(site.wgs84());
            if (ts.composite().isPerPixel()) {
                List<IndexRaster> rasters = new ArrayList<>();
                for (Scene s : used) rasters.add(greencover.service.SiteMasks.view(site, s, damages.guarded(s, key(s, ts, q.index(), hls)), ground));
                add(acc, new CompositeRaster(rasters, ts.composite() == Composite.PIXEL_MEDIAN, ts.minObservations()), used.get(0), site, q);
            } else {
                for (Scene s : used) add(acc, greencover.service.SiteMasks.view(site, s, damages.guarded(s, key(s, ts, q.index(), hls)), ground), s, site, q);
            }
        } catch (SceneDamages.DamagedSceneException e) {
            return null;
        }
        return acc.estimate(p.statistics().mean(), p.statistics().std());
    }

    private static String key(Scene s, TimeSeries ts, String index, String hls) {
        return ts.harmonize() == Harmonize.HLS && s.indices().contains(hls) ? hls : index;
    }

    /** The most cells of one field read at once (14 bytes a cell); a larger site is read at the first overview that fits. */
    static final long MAX_FIELD_CELLS = 4_000_000;

    private static void add(SpatialAutocorrelation acc, IndexRaster raster, Scene scene, Site site, SeriesQuery q) {
        Geometry g = Geo.fromWgs84(site.wgs84(), Geo.crsOf(scene));
        int level = 0;
        RasterGrid grid = raster.grid();
        PolygonCoverage cov = PolygonCoverage.of(g, grid, q.rule());
        while ((long) cov.windowWidth() * cov.windowHeight() > MAX_FIELD_CELLS && level + 1 < raster.levelCount()) {
            level++;
            grid = raster.grid(level);
            cov = PolygonCoverage.of(g, grid, q.rule());
        }
        if (cov.isEmpty() || (long) cov.windowWidth() * cov.windowHeight() > MAX_FIELD_CELLS) return;
        int w = cov.windowWidth(), h = cov.windowHeight();
        float[] weights = new float[w * h];
        cov.fillRows(cov.rowMin(), cov.rowMax(), weights);
        short[] codes = new short[w * h];
        raster.read(level, cov.colMin(), cov.rowMin(), w, h, codes);
        float[] values = new float[w * h];
        for (int k = 0; k < codes.length; k++) values[k] = (float) IndexCodes.decode(codes[k]);
        acc.addField(values, weights, w, h, grid.pixelArea());
    }
}
