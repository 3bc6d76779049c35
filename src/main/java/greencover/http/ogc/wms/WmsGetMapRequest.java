package greencover.http.ogc.wms;

import greencover.core.tiles.TargetGrid;
import greencover.http.ogc.MapParams;
import greencover.http.ogc.OgcCrs;
import greencover.http.ogc.OgcParams;
import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed WMS GetMap request: its version, the CRS as named, and one {@link MapRequest} per requested layer,
 * bottom layer first, all with the same extent in east/north order, size, format and background.
 *
 * <p>{@link #from} is the only place that swaps WMS axes: in 1.3.0, when the CRS is north-first in its
 * authority's definition (EPSG:4326), BBOX is read as minLat,minLon,maxLat,maxLon; CRS:84 and 1.1.1 are
 * always lon/lat (east/north).
 */
public record WmsGetMapRequest(WmsVersion version, OgcCrs crs, List<MapRequest> layers) {

    /** Most layers one GetMap or GetFeatureInfo may draw (advertised as LayerLimit). */
    public static final int MAX_LAYERS = 10;

    public WmsGetMapRequest {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new IllegalArgumentException("layers must not be empty");
    }

    /** The first (bottom) layer's request; all layers share its extent, size and format. */
    public MapRequest first() { return layers.get(0); }

    /**
     * Parses the parameters of a GetMap request against the offered layers.
     *
     * @throws MapRequestException with the parameter as the client named it: MISSING_PARAMETER,
     *     INVALID_PARAMETER, LAYER_NOT_DEFINED, STYLE_NOT_DEFINED, INVALID_CRS, INVALID_FORMAT, INVALID_TIME
     */
    public static WmsGetMapRequest from(OgcParams p, List<MapLayer> offered) {
        return parse(p, offered, true);
    }

    /** Parses the map part shared by GetMap and GetFeatureInfo; FORMAT defaults to PNG when not required. */
    static WmsGetMapRequest parse(OgcParams p, List<MapLayer> offered, boolean formatRequired) {
        WmsVersion version = WmsVersion.of(p.get("VERSION"));
        List<MapLayer> layers = layers(p.require("LAYERS"), offered, "LAYERS");
        List<String> styles = styles(p.get("STYLES"), layers);
        OgcCrs crs = crs(p, version);
        double[] bbox = bbox(p.require("BBOX"), version == WmsVersion.V1_3_0 && crs.northFirst());
        int width = p.requirePositiveInt("WIDTH", MapRequest.MAX_SIZE_PX);
        int height = p.requirePositiveInt("HEIGHT", MapRequest.MAX_SIZE_PX);
        ImageFormat format = formatRequired || p.getNonBlank("FORMAT") != null
                ? MapParams.format(p.require("FORMAT"), "FORMAT") : ImageFormat.PNG;
        boolean transparent = MapParams.bool(p.getNonBlank("TRANSPARENT"), "TRANSPARENT");
        int bg = MapParams.bgColor(p.getNonBlank("BGCOLOR"), "BGCOLOR");
        String time = p.getNonBlank("TIME");
        Composite composite = MapParams.composite(p.getNonBlank("COMPOSITE"), "COMPOSITE");
        greencover.service.series.MonthWindow months = MapParams.months(p.getNonBlank("MONTHS"), "MONTHS");
        TargetGrid grid = new TargetGrid(crs.eastNorth(), bbox[0], bbox[1], bbox[2], bbox[3], width, height);
        List<MapRequest> out = new ArrayList<>(layers.size());
        for (int k = 0; k < layers.size(); k++) {
            MapLayer layer = layers.get(k);
            out.add(new MapRequest(layer.name(), styles.get(k), MapParams.time(time, layer, "TIME"), composite, grid,
                    format, transparent, bg, months));
        }
        return new WmsGetMapRequest(version, crs, out);
    }

    /** Resolves comma-separated layer names; throws {@link Reason#LAYER_NOT_DEFINED} for an unknown one. */
    static List<MapLayer> layers(String names, List<MapLayer> offered, String locator) {
        List<MapLayer> out = new ArrayList<>();
        String[] requested = names.split(",", -1);
        if (requested.length > MAX_LAYERS) {
            throw MapRequestException.invalid(locator, "Invalid '" + locator + "' parameter: "
                    + requested.length + " layers requested, at most " + MAX_LAYERS + " are drawn in one request");
        }
        for (String raw : requested) {
            String name = raw.trim();
            MapLayer layer = offered.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() ->
                    new MapRequestException(Reason.LAYER_NOT_DEFINED, locator, "Invalid '" + locator + "' parameter: layer '"
                            + name + "' is not defined. Layers: " + names(offered)));
            out.add(layer);
        }
        return out;
    }

    private static String names(List<MapLayer> offered) {
        return String.join(", ", offered.stream().map(MapLayer::name).toList());
    }

    /** One style name per layer, null for the default ("" and "default" both mean the default). */
    private static List<String> styles(String param, List<MapLayer> layers) {
        List<String> out = new ArrayList<>();
        if (param == null || param.isBlank()) {
            layers.forEach(l -> out.add(null));
            return out;
        }
        String[] parts = param.split(",", -1);
        if (parts.length != layers.size()) {
            throw OgcParams.invalid("STYLES", "Invalid 'STYLES' parameter: " + parts.length
                    + " styles for " + layers.size() + " layers; give one per layer or none");
        }
        for (int k = 0; k < parts.length; k++) {
            out.add(MapParams.style(parts[k].trim(), layers.get(k), "STYLES"));
        }
        return out;
    }

    private static OgcCrs crs(OgcParams p, WmsVersion version) {
        String name = version.crsParam();
        String code = p.getNonBlank(name);
        if (code == null) {
            String other = name.equals("CRS") ? "SRS" : "CRS";   // tolerate the other version's name
            code = p.getNonBlank(other);
            if (code == null) p.require(name);
        }
        return OgcCrs.decode(code, name);
    }

    /** Reads minX,minY,maxX,maxY in east/north order, swapping a north-first BBOX. */
    static double[] bbox(String text, boolean northFirst) {
        String[] parts = text.split(",");
        if (parts.length != 4 && parts.length != 5) {
            throw OgcParams.invalid("BBOX", "Invalid 'BBOX' parameter: " + text + ". Expected minx,miny,maxx,maxy");
        }
        double[] v = new double[4];
        for (int k = 0; k < 4; k++) {
            try {
                v[k] = Double.parseDouble(parts[k].trim());
            } catch (NumberFormatException e) {
                v[k] = Double.NaN;
            }
            if (!Double.isFinite(v[k])) {
                throw OgcParams.invalid("BBOX", "Invalid 'BBOX' parameter: " + text + ". '" + parts[k]
                        + "' is not a finite number");
            }
        }
        if (!(v[0] < v[2]) || !(v[1] < v[3])) {
            throw OgcParams.invalid("BBOX", "Invalid 'BBOX' parameter: " + text
                    + ". Each minimum must be less than its maximum");
        }
        if (!Double.isFinite(v[2] - v[0]) || !Double.isFinite(v[3] - v[1])) {
            throw OgcParams.invalid("BBOX", "Invalid 'BBOX' parameter: " + text + ". Too large to be a map extent");
        }
        return northFirst ? new double[] {v[1], v[0], v[3], v[2]} : v;
    }
}
