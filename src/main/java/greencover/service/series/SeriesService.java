package greencover.service.series;

import greencover.core.index.Fvc;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.core.series.Trend;
import greencover.core.series.TrendTestKind;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.Geo;
import greencover.service.SameDateMerge;
import greencover.service.SiteMasks;
import greencover.service.SceneDamages;
import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.store.SceneFileStore;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.locationtech.jts.geom.Geometry;

/**
 * Builds a site's time series: the stored summaries of each date merged into one observation, statistics at the
 * requested threshold (answered from the stored histograms, so any threshold is exact to the 1e-4 quantisation),
 * quality flags, optional annual composites ({@link AnnualComposites}, or per pixel {@link PixelComposites}), and the
 * Theil–Sen / Mann–Kendall trend of the ok points on the query's trend statistic. A date of several scenes is their
 * union, each ground pixel from the scene that observed it best ({@link SameDateMerge}), as the stored shares are;
 * center-point and all-touched modes, and a date whose stored shares involve a scene the query leaves out (another
 * sensor) or a damaged one, are merged again from the index rasters of the selected scenes.
 *
 * <p>Scenes enter when their sensor is one of the query's {@code sensors} (all when none is named) and their month is
 * in the query's month window. With harmonisation ({@link Harmonize}) a scene that has the HLS-adjusted raster of the
 * index ({@code ndvi-hls}: Sentinel-2 with B8A) enters with it, a Landsat (OLI) scene as it is; each point records
 * {@code hls} or {@code none}. Damaged scenes are left out; the series lists
 * those of its dates and site ({@link TimeSeries#damagedScenes()}) so that the points they would have covered can be
 * flagged.
 */
public final class SeriesService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository summaries;
    private final SceneDamages damages;
    private final SensorProviders sensors;
    private final greencover.service.SiteOutlines outlines;

    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneFileStore files) {
        this(sites, scenes, summaries, new SceneDamages(scenes, files), SensorProviders.defaults());
    }

    /** @param damages where a scene whose rasters fail to read is recorded (it is then left out) */
    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneDamages damages) {
        this(sites, scenes, summaries, damages, SensorProviders.defaults());
    }

    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneDamages damages,
                         SensorProviders sensors) {
        this(sites, scenes, summaries, damages, sensors, new greencover.service.SiteOutlines(null));
    }

    /** @param outlines which outline of a site counts on each date (the per-date points use it) */
    public SeriesService(SiteRepository sites, SceneRepository scenes, SummaryRepository summaries, SceneDamages damages,
                         SensorProviders sensors, greencover.service.SiteOutlines outlines) {
        this.outlines = java.util.Objects.requireNonNull(outlines, "outlines");
        this.sites = sites;
        this.scenes = scenes;
        this.summaries = summaries;
        this.damages = damages;
        this.sensors = sensors;
    }

    /**
     * The series of site {@code siteId} for {@code q}.
     *
     * @throws NoSuchResourceException when there is no such site
     * @throws InvalidInputException (field {@code sensors}) naming a sensor the registry does not know
     */
    public TimeSeries timeseries(String siteId, SeriesQuery q) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        return timeseries(site, q);
    }

    /** The series of {@code site} for {@code q}. */
    public TimeSeries timeseries(Site site, SeriesQuery q) {
        String index = q.index();
        String hlsIndex = SceneService.hlsKey(index);
        double threshold = q.threshold() == null ? site.greenThreshold() : q.threshold();
        Fvc fvc = new Fvc(site.ndviSoil(), site.ndviVeg());
        List<String> sensorIds = sensorIds(q.sensors());
        List<greencover.domain.OutlineVersion> versions = outlines.versions(site.id());
        Map<LocalDate, Site> outlineOn = new HashMap<>();
        java.util.function.Function<LocalDate, Site> on = d -> outlineOn.computeIfAbsent(d,
                k -> greencover.service.SiteOutlines.on(site, versions, k));

        List<Scene> inRange = new ArrayList<>();
        TreeSet<Integer> yearsWithScenes = new TreeSet<>();
        List<Scene> all = scenes.between(q.dates().from(), q.dates().to());
        for (Scene s : all) {
            if (!sensorIds.isEmpty() && !sensorIds.contains(s.sensor())) continue;
            if (on.apply(s.date()).wgs84().intersects(s.footprintWgs84()) && (s.indices().contains(index) || s.indices().contains(hlsIndex))) {
                yearsWithScenes.add(s.date().getYear());
            }
            if (q.months().contains(s.date().getMonthValue())) inRange.add(s);
        }
        Harmonize mode = effective(q.harmonize(), inRange, site, hlsIndex);
        Map<String, String> keyOf = new HashMap<>();
        for (Scene s : inRange) keyOf.put(s.id(), mode == Harmonize.HLS && s.indices().contains(hlsIndex) ? hlsIndex : index);

        if (q.composite().isPerPixel()) {
            List<SeriesPoint> points = withReasons(pixelComposites(site, on, q, inRange, yearsWithScenes, keyOf, mode, threshold, fvc), q, all, mode);
            return new TimeSeries(site.id(), index, threshold, q.minValid(), q.composite(), q.rule(), points,
                    trend(points, q.trend(), q.trendTest()), damaged(site, q), mode, sensorIds, q.months(), q.minObservations());
        }

        TreeMap<LocalDate, Observation> byDate = new TreeMap<>();
        // each date's scenes over the site that the query selects, in id order
        TreeMap<LocalDate, List<Scene>> groups = new TreeMap<>();
        for (Scene s : inRange) {
            if (s.indices().contains(keyOf.get(s.id())) && on.apply(s.date()).wgs84().intersects(s.footprintWgs84())) {
                groups.computeIfAbsent(s.date(), d -> new ArrayList<>()).add(s);
            }
        }
        // a date's stored shares are its point only when every scene that shaped them is selected and readable
        Map<LocalDate, Integer> overSite = new HashMap<>();
        for (Scene s : all) {
            if (s.indices().contains(index) && on.apply(s.date()).wgs84().intersects(s.footprintWgs84())) overSite.merge(s.date(), 1, Integer::sum);
        }
        java.util.Set<LocalDate> damagedDates = new java.util.HashSet<>();
        for (Scene d : damaged(site, q)) damagedDates.add(d.date());
        Map<String, ZonalSummary> stored = new HashMap<>();
        if (q.rule() == PixelRule.EXACT) {
            List<SummaryRow> rows = new ArrayList<>(summaries.of(site.id(), index));
            if (mode == Harmonize.HLS) rows.addAll(summaries.of(site.id(), hlsIndex));
            for (SummaryRow r : rows) {
                String key = keyOf.get(r.sceneId());
                if (key != null && r.index().equals(key)) stored.put(r.sceneId(), ZonalSummary.fromBytes(r.summary()));
            }
        }
        for (var g : groups.entrySet()) {
            Site dated = on.apply(g.getKey());
            double ground = Geo.areaM2(dated.wgs84());
            List<Scene> group = g.getValue();
            group.sort(java.util.Comparator.comparing(Scene::id));
            boolean useStored = q.rule() == PixelRule.EXACT && !damagedDates.contains(g.getKey())
                    && group.size() == overSite.getOrDefault(g.getKey(), 0) && group.stream().allMatch(s -> stored.containsKey(s.id()));
            Map<String, ZonalSummary> shares;
            if (useStored) {
                shares = stored;
            } else { // another rule, a sensor left out, a damaged scene, or shares stored before the merge rule
                List<SameDateMerge.Entry> entries = new ArrayList<>();
                for (Scene s : group) {
                    damages.read(s, () -> damages.guarded(s, keyOf.get(s.id())))
                            .ifPresent(r -> entries.add(new SameDateMerge.Entry(s, SiteMasks.view(dated, s, r, ground))));
                }
                shares = SameDateMerge.shares(dated.wgs84(), ground, entries, q.rule());
            }
            for (Scene s : group) {
                ZonalSummary z = shares.get(s.id());
                if (z != null) add(byDate, s, z, harmonization(s, mode, keyOf));
            }
        }
        List<SeriesPoint> points = new ArrayList<>();
        for (Observation o : byDate.values()) {
            ZonalStatistics st = ZonalStatistics.from(o.summary, threshold, fvc);
            points.add(new SeriesPoint(o.date, o.sceneIds, String.join("+", o.sensors), st, quality(st, q), o.harmonization(), List.of()));
        }
        points = withReasons(AnnualComposites.of(points, q.composite(), q.trend()), q, all, mode);
        return new TimeSeries(site.id(), index, threshold, q.minValid(), q.composite(), q.rule(), points,
                trend(points, q.trend(), q.trendTest()), damaged(site, q), mode, sensorIds, q.months(), q.minObservations());
    }

    /**
     * {@code points} with their {@link SeriesPoint#REASONS quality reasons}, judged with {@code q} over {@code scenes}
     * in a series harmonised by {@code mode}.
     */
    private static List<SeriesPoint> withReasons(List<SeriesPoint> points, SeriesQuery q, List<Scene> scenes, Harmonize mode) {
        Map<String, Scene> byId = new HashMap<>();
        for (Scene s : scenes) byId.put(s.id(), s);
        List<SeriesPoint> out = new ArrayList<>(points.size());
        for (SeriesPoint p : points) {
            List<String> reasons = new ArrayList<>();
            if (!(p.statistics().clearFraction() >= q.minValid())) reasons.add(SeriesPoint.LOW_CLEAR);
            if (p.statistics().nodataFraction() > 1e-9) reasons.add(SeriesPoint.PARTIAL_SCENE);
            LinkedHashSet<String> sensorsOf = new LinkedHashSet<>();
            boolean unverified = false;
            for (String id : p.sceneIds()) {
                Scene s = byId.get(id);
                if (s == null) continue;
                sensorsOf.add(s.sensor());
                Map<String, String> st = s.sensorSettings();
                unverified |= "baseline".equals(st.get("offsetRule")) && "date".equals(st.get("baselineRule"));
            }
            if (sensorsOf.size() > 1) reasons.add(SeriesPoint.MIXED_SENSOR);
            if (unverified) reasons.add(SeriesPoint.OFFSET_UNVERIFIED);
            if (mode == Harmonize.HLS && !"hls".equals(p.harmonization())) reasons.add(SeriesPoint.NOT_HARMONIZED);
            out.add(p.withQualityReasons(reasons));
        }
        return out;
    }

    /** The damaged scenes of the query's dates over the site. */
    private List<Scene> damaged(Site site, SeriesQuery q) {
        List<Scene> damaged = new ArrayList<>();
        for (Scene d : scenes.damaged()) {
            boolean within = (q.dates().from() == null || !d.date().isBefore(q.dates().from()))
                    && (q.dates().to() == null || !d.date().isAfter(q.dates().to()));
            if (within && d.footprintWgs84().intersects(site.wgs84())) damaged.add(d);
        }
        return damaged;
    }

    private static SeriesPoint.Quality quality(ZonalStatistics st, SeriesQuery q) {
        return st.clearFraction() >= q.minValid() ? SeriesPoint.Quality.OK : SeriesPoint.Quality.LOW_VALID;
    }

    /**
     * One point per year with scenes over the site: the per-pixel composite of the year's scenes in the month window,
     * each scene as the site sees it on its date ({@code on}: the outline valid then, its permanent water and mask
     * buffer, {@link greencover.service.SiteMasks#view}), summarised over the outline valid on the point's date.
     */
    private List<SeriesPoint> pixelComposites(Site site, java.util.function.Function<LocalDate, Site> on, SeriesQuery q,
                                              List<Scene> inRange, TreeSet<Integer> years,
                                              Map<String, String> keyOf, Harmonize mode, double threshold, Fvc fvc) {
        List<SeriesPoint> out = new ArrayList<>();
        boolean median = q.composite() == Composite.PIXEL_MEDIAN;
        for (int year : years) {
            List<Scene> ofYear = new ArrayList<>();
            for (Scene s : inRange) {
                if (s.date().getYear() == year && s.indices().contains(keyOf.get(s.id())) && on.apply(s.date()).wgs84().intersects(s.footprintWgs84())) {
                    ofYear.add(s);
                }
            }
            LocalDate date = LocalDate.of(year, q.months().middleMonth(), 1);
            Site counted = on.apply(date);
            if (ofYear.isEmpty()) {
                ZonalStatistics st = ZonalStatistics.from(new ZonalSummary(Geo.areaM2(counted.wgs84())), threshold, fvc);
                out.add(new SeriesPoint(date, List.of(), "", st, SeriesPoint.Quality.LOW_VALID, mode == Harmonize.HLS ? "hls" : "none",
                        List.of("no-observations: no scene of " + year + " in months " + q.months())));
                continue;
            }
            PixelComposites.Result r = PixelComposites.of(ofYear, s -> keyOf.get(s.id()), counted.wgs84(), median,
                    q.minObservations(), q.rule(), s -> {
                        Site dated = on.apply(s.date());
                        return greencover.service.SiteMasks.view(dated, s, damages.raster(s, keyOf.get(s.id())), Geo.areaM2(dated.wgs84()));
                    });
            ZonalStatistics st = ZonalStatistics.from(r.summary(), threshold, fvc);
            List<String> ids = new ArrayList<>();
            LinkedHashSet<String> sensorsUsed = new LinkedHashSet<>(), harm = new LinkedHashSet<>();
            for (Scene s : r.used()) {
                ids.add(s.id());
                sensorsUsed.add(s.sensor());
                harm.add(harmonization(s, mode, keyOf));
            }
            List<String> notes = new ArrayList<>();
            if (!r.otherGrid().isEmpty()) {
                notes.add("other-grid: " + String.join(";", r.otherGrid().stream().map(Scene::id).toList())
                        + " left out (composites use the grid of most scenes and never resample)");
            }
            out.add(new SeriesPoint(date, ids, String.join("+", sensorsUsed), st, quality(st, q),
                    harm.size() == 1 ? harm.iterator().next() : "mixed", notes));
        }
        return out;
    }

    /** Registered ids of the query's sensors, compared ignoring case, '-' and '_' ({@code landsat-c2-l2} = {@code landsat-c2l2}). */
    private List<String> sensorIds(List<String> asked) {
        List<String> out = new ArrayList<>();
        for (String a : asked) {
            String k = normal(a);
            Optional<String> id = sensors.ids().stream().filter(i -> normal(i).equals(k)).findFirst();
            if (id.isEmpty()) {
                throw InvalidInputException.invalid("sensors", "sensors must be among " + sensors.ids() + " but had '" + a + "'");
            }
            if (!out.contains(id.get())) out.add(id.get());
        }
        return List.copyOf(out);
    }

    private static String normal(String s) { return s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""); }

    /** AUTO resolved: HLS when an OLI scene and a scene with the adjusted raster both cover the site. */
    private Harmonize effective(Harmonize asked, List<Scene> inRange, Site site, String hlsIndex) {
        if (asked != Harmonize.AUTO) return asked;
        boolean oli = false, adjusted = false;
        for (Scene s : inRange) {
            if (!site.wgs84().intersects(s.footprintWgs84())) continue;
            if (isOli(s)) oli = true;
            if (s.indices().contains(hlsIndex)) adjusted = true;
        }
        return oli && adjusted ? Harmonize.HLS : Harmonize.NONE;
    }

    private boolean isOli(Scene s) {
        for (SensorProvider p : sensors.all()) if (p.id().equals(s.sensor())) return p.isOliReference();
        return false;
    }

    /** {@code hls} when the scene enters on the OLI scale (adjusted, or OLI itself) in a harmonised series, else {@code none}. */
    private String harmonization(Scene s, Harmonize mode, Map<String, String> keyOf) {
        if (mode != Harmonize.HLS) return "none";
        return keyOf.get(s.id()).endsWith(SceneService.HLS_SUFFIX) || isOli(s) ? "hls" : "none";
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
    private static Trend trend(List<SeriesPoint> points, Statistic metric, TrendTestKind test) {
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SeriesPoint p : points) {
            double v = metric.of(p.statistics());
            if (p.isOk() && Double.isFinite(v)) {
                dates.add(p.date());
                values.add(v);
            }
        }
        if (dates.isEmpty()) return Trend.none(metric.key(), test);
        return Trend.of(metric.key(), dates, values.stream().mapToDouble(Double::doubleValue).toArray(), test);
    }

    /** The summaries of one date merged, with the scenes and sensors that contributed, in scene order. */
    private static final class Observation {
        final LocalDate date;
        final ZonalSummary summary;
        final List<String> sceneIds = new ArrayList<>();
        final LinkedHashSet<String> sensors = new LinkedHashSet<>();
        final LinkedHashSet<String> harmonizations = new LinkedHashSet<>();

        Observation(LocalDate date, ZonalSummary first) {
            this.date = date;
            this.summary = first;
        }

        String harmonization() { return harmonizations.size() == 1 ? harmonizations.iterator().next() : "mixed"; }
    }

    private static void add(TreeMap<LocalDate, Observation> byDate, Scene s, ZonalSummary z, String harmonization) {
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
        o.harmonizations.add(harmonization);
    }
}
