package greencover.service.map;

import greencover.core.index.Fvc;
import greencover.core.index.SpectralIndex;
import greencover.core.index.SpectralIndices;
import greencover.core.render.Style;
import greencover.core.render.Styles;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.CrsTransforms;
import greencover.core.tiles.Extent;
import greencover.service.map.MapRequestException.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.locationtech.jts.geom.Envelope;

/**
 * The layers offered for one version of the {@link MapData}: their definitions, the scenes sorted by date then
 * id, and the WGS84 footprint of every index raster. Immutable.
 */
final class LayerCatalog {
    static final String SITES = "sites", FVC = "fvc", GREENCOVER = "greencover", CHANGE = "ndvi-change",
            GREENCOVER_CHANGE = "greencover-change";
    static final Extent WORLD = new Extent(-180, -90, 180, 90);

    enum Kind { INDEX, CHANGE, SITES }

    /**
     * One layer: which index it reads, how, and its styles (empty for sites); {@code baseName} is the layer over
     * all data that a per-site copy ({@code <site>:<layer>}) renders as, else the name itself.
     */
    record LayerDef(String name, String title, String abstractText, String indexKey, Kind kind, List<Style> styles,
                    String baseName) {
        LayerDef(String name, String title, String abstractText, String indexKey, Kind kind, List<Style> styles) {
            this(name, title, abstractText, indexKey, kind, styles, name);
        }

        Style style(String requested) {
            if (requested == null || requested.isBlank() || requested.equalsIgnoreCase("default")) return styles.get(0);
            for (Style s : styles) if (s.key().equals(requested)) return s;
            throw new MapRequestException(Reason.STYLE_NOT_DEFINED, "styles",
                    "layer " + name + " has no style " + requested);
        }
    }

    final long version;
    final List<MapScene> scenes;
    final List<MapSite> sites;
    final Map<String, LayerDef> defs = new LinkedHashMap<>();
    final List<MapLayer> layers = new ArrayList<>();
    private final IdentityHashMap<IndexRaster, Extent> footprints = new IdentityHashMap<>();
    private final String sitesFingerprint;

    /**
     * The layers of {@code data}: ndvi (always), one layer per other index of {@code indices} held by some scene,
     * in registry order, then fvc, greencover, ndvi-change and sites.
     */
    LayerCatalog(MapData data, SpectralIndices indices, Styles styles, CrsTransforms transforms) {
        this.version = data.version();
        List<MapScene> sorted = new ArrayList<>(data.scenes());
        sorted.sort(Comparator.comparing(MapScene::date).thenComparing(MapScene::id));
        this.scenes = List.copyOf(sorted);
        this.sites = List.copyOf(data.sites());
        this.sitesFingerprint = fingerprint(sites);
        for (MapScene s : scenes) {
            for (IndexRaster r : s.indices().values()) footprints.put(r, footprintOf(r, transforms));
        }
        Style ndvi = styles.get(Styles.NDVI), fvc = styles.get(Styles.FVC);
        Style green = styles.get(Styles.GREENCOVER), change = styles.get(Styles.NDVI_CHANGE);
        String composite = " TIME selects one date or a period (2024, 2024-06, start/end) composited per pixel:"
                + " latest clear observation, or maximum with COMPOSITE=max.";
        add(new LayerDef("ndvi", "NDVI", "Normalised difference vegetation index (NIR − red)/(NIR + red)."
                + composite, "ndvi", Kind.INDEX, List.of(ndvi, green, fvc)));
        for (SpectralIndex index : indices.all()) {
            String key = index.key();
            if (key.equals("ndvi")) continue;
            boolean present = scenes.stream().anyMatch(s -> s.indices().containsKey(key));
            if (present) {
                add(new LayerDef(key, key.toUpperCase(java.util.Locale.ROOT),
                        "Spectral index " + key.toUpperCase(java.util.Locale.ROOT) + "." + composite, key,
                        Kind.INDEX, List.of(ndvi)));
            }
        }
        add(new LayerDef(FVC, "Fractional vegetation cover", "FVC from NDVI by the dimidiate model with endmembers soil "
                + Fvc.DEFAULT_NDVI_SOIL + " and vegetation " + Fvc.DEFAULT_NDVI_VEG + "." + composite, "ndvi",
                Kind.INDEX, List.of(fvc)));
        add(new LayerDef(GREENCOVER, "Green cover classes", "NDVI classes bare < 0.2 ≤ sparse < 0.4 ≤ moderate < 0.6 ≤"
                + " dense, as in the sites' class areas." + composite, "ndvi", Kind.INDEX, List.of(green)));
        String periods = " TIME=a/b with each a date or a period (2019/2025), or b alone for the change since the first"
                + " date; default: first date/latest date. Each period is composited per pixel in the scenes' grid: the"
                + " median of the pixel's clear values, or their maximum with COMPOSITE=max (the change route's"
                + " pixel-median and pixel-max). Vendor MONTHS=a-b (e.g. 5-9) takes each period's scenes from those months only"
                + " (the change route's months).";
        add(new LayerDef(CHANGE, "NDVI change", "NDVI of period b minus NDVI of period a." + periods, "ndvi", Kind.CHANGE,
                List.of(change)));
        add(new LayerDef(GREENCOVER_CHANGE, "Green-cover change", "Pixels that turned green (gained), stopped being"
                + " green (lost) or stayed green or not green between period a and period b, green meaning NDVI at or"
                + " above " + greencover.service.SiteService.DEFAULT_GREEN_THRESHOLD + ", as counted by the sites'"
                + " change route." + periods, "ndvi", Kind.CHANGE, List.of(styles.get(Styles.GREENCOVER_CHANGE))));
        add(new LayerDef(SITES, "Sites", "Site outlines and names.", null, Kind.SITES, List.of()));
        List<LayerDef> overAll = List.copyOf(defs.values());
        for (MapSite site : sites) {
            for (LayerDef d : overAll) {
                if (d.kind() == Kind.SITES) continue;
                addForSite(site, new LayerDef(site.id() + SITE_SEPARATOR + d.name(), d.title() + " — " + site.name(),
                        d.abstractText() + " Framed on site " + site.name() + ": its bounds, and the dates with data"
                        + " over it." + (d.kind() == Kind.CHANGE ? SITE_CHANGE : ""), d.indexKey(), d.kind(), d.styles(), d.name()));
            }
        }
    }

    private static double[] center(Envelope e) {
        return new double[] {(e.getMinX() + e.getMaxX()) / 2, (e.getMinY() + e.getMaxY()) / 2};
    }

    /** What a per-site change layer adds to the layer's text. */
    static final String SITE_CHANGE = " Drawn as the site's change route counts it: its scenes through the site's masks"
            + " (permanent water, maskBufferM), only inside the outline compared over (the intersection of the outlines"
            + " valid on the dates compared, less their inner buffers), green at the site's own greenThreshold.";

    /** Between a site's id and a layer's name in a per-site layer's name: {@code zijinshan-dump:ndvi}. */
    static final String SITE_SEPARATOR = ":";

    /** A per-site copy of a layer: the site's bounds (plus a tenth on each side) and the dates with data over it. */
    private void addForSite(MapSite site, LayerDef def) {
        defs.put(def.name(), def);
        Envelope env = site.wgs84().getEnvelopeInternal();
        double padX = Math.max(env.getWidth() / 10, 0.001), padY = Math.max(env.getHeight() / 10, 0.001);
        Extent area = new Extent(env.getMinX() - padX, env.getMinY() - padY, env.getMaxX() + padX, env.getMaxY() + padY);
        List<LocalDate> dates = dates(def.indexKey(), area);
        TreeSet<Integer> epsg = new TreeSet<>();
        for (MapScene s : scenes) {
            IndexRaster r = s.indices().get(def.indexKey());
            if (r != null && footprints.get(r).intersects(area)) epsg.add(r.epsg());
        }
        List<MapStyle> styles = advertised(def);
        layers.add(new MapLayer(def.name(), def.title(), def.abstractText(), styles, dates,
                dates.isEmpty() ? null : dates.get(dates.size() - 1), area.toArray(), List.copyOf(epsg), true,
                def.kind() == Kind.CHANGE ? TimeSelection.Mode.CHANGE : TimeSelection.Mode.PERIOD, site.id(),
                center(env)));
    }

    /**
     * The advertised styles of a layer: {@value #DEFAULT_STYLE} first (what an empty STYLES draws, so clients that
     * send {@code STYLES=} find its legend), then each style by its key.
     */
    private static List<MapStyle> advertised(LayerDef def) {
        List<MapStyle> styles = new ArrayList<>();
        String first = def.kind() == Kind.SITES ? "site outlines and names" : def.styles().get(0).title();
        styles.add(new MapStyle(DEFAULT_STYLE, "Default (" + first + ")"));
        for (Style s : def.styles()) styles.add(new MapStyle(s.key(), s.title()));
        if (def.kind() == Kind.SITES) styles.add(new MapStyle("outline", "Site outlines and names"));
        return List.copyOf(styles);
    }

    /** The style every layer has: the same as its first named style. */
    static final String DEFAULT_STYLE = "default";

    private void add(LayerDef def) {
        defs.put(def.name(), def);
        List<MapStyle> styles = advertised(def);
        if (def.kind() == Kind.SITES) {
            Envelope env = new Envelope();
            for (MapSite s : sites) env.expandToInclude(s.wgs84().getEnvelopeInternal());
            double[] b = env.isNull() ? WORLD.toArray()
                    : new double[] {env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY()};
            double[] c = sites.isEmpty() ? null : center(sites.get(0).wgs84().getEnvelopeInternal());
            layers.add(new MapLayer(def.name(), def.title(), def.abstractText(), List.copyOf(styles), List.of(), null,
                    b, List.of(4326), true, TimeSelection.Mode.PERIOD, null, c));
            return;
        }
        List<LocalDate> dates = dates(def.indexKey());
        TreeSet<Integer> epsg = new TreeSet<>();
        double x0 = Double.POSITIVE_INFINITY, y0 = x0, x1 = Double.NEGATIVE_INFINITY, y1 = x1;
        for (MapScene s : scenes) {
            IndexRaster r = s.indices().get(def.indexKey());
            if (r == null) continue;
            if (r.epsg() > 0) epsg.add(r.epsg()); // a user-defined CRS has no code to list
            Extent e = footprints.get(r);
            x0 = Math.min(x0, e.minX());
            y0 = Math.min(y0, e.minY());
            x1 = Math.max(x1, e.maxX());
            y1 = Math.max(y1, e.maxY());
        }
        double[] bounds = x0 <= x1 ? new double[] {x0, y0, x1, y1} : WORLD.toArray();
        double[] center = null;
        for (MapScene sc : scenes) { // sorted by date: the last one holding the index is the latest
            IndexRaster r = sc.indices().get(def.indexKey());
            if (r != null) {
                Extent e = footprints.get(r);
                center = new double[] {(e.minX() + e.maxX()) / 2, (e.minY() + e.maxY()) / 2};
            }
        }
        layers.add(new MapLayer(def.name(), def.title(), def.abstractText(), List.copyOf(styles), dates,
                dates.isEmpty() ? null : dates.get(dates.size() - 1), bounds, List.copyOf(epsg), true,
                def.kind() == Kind.CHANGE ? TimeSelection.Mode.CHANGE : TimeSelection.Mode.PERIOD, null, center));
    }

    /** Distinct dates, ascending, of the scenes holding {@code indexKey}. */
    List<LocalDate> dates(String indexKey) { return dates(indexKey, null); }

    /**
     * Distinct dates, ascending, of the scenes holding {@code indexKey} whose footprint meets {@code wgs84}
     * (null: anywhere).
     */
    List<LocalDate> dates(String indexKey, Extent wgs84) {
        TreeSet<LocalDate> d = new TreeSet<>();
        for (MapScene s : scenes) {
            IndexRaster r = s.indices().get(indexKey);
            if (r != null && (wgs84 == null || footprint(r).intersects(wgs84))) d.add(s.date());
        }
        return List.copyOf(d);
    }

    /**
     * A digest of everything the sites layer draws (each site's id, name, outline and properties, in order): it
     * changes with every site write and with nothing else.
     */
    String sitesFingerprint() { return sitesFingerprint; }

    private static String fingerprint(List<MapSite> sites) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            org.locationtech.jts.io.WKBWriter wkb = new org.locationtech.jts.io.WKBWriter();
            for (MapSite s : sites) {
                md.update((s.id() + '\u0000' + s.name() + '\u0000' + s.properties() + '\u0000')
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(wkb.write(s.wgs84()));
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    LayerDef def(String name) {
        if (name == null || name.isBlank()) {
            throw new MapRequestException(Reason.MISSING_PARAMETER, "layers", "a layer is required");
        }
        LayerDef d = defs.get(name);
        if (d == null) throw new MapRequestException(Reason.LAYER_NOT_DEFINED, "layers", "no layer named " + name);
        return d;
    }

    /** The layer named {@code name}, or null when none is (or the name is null). */
    LayerDef defOrNull(String name) { return name == null ? null : defs.get(name); }

    /** The WGS84 footprint of {@code raster} (the whole world when it cannot be computed). */
    Extent footprint(IndexRaster raster) {
        Extent e = footprints.get(raster);
        return e == null ? WORLD : e;
    }

    private static Extent footprintOf(IndexRaster r, CrsTransforms transforms) {
        try {
            MathTransform mt = transforms.find(r.crs(), DefaultGeographicCRS.WGS84);
            RasterGrid g = r.grid();
            Extent e = MapGeometry.transformedBounds(mt, g.minX(), g.minY(), g.maxX(), g.maxY(), 16);
            return e == null ? WORLD : e;
        } catch (Exception e) {
            return WORLD;
        }
    }
}
