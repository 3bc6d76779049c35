package greencover.service.series;

import greencover.core.index.CoverClasses;
import greencover.core.index.GreenChange;
import greencover.core.raster.ChangeRaster;
import greencover.core.raster.CompositeRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.PolygonCoverage;
import greencover.domain.OutlineVersion;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.Geo;
import greencover.service.SceneDamages;
import greencover.service.SiteMasks;
import greencover.service.SiteOutlines;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * The change of a site between two periods (two calendar years, each restricted to a month window): the per-pixel
 * composite of each period ({@link CompositeRaster}, as {@code composite=pixel-median|pixel-max} of the series), then,
 * on the pixels with a value in both composites, exact-coverage weighted over the site: the green-cover change areas
 * ({@link GreenChange}), the mean index change and the cover-class transition areas ({@link CoverClasses}), in ground
 * m² (each pixel weighs its covered area in the scene grid times the outline's geodesic area over its grid area, as every
 * site statistic). Both composites are made on one scene grid, the grid most of the two periods' scenes over the site
 * share ({@link PixelComposites#majorityGrid}); scenes on other grids are left out and named in the notes. The scenes'
 * own index rasters enter (no harmonisation).
 *
 * <p>Each scene enters as the per-date statistics see it ({@link SiteOutlines}, {@link SiteMasks}): a scene counts when
 * its footprint meets the outline valid on its date (less that outline's inner buffer), and its raster is the site's
 * masked view on that date (permanent water is water, never land; clouds and shadows grown by {@code maskBufferM}).
 * <b>The outline of the comparison</b> is the intersection of the outlines (less their inner buffers) valid on the dates
 * of the scenes that enter, of both periods: the ground that was part of the site on every date compared. Without
 * outline versions and inner buffer it is the site's own outline. It is given with the result ({@link Outline}), and its
 * area is the result's {@code siteAreaM2}.
 *
 * <p>The change map layers of a site ({@code <site>:ndvi-change}, {@code <site>:greencover-change}) draw
 * {@link #drawn} of the same {@link Comparison}: the same composites, masks and outline, at the site's threshold.
 */
public final class PeriodChange {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SceneDamages damages;
    private final SiteOutlines outlines;

    public PeriodChange(SiteRepository sites, SceneRepository scenes, SceneDamages damages) {
        this(sites, scenes, damages, new SiteOutlines(null));
    }

    /** @param outlines which outline of a site counts on each date */
    public PeriodChange(SiteRepository sites, SceneRepository scenes, SceneDamages damages, SiteOutlines outlines) {
        this.sites = Objects.requireNonNull(sites, "sites");
        this.scenes = Objects.requireNonNull(scenes, "scenes");
        this.damages = Objects.requireNonNull(damages, "damages");
        this.outlines = Objects.requireNonNull(outlines, "outlines");
    }

    /**
     * What is asked: years {@code from} and {@code to} (from &le; to), the months of each, the index, the composite
     * (per pixel only) and the green threshold (null: the site's own).
     *
     * @throws InvalidInputException naming the field when a value is out of range
     */
    public record Query(int from, int to, MonthWindow months, String index, Composite composite, Double threshold) {
        public Query {
            Objects.requireNonNull(months, "months");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(composite, "composite");
            if (from > to) throw InvalidInputException.invalid("from", "from (" + from + ") must not be after to (" + to + ")");
            if (!composite.isPerPixel()) {
                throw InvalidInputException.invalid("composite", "composite must be pixel-median or pixel-max but was '" + composite.key() + "'");
            }
            if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
                throw InvalidInputException.invalid("threshold", "threshold must be in [-1, 1] but was " + threshold);
            }
        }
    }

    /** One period as composited: its year and the scenes that entered, in catalog order. */
    public record Period(int year, List<String> sceneIds, String sensor) {}

    /** The dates of one period, {@code start} to {@code end} inclusive (a calendar year for the route). */
    public record Span(LocalDate start, LocalDate end) {
        public Span {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        /** The calendar year {@code year}. */
        public static Span year(int year) { return new Span(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)); }

        boolean contains(LocalDate d) { return !d.isBefore(start) && !d.isAfter(end); }
    }

    /**
     * One outline that counted on a date of the comparison: the version valid from {@code validFrom} (null: the
     * site's own outline), its inner buffer in metres and the geodesic area it counts (less the buffer).
     */
    public record OutlineUsed(LocalDate validFrom, double innerBufferM, double countedAreaM2) {}

    /**
     * The outline the comparison is over: the intersection of the counted outlines {@code versions} (oldest first) in
     * WGS84, and its geodesic area.
     */
    public record Outline(Geometry wgs84, double areaM2, List<OutlineUsed> versions) {}

    /**
     * The change. Areas in ground m²; {@code siteAreaM2} is the area of the comparison's outline; {@code clearInBothAreaM2} is the part of it whose pixel has a value (clear land)
     * in both composites, and the four green-change areas partition it; {@code transitionsM2[i][j]} is the area of
     * cover class i ({@link CoverClasses#NAMES}) in {@code from} and j in {@code to}; means are over that area.
     */
    public record Result(String siteId, Query query, double threshold, Period from, Period to, double siteAreaM2,
                         double clearInBothAreaM2, double[] greenChangeAreasM2, double meanFrom, double meanTo,
                         double meanIndexChange, double[][] transitionsM2, List<String> notes, Outline outline) {
        public double clearInBothFraction() { return siteAreaM2 > 0 ? clearInBothAreaM2 / siteAreaM2 : Double.NaN; }

        public double gainedGreenAreaM2() { return greenChangeAreasM2[GreenChange.GAINED]; }

        public double lostGreenAreaM2() { return greenChangeAreasM2[GreenChange.LOST]; }

        public double stableGreenAreaM2() { return greenChangeAreasM2[GreenChange.STABLE_GREEN]; }

        /** Green in neither period (published as {@code stableBareAreaM2}). */
        public double stableBareAreaM2() { return greenChangeAreasM2[GreenChange.STABLE_NOT_GREEN]; }
    }

    /**
     * The two composites of a site, ready to count ({@link #change}) or draw ({@link #drawn}): the site, the scenes of
     * each period that entered (catalog order), the composites of their masked rasters on one grid, the outline of the
     * comparison (in WGS84 and in the grid's CRS) and the ground area of one grid cell at the site.
     */
    public record Comparison(Site site, List<Scene> fromScenes, List<Scene> toScenes, IndexRaster from, IndexRaster to,
                             Outline outline, Geometry outlineInGrid, double cellGroundM2, List<String> notes) {
        /** The grid of both composites. */
        public RasterGrid grid() { return from.grid(); }
    }

    private static final int BAND_ROWS = 256;

    /**
     * The change of site {@code siteId} for {@code q}.
     *
     * @throws NoSuchResourceException when there is no such site
     * @throws InvalidInputException {@code no_data} (field {@code from} or {@code to}) when a period has no scene with
     *         the index over the site in its months, on the grid of the comparison, or no pixel of the site clear in
     *         it (or none clear in both periods at once); {@code no_overlap} (field
     *         {@code to}) when the outlines valid in the two periods do not overlap
     */
    public Result change(String siteId, Query q) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        Comparison c = compare(site, Span.year(q.from()), Span.year(q.to()), q.months(), q.index(),
                q.composite() == Composite.PIXEL_MEDIAN);
        double threshold = q.threshold() == null ? site.greenThreshold() : q.threshold();
        double[] green = new double[GreenChange.NAMES.length];
        double[][] transitions = new double[CoverClasses.NAMES.length][CoverClasses.NAMES.length];
        double compared = 0, sumA = 0, sumB = 0, sumD = 0;
        boolean clearFrom = false, clearTo = false;
        ChangeRaster.PixelChange greenOp = GreenChange.op(threshold);
        IndexRaster ca = c.from(), cb = c.to();
        PolygonCoverage cov = PolygonCoverage.of(c.outlineInGrid(), c.grid(), PixelRule.EXACT);
        if (!cov.isEmpty()) {
            int c0 = cov.colMin(), w = cov.windowWidth();
            int maxRows = Math.min(BAND_ROWS, cov.windowHeight());
            float[] weight = new float[w * maxRows];
            short[] va = new short[w * maxRows], vb = new short[w * maxRows];
            for (int r0 = cov.rowMin(); r0 < cov.rowMax(); r0 += BAND_ROWS) {
                int rows = Math.min(BAND_ROWS, cov.rowMax() - r0);
                cov.fillRows(r0, r0 + rows, weight);
                ca.read(0, c0, r0, w, rows, va);
                cb.read(0, c0, r0, w, rows, vb);
                for (int p = 0; p < w * rows; p++) {
                    short x = va[p], y = vb[p];
                    if (weight[p] <= 0) continue;
                    if (IndexCodes.isValue(x)) clearFrom = true;
                    if (IndexCodes.isValue(y)) clearTo = true;
                    if (!IndexCodes.isValue(x) || !IndexCodes.isValue(y)) continue;
                    double area = weight[p] * c.cellGroundM2(), from = IndexCodes.decode(x), to = IndexCodes.decode(y);
                    compared += area;
                    sumA += area * from;
                    sumB += area * to;
                    sumD += area * IndexCodes.decode(ChangeRaster.DIFFERENCE.of(x, y));
                    green[greenOp.of(x, y) - 1] += area;
                    transitions[CoverClasses.classOf(from)][CoverClasses.classOf(to)] += area;
                }
            }
        }
        if (!(compared > 0)) {
            // scenes, but no clear land pixel of the site in one period, or none in both at once: nothing to compare
            String field = !clearFrom ? "from" : "to";
            String why = !clearFrom || !clearTo
                    ? "no pixel of the site is clear land in " + (!clearFrom ? q.from() : q.to()) + " (every pixel cloud, shadow, water or no data)"
                    : "no pixel of the site is clear land in both " + q.from() + " and " + q.to();
            throw new InvalidInputException("no_data", field, field + ": " + why
                    + (q.months().equals(MonthWindow.ALL) ? "" : " in months " + q.months()) + "; choose other periods or months");
        }
        double n = compared;
        return new Result(site.id(), q, threshold, period(q.from(), c.fromScenes()), period(q.to(), c.toScenes()),
                c.outline().areaM2(), compared, green, sumA / n, sumB / n, sumD / n, transitions, c.notes(), c.outline());
    }

    /**
     * The comparison of {@code site} between the scenes of {@code from} and of {@code to} in {@code months} holding
     * {@code index}: per-pixel medians ({@code median}) or maxima of the site's masked view of each scene on its date,
     * on the grid most of them share, over the outline of the comparison (see the class comment).
     *
     * @throws InvalidInputException {@code no_data} (field {@code from} or {@code to}) when a period has no such scene
     *         over the site (on the comparison's grid, readable); {@code no_overlap} (field {@code to}) when the
     *         outlines of the dates do not overlap
     */
    public Comparison compare(Site site, Span from, Span to, MonthWindow months, String index, boolean median) {
        List<OutlineVersion> versions = outlines.versions(site.id());
        java.util.Map<LocalDate, Site> dated = new java.util.HashMap<>();
        java.util.function.Function<LocalDate, Site> on = d -> dated.computeIfAbsent(d, k -> SiteOutlines.on(site, versions, k));
        List<Scene> a = inSpan(on, from, months, index), b = inSpan(on, to, months, index);
        if (a.isEmpty()) throw noData("from", from, months, index);
        if (b.isEmpty()) throw noData("to", to, months, index);
        List<Scene> both = new ArrayList<>(a);
        both.addAll(b);
        List<Scene> grid = PixelComposites.majorityGrid(both);
        List<String> notes = new ArrayList<>();
        List<Scene> other = both.stream().filter(s -> !grid.contains(s)).toList();
        if (!other.isEmpty()) {
            notes.add("other-grid: " + String.join(";", other.stream().map(Scene::id).toList())
                    + " left out (both composites use the grid of most scenes and never resample)");
        }
        List<Scene> aUsed = a.stream().filter(grid::contains).toList(), bUsed = b.stream().filter(grid::contains).toList();
        if (aUsed.isEmpty()) throw noData("from", from, months, index);
        if (bUsed.isEmpty()) throw noData("to", to, months, index);
        IndexRaster ca = new CompositeRaster(rasters(aUsed, index, on, notes, "from"), median, 1);
        IndexRaster cb = new CompositeRaster(rasters(bUsed, index, on, notes, "to"), median, 1);

        Outline outline = outlineOf(site, versions, aUsed, bUsed, on);
        if (!(outline.areaM2() > 0)) {
            throw new InvalidInputException("no_overlap", "to", "the outlines valid on the dates of the two periods do not"
                    + " overlap, so no ground was part of the site in both");
        }
        Geometry inGrid = Geo.fromWgs84(outline.wgs84(), Geo.crsOf(grid.get(0)));
        double gridArea = inGrid.getArea();
        double cellGround = ca.grid().pixelArea() * (gridArea > 0 ? outline.areaM2() / gridArea : 1);
        return new Comparison(site, aUsed, bUsed, ca, cb, outline, inGrid, cellGround, List.copyOf(notes));
    }

    /**
     * The least share of a cell the outline must cover for the cell to be drawn: below it the share is rounding of the
     * outline's round trip through WGS84 (an outline on cell edges covers its neighbours by some 1e-10), which the
     * counts weigh by that share, i.e. by nothing that shows in m².
     */
    public static final double DRAWN_MIN_COVER = 1e-6;

    /**
     * What a change map layer of the site draws for {@code c}: {@code op} of the two composites (in their grid, level 0
     * only) on the cells the comparison's outline covers (by more than {@link #DRAWN_MIN_COVER} of the cell), no data
     * elsewhere; so the cells with a class are the cells {@link #change} weighs.
     */
    public static IndexRaster drawn(Comparison c, ChangeRaster.PixelChange op) {
        return new OutlineRaster(new ChangeRaster(c.from(), c.to(), op), PolygonCoverage.of(c.outlineInGrid(), c.grid(), PixelRule.EXACT));
    }

    /**
     * The outline of the comparison: the counted outlines of the dates of {@code a} and {@code b}, one per version
     * (null key: the site's own), intersected; the site's counted outline itself when all dates share one.
     */
    private static Outline outlineOf(Site site, List<OutlineVersion> versions, List<Scene> a, List<Scene> b,
                                     java.util.function.Function<LocalDate, Site> on) {
        java.util.TreeMap<LocalDate, Site> byVersion = new java.util.TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        java.util.Map<LocalDate, Double> buffers = new java.util.HashMap<>();
        List<Scene> all = new ArrayList<>(a);
        all.addAll(b);
        for (Scene s : all) {
            OutlineVersion v = null;
            for (OutlineVersion o : versions) if (!o.validFrom().isAfter(s.date())) v = o;
            LocalDate key = v == null ? null : v.validFrom();
            byVersion.putIfAbsent(key, on.apply(s.date()));
            buffers.put(key, v == null ? SiteOutlines.innerBufferOf(site) : v.innerBufferM());
        }
        List<OutlineUsed> used = new ArrayList<>();
        Geometry g = null;
        for (var e : byVersion.entrySet()) {
            used.add(new OutlineUsed(e.getKey(), buffers.get(e.getKey()), e.getValue().areaM2()));
            g = g == null ? e.getValue().wgs84() : g.intersection(e.getValue().wgs84());
        }
        double area = byVersion.size() == 1 ? byVersion.firstEntry().getValue().areaM2() : g.isEmpty() ? 0 : Geo.areaM2(g);
        return new Outline(g, area, List.copyOf(used));
    }

    /**
     * The scenes of {@code span} in {@code months} holding {@code index} whose footprint meets the outline valid on their
     * date, in catalog order.
     */
    private List<Scene> inSpan(java.util.function.Function<LocalDate, Site> on, Span span, MonthWindow months, String index) {
        List<Scene> out = new ArrayList<>();
        for (Scene s : scenes.between(span.start(), span.end())) {
            if (months.contains(s.date().getMonthValue()) && s.indices().contains(index)
                    && on.apply(s.date()).wgs84().intersects(s.footprintWgs84())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The site's masked view of each scene on its date ({@link SiteMasks#view}, as the per-date statistics read it). */
    private List<IndexRaster> rasters(List<Scene> used, String index, java.util.function.Function<LocalDate, Site> on,
                                      List<String> notes, String field) {
        List<IndexRaster> out = new ArrayList<>();
        for (Scene s : used) {
            try {
                Site dated = on.apply(s.date());
                out.add(SiteMasks.view(dated, s, damages.guarded(s, index), Geo.areaM2(dated.wgs84())));
            } catch (SceneDamages.DamagedSceneException e) {
                notes.add("damaged-scene: " + s.id() + " left out (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) throw new InvalidInputException("no_data", field, "every scene of a period is damaged");
        return out;
    }

    private static Period period(int year, List<Scene> used) {
        LinkedHashSet<String> sensors = new LinkedHashSet<>();
        for (Scene s : used) sensors.add(s.sensor());
        return new Period(year, used.stream().map(Scene::id).toList(), String.join("+", sensors));
    }

    private static InvalidInputException noData(String field, Span span, MonthWindow months, String index) {
        String when = span.start().getDayOfYear() == 1 && span.end().equals(span.start().withMonth(12).withDayOfMonth(31))
                ? Integer.toString(span.start().getYear()) : span.start() + "/" + span.end();
        return new InvalidInputException("no_data", field, field + ": no scene with " + index + " over the site in "
                + when + (months.equals(MonthWindow.ALL) ? "" : " months " + months));
    }

    /**
     * A raster as drawn within an outline: its cells where the outline's coverage is above 0, no data elsewhere; level
     * 0 only (the map then reads the cells the change counts at every zoom).
     */
    private static final class OutlineRaster implements IndexRaster {
        private final IndexRaster base;
        private final int c0, r0, w, h;
        private final java.util.BitSet inside;

        OutlineRaster(IndexRaster base, PolygonCoverage cov) {
            this.base = base;
            this.c0 = cov.colMin();
            this.r0 = cov.rowMin();
            this.w = cov.isEmpty() ? 0 : cov.windowWidth();
            this.h = cov.isEmpty() ? 0 : cov.windowHeight();
            this.inside = new java.util.BitSet(w * h);
            if (w > 0) {
                float[] row = new float[w];
                for (int r = 0; r < h; r++) {
                    cov.fillRows(r0 + r, r0 + r + 1, row);
                    for (int c = 0; c < w; c++) if (row[c] > DRAWN_MIN_COVER) inside.set(r * w + c);
                }
            }
        }

        private boolean in(int col, int row) {
            int c = col - c0, r = row - r0;
            return c >= 0 && c < w && r >= 0 && r < h && inside.get(r * w + c);
        }

        @Override public RasterGrid grid() { return base.grid(); }

        @Override public org.geotools.api.referencing.crs.CoordinateReferenceSystem crs() { return base.crs(); }

        @Override public int epsg() { return base.epsg(); }

        @Override public int levelCount() { return 1; }

        @Override public short sample(int level, int col, int row) { return in(col, row) ? base.sample(0, col, row) : IndexCodes.NODATA; }

        @Override
        public void read(int level, int col0, int row0, int cw, int ch, short[] out) {
            base.read(0, col0, row0, cw, ch, out);
            for (int r = 0; r < ch; r++) {
                for (int c = 0; c < cw; c++) if (!in(col0 + c, row0 + r)) out[r * cw + c] = IndexCodes.NODATA;
            }
        }

        @Override public boolean intact() { return base.intact(); }

        @Override public void close() { }
    }
}
