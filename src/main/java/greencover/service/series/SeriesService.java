package greencover.service.series;

import greencover.core.index.Fvc;
import greencover.core.series.Trend;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.Geo;
import greencover.service.SameDateFootprints;
import greencover.service.SceneDamages;
import greencover.service.SiteSummarizer;
import greencover.service.error.NoSuchResourceException;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;

/**
 * Builds a site's time series: the stored summaries of each date merged into one observation, statistics at the
 * requested threshold (answered from the stored histograms, so any threshold is exact to the 1e-4 quantisation),
 * quality flags, optional annual composites ({@link AnnualComposites}), and the Theil–Sen / Mann–Kendall trend of the
 * ok points on the query's trend statistic. Center-point and all-touched modes recompute from the index rasters
 * instead of the stored summaries, with each scene counting the site minus the footprints of the earlier scenes of
 * its date ({@link SameDateFootprints}), as the stored summaries do. Damaged scenes are left out; the series lists
 * those of its dates and site ({@link TimeSeries#damagedScenes()}) so that the points they would have covered can be
 * flagged.
 */
public final class SeriesService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository summaries;
    private final SceneDamages damages;

    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneFileStore files) {
        this(sites, scenes, summaries, new SceneDamages(scenes, files));
    }

    /** @param damages where a scene whose rasters fail to read is recorded (it is then left out) */
    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneDamages damages) {
        this.sites = sites;
        this.scenes = scenes;
        this.summaries = summaries;
        this.damages = damages;
    }

    /**
     * The series of site {@code siteId} for {@code q}.
     *
     * @throws NoSuchResourceException when there is no such site
     */
    public TimeSeries timeseries(String siteId, SeriesQuery q) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        return timeseries(site, q);
    }

    /** The series of {@code site} for {@code q}. */
    public TimeSeries timeseries(Site site, SeriesQuery q) {
        String index = q.index();
        double threshold = q.threshold() == null ? site.greenThreshold() : q.threshold();
        Fvc fvc = new Fvc(site.ndviSoil(), site.ndviVeg());

        List<Scene> inRange = scenes.between(q.dates().from(), q.dates().to());
        TreeMap<LocalDate, Observation> byDate = new TreeMap<>();
        if (q.rule() == PixelRule.EXACT) {
            Map<String, Scene> byId = new LinkedHashMap<>();
            for (Scene s : inRange) byId.put(s.id(), s);
            for (SummaryRow r : summaries.of(site.id(), index)) {
                Scene s = byId.get(r.sceneId());
                if (s != null) add(byDate, s, ZonalSummary.fromBytes(r.summary()));
            }
        } else {
            for (int i = 0; i < inRange.size(); i++) {
                Scene s = inRange.get(i);
                if (!s.indices().contains(index) || !site.wgs84().intersects(s.footprintWgs84())) continue;
                Geometry whole = Geo.fromWgs84(site.wgs84(), Geo.crsOf(s));
                Geometry part = SameDateFootprints.portion(whole, s, SameDateFootprints.earlier(inRange, i));
                damages.read(s, () -> SiteSummarizer.summarize(damages.raster(s, index), part, whole, Geo.areaM2(site.wgs84()), q.rule()))
                        .ifPresent(z -> add(byDate, s, z));
            }
        }
        List<SeriesPoint> points = new ArrayList<>();
        for (Observation o : byDate.values()) {
            ZonalStatistics st = ZonalStatistics.from(o.summary, threshold, fvc);
            SeriesPoint.Quality quality = st.clearFraction() >= q.minValid() ? SeriesPoint.Quality.OK : SeriesPoint.Quality.LOW_VALID;
            points.add(new SeriesPoint(o.date, o.sceneIds, String.join("+", o.sensors), st, quality));
        }
        points = AnnualComposites.of(points, q.composite(), q.trend());
        List<Scene> damaged = new ArrayList<>();
        for (Scene d : scenes.damaged()) {
            boolean within = (q.dates().from() == null || !d.date().isBefore(q.dates().from()))
                    && (q.dates().to() == null || !d.date().isAfter(q.dates().to()));
            if (within && d.footprintWgs84().intersects(site.wgs84())) damaged.add(d);
        }
        return new TimeSeries(site.id(), index, threshold, q.minValid(), q.composite(), q.rule(), points, trend(points, q.trend()),
                damaged);
    }

    /** The listing view of {@code site}: its latest point under the default query and its observation count. */
    public SiteSummaryView summaryOf(Site site) {
        List<SeriesPoint> points = timeseries(site, SeriesQuery.defaults()).points();
        SeriesPoint latest = null;
        for (SeriesPoint p : points) if (p.isOk()) latest = p;
        if (latest == null && !points.isEmpty()) latest = points.get(points.size() - 1);
        return new SiteSummaryView(latest, points.size());
    }

    /** The trend of the ok points whose {@code metric} is finite; NaN figures and n = 0 when there is none. */
    private static Trend trend(List<SeriesPoint> points, Statistic metric) {
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SeriesPoint p : points) {
            double v = metric.of(p.statistics());
            if (p.isOk() && Double.isFinite(v)) {
                dates.add(p.date());
                values.add(v);
            }
        }
        if (dates.isEmpty()) return new Trend(metric.key(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Trend.METHOD);
        return Trend.of(metric.key(), dates, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The summaries of one date merged, with the scenes and sensors that contributed, in scene order. */
    private static final class Observation {
        final LocalDate date;
        final ZonalSummary summary;
        final List<String> sceneIds = new ArrayList<>();
        final LinkedHashSet<String> sensors = new LinkedHashSet<>();

        Observation(LocalDate date, ZonalSummary first) {
            this.date = date;
            this.summary = first;
        }
    }

    private static void add(TreeMap<LocalDate, Observation> byDate, Scene s, ZonalSummary z) {
        Observation o = byDate.get(s.date());
        if (o == null) {
            byDate.put(s.date(), o = new Observation(s.date(), z));
        } else {
            double area = o.summary.siteAreaM2();
            o.summary.merge(z);
            o.summary.setSiteAreaM2(area);
        }
        o.sceneIds.add(s.id());
        o.sensors.add(s.sensor());
    }
}
