package greencover.service;

import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.core.index.SpectralIndex;
import greencover.core.series.Trend;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.geom.Geometry;

/**
 * Builds a site's time series: the stored summaries of each date merged into one observation, statistics
 * at the requested threshold (answered from the stored histograms, so any threshold is exact to the 1e-4
 * quantisation), quality flags, optional annual composites, and the Theil–Sen / Mann–Kendall trend.
 * Center-point and all-touched modes recompute from the index rasters instead of the stored summaries.
 */
public final class SeriesService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository summaries;
    private final SceneFileStore files;

    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneFileStore files) {
        this.sites = sites;
        this.scenes = scenes;
        this.summaries = summaries;
        this.files = files;
    }

    /** The parameters of a series request, already typed; nulls mean defaults. */
    public record Query(String index, LocalDate from, LocalDate to, Double threshold, Double minValid, String composite,
                        String mode, String trendMetric) {}

    public TimeSeries timeseries(String siteId, Query q) {
        Site site = sites.byId(siteId).orElseThrow(() -> BadRequestException.notFound("site", siteId));
        String index = index(q.index());
        double threshold = q.threshold() == null ? site.greenThreshold() : checkThreshold(q.threshold());
        double minValid = q.minValid() == null ? 0.6 : q.minValid();
        if (!(minValid >= 0 && minValid <= 1)) throw new BadRequestException("invalid_field", "minValid", "minValid must be in [0, 1] but was " + minValid);
        if (q.from() != null && q.to() != null && q.from().isAfter(q.to())) {
            throw new BadRequestException("invalid_field", "from", "from " + q.from() + " is after to " + q.to());
        }
        String composite = q.composite() == null ? "none" : q.composite();
        if (!List.of("none", "annual-max", "annual-median").contains(composite)) {
            throw new BadRequestException("invalid_field", "composite", "composite must be none, annual-max or annual-median but was '" + composite + "'");
        }
        PixelRule rule = rule(q.mode());
        String metric = q.trendMetric() == null ? "mean" : q.trendMetric();
        ToDoubleFunction<ZonalStatistics> metricOf = metric(metric);

        Map<String, Scene> inRange = new LinkedHashMap<>();
        for (Scene s : scenes.between(q.from(), q.to())) inRange.put(s.id(), s);
        TreeMap<LocalDate, List<Scene>> byDate = new TreeMap<>();
        TreeMap<LocalDate, ZonalSummary> merged = new TreeMap<>();
        if (rule == PixelRule.EXACT) {
            for (SummaryRow r : summaries.of(site.id(), index)) {
                Scene s = inRange.get(r.sceneId());
                if (s == null) continue;
                add(merged, byDate, s, ZonalSummary.fromBytes(r.summary()));
            }
        } else {
            List<Scene> all = new ArrayList<>(inRange.values());
            for (int i = 0; i < all.size(); i++) {
                Scene s = all.get(i);
                if (!s.indices().contains(index) || !site.wgs84().intersects(s.footprintWgs84())) continue;
                List<Scene> earlier = new ArrayList<>();
                for (int j = 0; j < i; j++) if (all.get(j).date().equals(s.date())) earlier.add(all.get(j));
                Geometry whole = Geo.fromWgs84(site.wgs84(), s.epsg());
                Geometry part = SummaryService.portion(whole, s, earlier);
                add(merged, byDate, s, SiteSummarizer.summarize(files.indexRaster(s.id(), index), part, whole.getArea(), rule));
            }
        }
        List<SeriesPoint> points = new ArrayList<>();
        for (var e : merged.entrySet()) {
            List<Scene> ss = byDate.get(e.getKey());
            ZonalStatistics st = ZonalStatistics.from(e.getValue(), threshold, site.ndviSoil(), site.ndviVeg());
            String sensor = ss.stream().map(Scene::sensor).distinct().reduce((a, b) -> a + "+" + b).orElse("");
            String quality = st.validFraction() >= minValid ? SeriesPoint.OK : SeriesPoint.LOW_VALID;
            points.add(new SeriesPoint(e.getKey(), ss.stream().map(Scene::id).toList(), sensor, st, quality));
        }
        if (!composite.equals("none")) points = annual(points, composite, metricOf);
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SeriesPoint p : points) {
            double v = metricOf.applyAsDouble(p.statistics());
            if (p.isOk() && Double.isFinite(v)) {
                dates.add(p.date());
                values.add(v);
            }
        }
        Trend trend = dates.isEmpty() ? new Trend(metric, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Trend.METHOD)
                : Trend.of(metric, dates, values.stream().mapToDouble(Double::doubleValue).toArray());
        return new TimeSeries(site.id(), index, threshold, minValid, composite, modeName(rule), points, trend);
    }

    private static void add(TreeMap<LocalDate, ZonalSummary> merged, TreeMap<LocalDate, List<Scene>> byDate, Scene s, ZonalSummary z) {
        byDate.computeIfAbsent(s.date(), d -> new ArrayList<>()).add(s);
        ZonalSummary m = merged.get(s.date());
        if (m == null) {
            merged.put(s.date(), z);
        } else {
            double area = m.siteAreaM2();
            m.merge(z);
            m.setSiteAreaM2(area);
        }
    }

    /** One point per year among the ok points: the one with the largest, or the median, metric value. */
    private static List<SeriesPoint> annual(List<SeriesPoint> points, String composite, ToDoubleFunction<ZonalStatistics> metric) {
        TreeMap<Integer, List<SeriesPoint>> years = new TreeMap<>();
        for (SeriesPoint p : points) {
            if (p.isOk() && Double.isFinite(metric.applyAsDouble(p.statistics()))) years.computeIfAbsent(p.date().getYear(), y -> new ArrayList<>()).add(p);
        }
        List<SeriesPoint> out = new ArrayList<>();
        for (List<SeriesPoint> ps : years.values()) {
            ps.sort(Comparator.comparingDouble(p -> metric.applyAsDouble(p.statistics())));
            out.add(composite.equals("annual-max") ? ps.get(ps.size() - 1) : ps.get((ps.size() - 1) / 2));
        }
        return out;
    }

    static String index(String s) {
        String key = s == null || s.isBlank() ? "ndvi" : s.trim().toLowerCase(Locale.ROOT);
        try {
            return SpectralIndex.parse(key).key();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("invalid_field", "index", e.getMessage());
        }
    }

    static double checkThreshold(double t) {
        if (!(t >= -1 && t <= 1)) throw new BadRequestException("invalid_field", "threshold", "threshold must be in [-1, 1] but was " + t);
        return t;
    }

    static PixelRule rule(String mode) {
        if (mode == null || mode.isBlank()) return PixelRule.EXACT;
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "exact" -> PixelRule.EXACT;
            case "center", "centre", "center-point" -> PixelRule.CENTER;
            case "all-touched", "all_touched" -> PixelRule.ALL_TOUCHED;
            default -> throw new BadRequestException("invalid_field", "mode", "mode must be exact, center or all-touched but was '" + mode + "'");
        };
    }

    static String modeName(PixelRule r) {
        return switch (r) {
            case EXACT -> "exact";
            case CENTER -> "center";
            case ALL_TOUCHED -> "all-touched";
        };
    }

    static ToDoubleFunction<ZonalStatistics> metric(String m) {
        return switch (m) {
            case "mean" -> ZonalStatistics::mean;
            case "median" -> ZonalStatistics::median;
            case "fvc" -> ZonalStatistics::fvc;
            case "greenFraction" -> ZonalStatistics::greenFraction;
            case "greenAreaM2" -> ZonalStatistics::greenAreaM2;
            default -> throw new BadRequestException("invalid_field", "trend", "trend metric must be mean, median, fvc, greenFraction or greenAreaM2 but was '" + m + "'");
        };
    }

    /** Statistics of an ad-hoc polygon (WGS84) over the given scenes (all intersecting when empty); nothing is stored. */
    public List<SummaryService.SiteSceneStatistics> adhoc(Geometry wgs84, List<String> sceneIds, String indexKey, double threshold,
                                                          double soil, double veg, String mode) {
        String index = index(indexKey);
        checkThreshold(threshold);
        PixelRule rule = rule(mode);
        List<Scene> chosen = new ArrayList<>();
        if (sceneIds == null || sceneIds.isEmpty()) {
            for (Scene s : scenes.all()) if (s.footprintWgs84().intersects(wgs84)) chosen.add(s);
        } else {
            if (sceneIds.size() > 1000) throw BadRequestException.tooLarge("scenes", "at most 1000 scenes per request");
            for (String id : sceneIds) chosen.add(scenes.byId(id).orElseThrow(() -> new BadRequestException("not_found", "scenes", "scene '" + id + "' does not exist")));
        }
        List<SummaryService.SiteSceneStatistics> out = new ArrayList<>();
        for (Scene s : chosen) {
            if (!s.indices().contains(index)) continue;
            Geometry g = Geo.fromWgs84(wgs84, s.epsg());
            ZonalSummary z = SiteSummarizer.summarize(files.indexRaster(s.id(), index), g, g.getArea(), rule);
            out.add(new SummaryService.SiteSceneStatistics(null, s.id(), s.date(), ZonalStatistics.from(z, threshold, soil, veg)));
        }
        return out;
    }
}
