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
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.Geo;
import greencover.service.SceneDamages;
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
 * m² (each pixel weighs its covered area in the scene grid times the site's geodesic area over its grid area, as every
 * site statistic). Both composites are made on one scene grid, the grid most of the two periods' scenes over the site
 * share ({@link PixelComposites#majorityGrid}); scenes on other grids are left out and named in the notes. The scenes'
 * own index rasters enter (no harmonisation). The change map layers ({@code ndvi-change}, {@code greencover-change})
 * draw the same composites with the same per-pixel ops ({@link ChangeRaster#DIFFERENCE}, {@link GreenChange#op}).
 */
public final class PeriodChange {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SceneDamages damages;

    public PeriodChange(SiteRepository sites, SceneRepository scenes, SceneDamages damages) {
        this.sites = Objects.requireNonNull(sites, "sites");
        this.scenes = Objects.requireNonNull(scenes, "scenes");
        this.damages = Objects.requireNonNull(damages, "damages");
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

    /**
     * The change. Areas in ground m²; {@code clearInBothAreaM2} is the site area whose pixel has a value (clear land)
     * in both composites, and the four green-change areas partition it; {@code transitionsM2[i][j]} is the area of
     * cover class i ({@link CoverClasses#NAMES}) in {@code from} and j in {@code to}; means are over that area.
     */
    public record Result(String siteId, Query query, double threshold, Period from, Period to, double siteAreaM2,
                         double clearInBothAreaM2, double[] greenChangeAreasM2, double meanFrom, double meanTo,
                         double meanIndexChange, double[][] transitionsM2, List<String> notes) {
        public double clearInBothFraction() { return siteAreaM2 > 0 ? clearInBothAreaM2 / siteAreaM2 : Double.NaN; }

        public double gainedGreenAreaM2() { return greenChangeAreasM2[GreenChange.GAINED]; }

        public double lostGreenAreaM2() { return greenChangeAreasM2[GreenChange.LOST]; }

        public double stableGreenAreaM2() { return greenChangeAreasM2[GreenChange.STABLE_GREEN]; }

        /** Green in neither period (published as {@code stableBareAreaM2}). */
        public double stableBareAreaM2() { return greenChangeAreasM2[GreenChange.STABLE_NOT_GREEN]; }
    }

    private static final int BAND_ROWS = 256;

    /**
     * The change of site {@code siteId} for {@code q}.
     *
     * @throws NoSuchResourceException when there is no such site
     * @throws InvalidInputException {@code no_data} (field {@code from} or {@code to}) when a period has no scene with
     *         the index over the site in its months, on the grid of the comparison
     */
    public Result change(String siteId, Query q) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        List<Scene> a = ofYear(site, q, q.from()), b = ofYear(site, q, q.to());
        if (a.isEmpty()) throw noData("from", q.from(), q);
        if (b.isEmpty()) throw noData("to", q.to(), q);
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
        if (aUsed.isEmpty()) throw noData("from", q.from(), q);
        if (bUsed.isEmpty()) throw noData("to", q.to(), q);
        double threshold = q.threshold() == null ? site.greenThreshold() : q.threshold();
        boolean median = q.composite() == Composite.PIXEL_MEDIAN;
        IndexRaster ca = new CompositeRaster(rasters(aUsed, q.index(), notes), median, 1);
        IndexRaster cb = new CompositeRaster(rasters(bUsed, q.index(), notes), median, 1);

        double siteArea = Geo.areaM2(site.wgs84());
        Geometry whole = Geo.fromWgs84(site.wgs84(), Geo.crsOf(grid.get(0)));
        RasterGrid g = ca.grid();
        double gridArea = whole.getArea();
        double cellGround = g.pixelArea() * (gridArea > 0 && siteArea > 0 ? siteArea / gridArea : 1);
        double[] green = new double[GreenChange.NAMES.length];
        double[][] transitions = new double[CoverClasses.NAMES.length][CoverClasses.NAMES.length];
        double compared = 0, sumA = 0, sumB = 0, sumD = 0;
        ChangeRaster.PixelChange greenOp = GreenChange.op(threshold);
        PolygonCoverage cov = PolygonCoverage.of(whole, g, PixelRule.EXACT);
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
                    if (weight[p] <= 0 || !IndexCodes.isValue(x) || !IndexCodes.isValue(y)) continue;
                    double area = weight[p] * cellGround, from = IndexCodes.decode(x), to = IndexCodes.decode(y);
                    compared += area;
                    sumA += area * from;
                    sumB += area * to;
                    sumD += area * IndexCodes.decode(ChangeRaster.DIFFERENCE.of(x, y));
                    green[greenOp.of(x, y) - 1] += area;
                    transitions[CoverClasses.classOf(from)][CoverClasses.classOf(to)] += area;
                }
            }
        }
        double n = compared > 0 ? compared : Double.NaN;
        return new Result(site.id(), q, threshold, period(q.from(), aUsed), period(q.to(), bUsed), siteArea, compared, green,
                sumA / n, sumB / n, sumD / n, transitions, List.copyOf(notes));
    }

    /** The scenes of {@code year} in the months holding the index whose footprint meets the site, in catalog order. */
    private List<Scene> ofYear(Site site, Query q, int year) {
        List<Scene> out = new ArrayList<>();
        for (Scene s : scenes.between(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31))) {
            if (q.months().contains(s.date().getMonthValue()) && s.indices().contains(q.index())
                    && site.wgs84().intersects(s.footprintWgs84())) {
                out.add(s);
            }
        }
        return out;
    }

    private List<IndexRaster> rasters(List<Scene> used, String index, List<String> notes) {
        List<IndexRaster> out = new ArrayList<>();
        for (Scene s : used) {
            try {
                out.add(damages.guarded(s, index));
            } catch (SceneDamages.DamagedSceneException e) {
                notes.add("damaged-scene: " + s.id() + " left out (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) throw new InvalidInputException("no_data", "from", "every scene of a period is damaged");
        return out;
    }

    private static Period period(int year, List<Scene> used) {
        LinkedHashSet<String> sensors = new LinkedHashSet<>();
        for (Scene s : used) sensors.add(s.sensor());
        return new Period(year, used.stream().map(Scene::id).toList(), String.join("+", sensors));
    }

    private static InvalidInputException noData(String field, int year, Query q) {
        return new InvalidInputException("no_data", field, field + ": no scene with " + q.index() + " over the site in "
                + year + (q.months().equals(MonthWindow.ALL) ? "" : " months " + q.months()));
    }
}
