package greencover.service.map;

import greencover.core.index.CoverClasses;
import greencover.core.index.Fvc;
import greencover.core.index.SpectralIndices;
import greencover.core.index.GreenChange;
import greencover.core.raster.ChangeRaster;
import greencover.core.raster.CompositeRaster;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.PixelClass;
import greencover.core.raster.RasterGrid;
import greencover.core.render.JpegEncoder;
import greencover.core.render.LegendRenderer;
import greencover.core.render.PngEncoder;
import greencover.core.render.Style;
import greencover.core.render.Styles;
import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.Extent;
import greencover.core.tiles.TargetGrid;
import greencover.service.SiteService;
import greencover.service.map.LayerCatalog.Kind;
import greencover.service.map.LayerCatalog.LayerDef;
import greencover.service.map.MapRequestException.Reason;
import greencover.service.map.TimeSelection.Change;
import greencover.service.map.TimeSelection.Latest;
import greencover.service.map.TimeSelection.Period;
import greencover.service.series.MonthWindow;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.geotools.api.referencing.FactoryException;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.api.referencing.operation.TransformException;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Renders map images, legends and point queries for the WMS, WMTS and XYZ endpoints from the scenes and sites
 * of a {@link MapData}: chooses the scenes of the requested time whose footprint meets the bbox, composites
 * them per pixel in the target grid, applies the style's lookup table and encodes PNG or JPEG. Pixels without a
 * valid value are transparent (or the background colour). The request arrives parsed and size-checked
 * ({@link MapRequest}); what only the data can decide (an unknown layer or style, a TIME without data, a CRS the
 * scenes cannot be transformed to) fails with a {@link MapRequestException}. Thread-safe; caches (layer list,
 * transforms, legends) follow {@link MapData#version()}.
 *
 * <p><b>Time in the requested area</b> (WMS 1.3.0 Annex C, nearest value). The dates considered are those of the
 * scenes holding the layer's index whose footprint meets the request's bounds. A TIME instant (one date, or a
 * date-time whose date is used) without such a scene resolves to the nearest such date within
 * {@link #NEAREST_TOLERANCE_DAYS} days (of two equally near, the earlier); beyond it the instant is kept, so the map
 * is transparent where other areas have that date, and an {@code InvalidDimensionValue} where no scene has it.
 * Months, years and intervals are not moved: they composite the scenes they contain. The default TIME is the
 * latest date in the area; a change layer's single TIME b means the change since the first date in the area.
 * The resolved TIME is reported with every map ({@link RenderedMap#time()}) and point ({@link PointInfo#time()}).
 */
public final class MapRenderer {
    /** How many days a TIME instant may move to the nearest date with data in the requested area. */
    public static final int NEAREST_TOLERANCE_DAYS = 366;

    private final MapData data;
    private final SpectralIndices indices;
    private final PngEncoder png;
    /** Working arrays, checked out by one render at a time: no two concurrent renders share arrays. */
    private final RenderScratch.Pool scratch = new RenderScratch.Pool(PngEncoder.DEFAULT_MAX_IDLE);
    private final Styles styles = new Styles();
    private final CrsTransforms transforms = new CrsTransforms();
    private final LegendRenderer legends = new LegendRenderer();
    private final ConcurrentHashMap<String, byte[]> legendCache = new ConcurrentHashMap<>();
    private final VersionedSnapshot<LayerCatalog> catalog;
    /** Draws the per-site change layers as the change route counts them; null: they draw as the layers over all data. */
    private final SiteChangeSource siteChanges;

    /**
     * Creates a renderer that encodes PNG at deflate level {@value PngEncoder#DEFAULT_LEVEL} and offers one layer
     * per index of {@code indices} present in the data.
     */
    public MapRenderer(MapData data, SpectralIndices indices) {
        this(data, indices, PngEncoder.DEFAULT_LEVEL);
    }

    /** Creates a renderer with the PNG deflate level (0..9) of its images. */
    public MapRenderer(MapData data, SpectralIndices indices, int deflateLevel) {
        this(data, indices, deflateLevel, null);
    }

    /**
     * Creates a renderer whose per-site change layers ({@code <site>:ndvi-change}, {@code <site>:greencover-change})
     * draw {@code siteChanges} (null: as the change layers over all data, clipped to nothing).
     */
    public MapRenderer(MapData data, SpectralIndices indices, SiteChangeSource siteChanges) {
        this(data, indices, PngEncoder.DEFAULT_LEVEL, siteChanges);
    }

    private MapRenderer(MapData data, SpectralIndices indices, int deflateLevel, SiteChangeSource siteChanges) {
        this.siteChanges = siteChanges;
        this.data = Objects.requireNonNull(data, "data");
        this.indices = Objects.requireNonNull(indices, "indices");
        if (deflateLevel < 0 || deflateLevel > 9) {
            throw new IllegalArgumentException("deflateLevel must be 0..9 but was " + deflateLevel);
        }
        this.png = new PngEncoder(deflateLevel);
        this.catalog = new VersionedSnapshot<>(data::version, v -> new LayerCatalog(data, indices, styles, transforms));
    }

    /** The layers offered now: ndvi, the other indices present, fvc, greencover, ndvi-change, sites. */
    public List<MapLayer> layers() { return catalog().layers; }

    /** The spectral indices offered as layers (when present in the data). */
    public SpectralIndices indices() { return indices; }

    /** The built-in styles used by the layers. */
    public Styles styles() { return styles; }

    /** The PNG encoder of the images (its deflate level, its pooled buffers). */
    PngEncoder png() { return png; }

    private LayerCatalog catalog() { return catalog.get(); }

    /**
     * The working memory of drawing {@code layers} (bottom first, one image; see {@link LayerStack}), in bytes, an
     * upper bound measured on 4096 × 4096 maps (2026-12-02: one PNG layer allocates 15 bytes per pixel in all,
     * two stacked layers 30, one JPEG layer 32): per pixel 16 bytes per layer (source column and row, window,
     * codes, palette indices, PNG rows), 8 more per change layer (its second pass), 8 more for a stack (the ARGB
     * canvas and one layer's pixels), 20 more for JPEG; plus 1 MiB. A layer that is not offered counts as an index
     * layer (the render then fails before it allocates).
     */
    long workingBytes(LayerCatalog cat, List<MapRequest> layers) {
        if (layers.isEmpty()) return 0;
        MapRequest first = layers.get(0);
        long perPixel = 0;
        for (MapRequest r : layers) {
            perPixel += 16;
            LayerDef def = cat.defOrNull(r.layer());
            if (def != null && def.kind() == Kind.CHANGE) perPixel += 8;
        }
        if (layers.size() > 1) perPixel += 8;
        if (first.format() == ImageFormat.JPEG) perPixel += 20;
        return (long) first.width() * first.height() * perPixel + (1L << 20);
    }

    /**
     * The layers, scenes and sites of this moment (immutable): a render given the same snapshot reads exactly the
     * data that {@link #inputs} names, whatever is written meanwhile.
     */
    LayerCatalog snapshot() { return catalog(); }

    /** Renders one map image. */
    public RenderedMap render(MapRequest r) { return render(catalog(), r); }

    /** Renders one map image from the data of {@code cat}. */
    RenderedMap render(LayerCatalog cat, MapRequest r) {
        Objects.requireNonNull(r, "request");
        LayerDef def = cat.def(r.layer());
        boolean jpeg = r.format() == ImageFormat.JPEG;
        if (def.kind() == Kind.SITES) {
            checkSitesStyle(r.style());
            return renderSites(cat, r, jpeg);
        }
        Style style = def.style(r.style());
        List<Period> periods = periods(cat, def, r.time(), requestWgs84(r.target()), r.months());
        short[] codes = codes(cat, def, r.target(), periods, r.composite() == Composite.MAX, !style.discrete(),
                false, null, r.months());
        RenderedMap m = encode(codes, style, r, jpeg);
        return new RenderedMap(m.bytes(), m.contentType(), m.empty(), timeText(periods));
    }

    /** The resolved TIME as reported: the period's key, or {@code a/b} for a change's two passes; null for none. */
    private static String timeText(List<Period> periods) {
        if (periods.isEmpty()) return null;
        return periods.size() == 1 ? periods.get(0).key() : periods.get(0).key() + "/" + periods.get(1).key();
    }

    /** The styled pixels of one layer of a {@link LayerStack}: ARGB, 0 where there is nothing to show; its resolved TIME. */
    record LayerPixels(int[] argb, boolean empty, String time) {}

    /** Renders the layer of {@code r} unencoded from the data of {@code cat}, transparent where it has no data. */
    LayerPixels pixels(LayerCatalog cat, MapRequest r) {
        LayerDef def = cat.def(r.layer());
        if (def.kind() == Kind.SITES) {
            checkSitesStyle(r.style());
            BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_INT_ARGB);
            int drawn = paintSites(cat, img, r.target());
            return new LayerPixels(((DataBufferInt) img.getRaster().getDataBuffer()).getData(), drawn == 0, null);
        }
        Style style = def.style(r.style());
        List<Period> periods = periods(cat, def, r.time(), requestWgs84(r.target()), r.months());
        short[] codes = codes(cat, def, r.target(), periods, r.composite() == Composite.MAX, !style.discrete(),
                false, null, r.months());
        int[] lut = style.argbTable();
        int[] argb = new int[codes.length];
        for (int p = 0; p < codes.length; p++) argb[p] = lut[codes[p] & 0xFFFF];
        return new LayerPixels(argb, isEmpty(codes), timeText(periods));
    }

    /** What the map of {@code r} shows at pixel column {@code i}, row {@code j}. */
    public PointInfo pointInfo(MapRequest r, int i, int j) {
        Objects.requireNonNull(r, "request");
        LayerCatalog cat = catalog();
        LayerDef def = cat.def(r.layer());
        TargetGrid target = r.target();
        if (i < 0 || i >= r.width()) throw new MapRequestException(Reason.POINT_OUT_OF_RANGE, "i", "i must be 0.." + (r.width() - 1));
        if (j < 0 || j >= r.height()) throw new MapRequestException(Reason.POINT_OUT_OF_RANGE, "j", "j must be 0.." + (r.height() - 1));
        double x = target.x(i), y = target.y(j);
        double hw = target.pixelWidth() / 2, hh = target.pixelHeight() / 2;
        TargetGrid point = new TargetGrid(target.crs(), x - hw, y - hh, x + hw, y + hh, 1, 1);
        double[] lonLat = lonLat(target, x, y);
        Double lon = lonLat == null ? null : lonLat[0], lat = lonLat == null ? null : lonLat[1];
        if (def.kind() == Kind.SITES) {
            checkSitesStyle(r.style());
            return new PointInfo(def.name(), null, null, null, null, null, sitesAt(cat, point, x, y), null, lon, lat);
        }
        def.style(r.style()); // validates STYLES
        List<MapScene> winners = new ArrayList<>(2);
        List<Period> periods = periods(cat, def, r.time(), requestWgs84(target), r.months()); // as the map of the same request
        short code = codes(cat, def, point, periods, r.composite() == Composite.MAX, false, true, winners, r.months())[0];
        MapScene scene = winners.isEmpty() ? null : winners.get(winners.size() - 1);
        Double value = null;
        String coverClass = null;
        if (IndexCodes.isValue(code) && LayerCatalog.GREENCOVER_CHANGE.equals(def.baseName())) {
            coverClass = GreenChange.NAMES[code - 1];
        } else if (IndexCodes.isValue(code)) {
            double v = IndexCodes.decode(code);
            value = LayerCatalog.FVC.equals(def.baseName()) ? Fvc.defaults().fractionOf(v) : v;
            if (def.kind() == Kind.INDEX && "ndvi".equals(def.indexKey())) {
                coverClass = CoverClasses.NAMES[CoverClasses.classOf(v)];
            }
        }
        return new PointInfo(def.name(), value, PixelClass.ofCode(IndexCodes.classOf(code)).key(), coverClass,
                scene == null ? null : scene.date(), scene == null ? null : scene.id(), List.of(), timeText(periods),
                lon, lat);
    }

    /** The WGS84 longitude and latitude of ({@code x}, {@code y}) in the grid's CRS; null when not transformable. */
    private double[] lonLat(TargetGrid target, double x, double y) {
        try {
            double[] p = {x, y};
            transforms.find(target.crs(), DefaultGeographicCRS.WGS84).transform(p, 0, p, 0, 1);
            return Double.isFinite(p[0]) && Double.isFinite(p[1]) ? p : null;
        } catch (FactoryException | TransformException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The canonical text of the data that {@link #render(LayerCatalog, MapRequest) render(cat, r)} reads, for cache
     * keys and ETags: for the sites layer, the fingerprint of every site (a site write changes every sites map and
     * nothing else); for a raster layer, per compositing pass (one, or two for a change layer), the period it
     * resolved to and the id and revision of each scene it composites, in compositing order: the scenes of that
     * period holding the layer's index whose footprint meets the bbox. So a write of a scene changes the text of the
     * maps whose time includes the scene's date and whose bbox meets its footprint, and of no other; and for equal
     * texts and equal {@link MapRequest#key()}s the renderer produces the same bytes. A {@link TimeSelection.Latest}
     * selection resolves to the latest date, so a new latest date changes the default maps too.
     *
     * @throws MapRequestException as the render would (unknown layer or style, a TIME without data, a bad CRS)
     */
    String inputs(LayerCatalog cat, MapRequest r) {
        Objects.requireNonNull(r, "request");
        LayerDef def = cat.def(r.layer());
        if (def.kind() == Kind.SITES) {
            checkSitesStyle(r.style());
            return "sites#" + cat.sitesFingerprint();
        }
        def.style(r.style());
        Extent wgs84 = requestWgs84(r.target());
        List<Period> periods = periods(cat, def, r.time(), wgs84, r.months());
        if (periods.isEmpty()) return "none";
        MonthWindow months = def.kind() == Kind.CHANGE ? r.months() : MonthWindow.ALL;
        String site = siteOf(def);
        StringBuilder k = new StringBuilder();
        for (Period p : periods) {
            k.append(p.key()).append('[');
            // a site's change draws the route's comparison, whose grid and outline depend on every scene of the period
            for (MapScene s : used(cat, def, p, site == null ? wgs84 : null, months)) k.append(s.id()).append('@').append(s.revision()).append(';');
            k.append(']');
        }
        if (site != null) k.append("site#").append(siteChanges.fingerprint(site));
        return k.toString();
    }

    /** The legend of {@code layer} in {@code style} (null = default) as PNG. */
    public byte[] legend(String layer, String style) {
        LayerCatalog cat = catalog();
        LayerDef def = cat.def(layer);
        if (def.kind() == Kind.SITES) {
            checkSitesStyle(style);
            return legendCache.computeIfAbsent("sites", k -> legends.renderOutline("Site outline", SitesPainter.OUTLINE_ARGB));
        }
        Style s = def.style(style);
        return legendCache.computeIfAbsent(s.key(), k -> legends.render(s));
    }

    // ---- request checks ----

    private static void checkSitesStyle(String style) {
        if (style != null && !style.isBlank() && !style.equalsIgnoreCase("default") && !style.equals("outline")) {
            throw new MapRequestException(Reason.STYLE_NOT_DEFINED, "styles", "layer sites has no style " + style);
        }
    }

    // ---- scene choice and compositing ----

    /**
     * The composite codes of the target grid for a layer's resolved periods ({@link #periods}; none gives no
     * data). {@code winners} (when not null) receives the scene that supplied pixel 0 of each pass (one pass, or
     * a then b for a change layer).
     */
    private short[] codes(LayerCatalog cat, LayerDef def, TargetGrid target, List<Period> periods, boolean max,
                          boolean bilinear, boolean levelZero, List<MapScene> winners, MonthWindow months) {
        if (periods.isEmpty()) return nodata(target);
        Extent wgs84 = requestWgs84(target);
        if (def.kind() == Kind.CHANGE) {
            String site = siteOf(def);
            if (site != null) return siteChange(cat, def, site, target, periods.get(0), periods.get(1), max, bilinear, levelZero, winners, months);
            return change(cat, def, target, periods.get(0), periods.get(1), max, bilinear, levelZero, wgs84, winners, months);
        }
        return pass(cat, def, target, periods.get(0), max, bilinear, levelZero, wgs84, winners);
    }

    /** The site of a per-site change layer when this renderer draws those from the change route, else null. */
    private String siteOf(LayerDef def) {
        if (siteChanges == null || def.kind() != Kind.CHANGE || def.baseName().equals(def.name())) return null;
        return def.name().substring(0, def.name().length() - def.baseName().length() - LayerCatalog.SITE_SEPARATOR.length());
    }

    /**
     * The codes of a site's change layer: the change route's comparison of the site for the two periods in
     * {@code months} ({@link SiteChangeSource}: the route's composites of the site's masked scenes, its outline, the
     * site's green threshold), warped to the target; no data where the route has nothing to compare.
     */
    private short[] siteChange(LayerCatalog cat, LayerDef def, String site, TargetGrid target, Period from, Period to,
                               boolean max, boolean bilinear, boolean levelZero, List<MapScene> winners, MonthWindow months) {
        used(cat, def, from, null, months); // a period without data anywhere is an InvalidDimensionValue, as for every layer
        used(cat, def, to, null, months);
        SiteChangeSource.Drawn d = siteChanges.draw(site, from, to, months, def.indexKey(), max,
                LayerCatalog.GREENCOVER_CHANGE.equals(def.baseName()));
        if (d == null) {
            if (winners != null) winners.add(null);
            return nodata(target);
        }
        MapScene shown = cat.scenes.stream().filter(s -> s.id().equals(d.latestToSceneId())).findFirst().orElse(null);
        return warp(target, List.of(d.raster()), java.util.Collections.singletonList(shown), false, bilinear, levelZero, winners);
    }

    /**
     * The periods a layer's passes composite for {@code time} requested over {@code area} (WGS84; null:
     * everywhere), after nearest-value matching (see the class comment): one for an index layer, a then b for a
     * change layer; none when a default (latest) selection meets an area without dates.
     */
    private static List<Period> periods(LayerCatalog cat, LayerDef def, TimeSelection time, Extent area, MonthWindow months) {
        List<LocalDate> dates = cat.dates(def.indexKey(), area);
        if (def.kind() == Kind.CHANGE) {
            dates = dates.stream().filter(d -> months.contains(d.getMonthValue())).toList();
            if (time instanceof Latest) {
                if (dates.isEmpty()) return List.of();
                return List.of(Period.of(dates.get(0)), Period.of(dates.get(dates.size() - 1)));
            }
            if (time instanceof Change c) {
                Period b = nearest(c.to(), dates);
                // b alone: the change since the first date in the area, so the advertised default TIME works too
                Period a = c.from() != null ? nearest(c.from(), dates) : dates.isEmpty() ? b : Period.of(dates.get(0));
                return List.of(a, b);
            }
            throw new IllegalArgumentException("layer " + def.name() + " reads TIME as a change, not " + time);
        }
        if (time instanceof Latest) {
            if (dates.isEmpty()) return List.of();
            return List.of(Period.of(dates.get(dates.size() - 1)));
        }
        if (time instanceof Period p) return List.of(nearest(p, dates));
        throw new IllegalArgumentException("layer " + def.name() + " reads TIME as one period, not " + time);
    }

    /**
     * Whether {@code time} finds data among a layer's {@code dates} (ascending) anywhere: the default always; a
     * period that contains a date or an instant within {@link #NEAREST_TOLERANCE_DAYS} of one; a change whose
     * periods both do (a missing first period counts as the first date).
     */
    public static boolean hasData(List<LocalDate> dates, TimeSelection time) {
        if (time instanceof Latest) return true;
        if (time instanceof Change c) return hasData(dates, c.to()) && (c.from() == null || hasData(dates, c.from()));
        Period p = (Period) time;
        for (LocalDate d : dates) if (p.contains(d)) return true;
        return !nearest(p, dates).equals(p);
    }

    /**
     * {@code p} itself when it is not one date or has data; else the nearest of {@code dates} (ascending) within
     * {@link #NEAREST_TOLERANCE_DAYS}, the earlier of two equally near; else {@code p}.
     */
    static Period nearest(Period p, List<LocalDate> dates) {
        if (!p.singleDate() || dates.contains(p.start())) return p;
        LocalDate want = p.start(), best = null;
        long bestDays = Long.MAX_VALUE;
        for (LocalDate d : dates) {
            long days = Math.abs(java.time.temporal.ChronoUnit.DAYS.between(want, d));
            if (days < bestDays) {
                best = d;
                bestDays = days;
            }
        }
        return best != null && bestDays <= NEAREST_TOLERANCE_DAYS ? Period.of(best) : p;
    }

    private static short[] nodata(TargetGrid target) {
        short[] c = new short[target.width() * target.height()];
        Arrays.fill(c, IndexCodes.NODATA);
        return c;
    }

    private short[] pass(LayerCatalog cat, LayerDef def, TargetGrid target, Period period, boolean max,
                         boolean bilinear, boolean levelZero, Extent wgs84, List<MapScene> winners) {
        List<MapScene> used = used(cat, def, period, wgs84, MonthWindow.ALL);
        List<IndexRaster> rasters = new ArrayList<>(used.size());
        for (MapScene s : used) rasters.add(s.indices().get(def.indexKey()));
        return warp(target, rasters, used, max, bilinear, levelZero, winners);
    }

    /**
     * The codes of a change layer: per scene grid, the per-pixel composites of the two periods in that grid
     * ({@link CompositeRaster}: the median of each pixel's valid values, or their maximum with {@code max}), then the
     * layer's per-pixel op ({@link #changeOp}) in that grid, warped to the target like any scene raster. These are
     * the composites and ops of {@code service.series.PeriodChange} (the change route) before any site's masks and
     * outline, at the default threshold; a site's own change layers draw the route itself ({@link #siteChange}).
     * Only the periods' scenes in {@code months} enter. Grids come in the route's order: most scenes of both periods first, on a tie the grid of the
     * earliest scene; a later grid fills only pixels the earlier ones leave without a value. A grid with scenes of
     * one period only has no change. {@code winners} receives the latest scene of the second period in the grid
     * that supplied pixel 0.
     */
    private short[] change(LayerCatalog cat, LayerDef def, TargetGrid target, Period from, Period to, boolean max,
                           boolean bilinear, boolean levelZero, Extent wgs84, List<MapScene> winners, MonthWindow months) {
        List<MapScene> ua = used(cat, def, from, wgs84, months), ub = used(cat, def, to, wgs84, months);
        record Grid(RasterGrid grid, org.geotools.api.referencing.crs.CoordinateReferenceSystem crs) {}
        java.util.LinkedHashMap<Grid, List<List<MapScene>>> groups = new java.util.LinkedHashMap<>();
        List<MapScene> all = new ArrayList<>(ua);
        for (MapScene s : ub) if (!all.contains(s)) all.add(s);
        all.sort(Comparator.comparing(MapScene::date).thenComparing(MapScene::id)); // catalog order
        for (MapScene s : all) {
            IndexRaster r = s.indices().get(def.indexKey());
            groups.computeIfAbsent(new Grid(r.grid(), r.crs()), k -> List.of(new ArrayList<>(), new ArrayList<>()));
        }
        for (int k = 0; k < 2; k++) {
            for (MapScene s : k == 0 ? ua : ub) {
                IndexRaster r = s.indices().get(def.indexKey());
                groups.get(new Grid(r.grid(), r.crs())).get(k).add(s);
            }
        }
        List<List<List<MapScene>>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparingInt((List<List<MapScene>> g) -> -(g.get(0).size() + g.get(1).size()))); // stable
        ChangeRaster.PixelChange op = changeOp(def);
        List<IndexRaster> rasters = new ArrayList<>();
        List<MapScene> shown = new ArrayList<>();
        for (List<List<MapScene>> g : ordered) {
            if (g.get(0).isEmpty() || g.get(1).isEmpty()) continue;
            rasters.add(new ChangeRaster(composite(def, g.get(0), max), composite(def, g.get(1), max), op));
            shown.add(g.get(1).get(0));
        }
        if (rasters.isEmpty()) {
            if (winners != null) winners.add(null);
            return nodata(target);
        }
        return warp(target, rasters, shown, false, bilinear, levelZero, winners);
    }

    /**
     * {@code rasters} composited onto {@code target} (the latest valid value per pixel, or the maximum with
     * {@code max}); {@code winners}, when given, receives the scene of {@code scenes} that supplied pixel 0.
     */
    private short[] warp(TargetGrid target, List<IndexRaster> rasters, List<MapScene> scenes, boolean max, boolean bilinear,
                         boolean levelZero, List<MapScene> winners) {
        RenderScratch s = scratch.take();
        Compositor c = new Compositor(target, transforms, s, max, bilinear, levelZero, winners != null);
        try {
            c.addAll(rasters);
        } catch (FactoryException e) {
            throw new MapRequestException(Reason.INVALID_CRS, "crs",
                    "cannot transform between the requested CRS and the scenes' CRS: " + e.getMessage());
        } finally {
            scratch.give(s);
        }
        if (winners != null) {
            int w = c.winner()[0];
            winners.add(w >= 0 ? scenes.get(w) : null);
        }
        return c.codes();
    }

    private static IndexRaster composite(LayerDef def, List<MapScene> scenes, boolean max) {
        List<IndexRaster> rasters = new ArrayList<>(scenes.size());
        for (MapScene s : scenes) rasters.add(s.indices().get(def.indexKey()));
        return new CompositeRaster(rasters, !max, 1);
    }

    /**
     * The per-pixel op of a change layer: {@link GreenChange#op} at the default green threshold
     * ({@value SiteService#DEFAULT_GREEN_THRESHOLD}) for greencover-change, else the difference.
     */
    static ChangeRaster.PixelChange changeOp(LayerDef def) {
        return LayerCatalog.GREENCOVER_CHANGE.equals(def.baseName())
                ? GreenChange.op(SiteService.DEFAULT_GREEN_THRESHOLD) : ChangeRaster.DIFFERENCE;
    }

    /**
     * The scenes one pass composites, in compositing order: those of {@code period} in {@code months} holding the
     * layer's index whose footprint meets {@code wgs84} (all of them when it is null); one date in id order, a period
     * latest first, then in id order within a date.
     *
     * @throws MapRequestException when no scene of the period (in the months) holds the index
     */
    private static List<MapScene> used(LayerCatalog cat, LayerDef def, Period period, Extent wgs84, MonthWindow months) {
        String key = def.indexKey();
        List<MapScene> chosen = new ArrayList<>();
        for (MapScene s : cat.scenes) {
            if (s.indices().containsKey(key) && period.contains(s.date()) && months.contains(s.date().getMonthValue())) chosen.add(s);
        }
        if (chosen.isEmpty()) {
            throw new MapRequestException(Reason.INVALID_TIME, "time", "layer " + def.name()
                    + " has no data for TIME " + period.key() + (months.equals(MonthWindow.ALL) ? "" : " in MONTHS " + months)
                    + (period.singleDate() ? " (nor within " + NEAREST_TOLERANCE_DAYS + " days in the requested area)" : ""));
        }
        Comparator<MapScene> byId = Comparator.comparing(MapScene::id);
        chosen.sort(period.singleDate() ? byId : Comparator.comparing(MapScene::date).reversed().thenComparing(byId));
        List<MapScene> used = new ArrayList<>(chosen.size());
        for (MapScene s : chosen) {
            if (wgs84 == null || cat.footprint(s.indices().get(key)).intersects(wgs84)) used.add(s);
        }
        return used;
    }

    /** The WGS84 bounds of the target grid; null when they cannot be computed (no scene is then excluded). */
    private Extent requestWgs84(TargetGrid t) {
        MathTransform mt;
        try {
            mt = transforms.find(t.crs(), DefaultGeographicCRS.WGS84);
        } catch (FactoryException | RuntimeException e) {
            throw new MapRequestException(Reason.INVALID_CRS, "crs", "cannot transform the requested CRS to WGS84: "
                    + e.getMessage());
        }
        return MapGeometry.transformedBounds(mt, t.minX(), t.minY(), t.maxX(), t.maxY(), 8);
    }

    // ---- output ----

    private static boolean isEmpty(short[] codes) {
        for (short c : codes) {
            if (c >= IndexCodes.MIN_VALUE) return false;
        }
        return true;
    }

    private RenderedMap encode(short[] codes, Style style, MapRequest r, boolean jpeg) {
        int n = codes.length, w = r.width(), h = r.height();
        boolean empty = isEmpty(codes);
        int bg = 0xFF000000 | (r.bgColorRgb() & 0xFFFFFF);
        if (!jpeg) {
            // indexed PNG for every style: a third of the bytes to deflate of RGB, a quarter of RGBA
            byte[] lut = style.paletteIndexTable();
            int[] palette = style.palette().clone();
            if (!r.transparent()) palette[0] = bg;
            RenderScratch s = scratch.take();
            try {
                byte[] idx = s.indices(n);
                for (int p = 0; p < n; p++) idx[p] = lut[codes[p] & 0xFFFF];
                return new RenderedMap(png.encodePalette(idx, palette, w, h), "image/png", empty);
            } finally {
                scratch.give(s);
            }
        }
        int[] lut = style.argbTable();
        int[] argb = new int[n];
        for (int p = 0; p < n; p++) {
            int c = lut[codes[p] & 0xFFFF];
            argb[p] = c == 0 ? bg : c;
        }
        return new RenderedMap(JpegEncoder.encode(argb, w, h), "image/jpeg", empty);
    }

    private RenderedMap renderSites(LayerCatalog cat, MapRequest r, boolean jpeg) {
        int w = r.width(), h = r.height();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int bg = 0xFF000000 | (r.bgColorRgb() & 0xFFFFFF);
        if (jpeg || !r.transparent()) Arrays.fill(argb, bg);
        int drawn = paintSites(cat, img, r.target());
        byte[] bytes = jpeg ? JpegEncoder.encode(argb, w, h) : png.encode(argb, w, h);
        return new RenderedMap(bytes, jpeg ? "image/jpeg" : "image/png", drawn == 0);
    }

    private int paintSites(LayerCatalog cat, BufferedImage img, TargetGrid target) {
        try {
            return SitesPainter.paint(img, target, cat.sites, transforms);
        } catch (FactoryException e) {
            throw new MapRequestException(Reason.INVALID_CRS, "crs", "cannot transform sites to the requested CRS: "
                    + e.getMessage());
        }
    }

    private List<MapSite> sitesAt(LayerCatalog cat, TargetGrid point, double x, double y) {
        try {
            MathTransform mt = transforms.find(point.crs(), DefaultGeographicCRS.WGS84);
            double[] p = {x, y, x + 3 * point.pixelWidth(), y};
            mt.transform(p, 0, p, 0, 2);
            double tol = Math.hypot(p[2] - p[0], p[3] - p[1]);
            Point pt = new GeometryFactory().createPoint(new Coordinate(p[0], p[1]));
            List<MapSite> hits = new ArrayList<>();
            for (MapSite s : cat.sites) {
                if (s.wgs84().contains(pt) || s.wgs84().isWithinDistance(pt, tol)) hits.add(s);
            }
            return List.copyOf(hits);
        } catch (FactoryException e) {
            throw new MapRequestException(Reason.INVALID_CRS, "crs", "cannot transform the requested CRS to WGS84: "
                    + e.getMessage());
        } catch (TransformException | RuntimeException e) {
            return List.of();
        }
    }
}
