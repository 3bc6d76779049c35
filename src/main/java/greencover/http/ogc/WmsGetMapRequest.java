package greencover.http.ogc;

import greencover.service.map.MapException;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed WMS GetMap request: its version, the CRS as named, and one {@link MapRequest} per requested layer,
 * bottom layer first, all with the same extent in east/north order, size, format and background.
 *
 * <p>{@link #from} is the only place that swaps WMS axes: in 1.3.0, when the CRS is north-first in its
 * authority's definition (EPSG:4326), BBOX is read as minLat,minLon,maxLat,maxLon; CRS:84 and 1.1.1 are
 * always lon/lat (east/north).
 */
public record WmsGetMapRequest(WmsVersion version, OgcCrs crs, List<MapRequest> layers) {

    /** Largest WIDTH or HEIGHT accepted, in pixels. */
    public static final int MAX_SIZE_PX = 4096;
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
     * @throws MapException with the WMS code and the parameter as locator: MissingParameterValue,
     *     InvalidParameterValue, LayerNotDefined, StyleNotDefined, InvalidCRS, InvalidFormat
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
        int width = p.requirePositiveInt("WIDTH", MAX_SIZE_PX);
        int height = p.requirePositiveInt("HEIGHT", MAX_SIZE_PX);
        String format = formatRequired || p.getNonBlank("FORMAT") != null ? format(p.require("FORMAT")) : "image/png";
        boolean transparent = bool(p.getNonBlank("TRANSPARENT"), "TRANSPARENT");
        int bg = bgColor(p.getNonBlank("BGCOLOR"));
        String time = p.getNonBlank("TIME");
        String composite = composite(p.getNonBlank("COMPOSITE"));
        List<MapRequest> out = new ArrayList<>(layers.size());
        for (int k = 0; k < layers.size(); k++) {
            out.add(new MapRequest(layers.get(k).name(), styles.get(k), time, composite, crs.eastNorth(),
                    bbox[0], bbox[1], bbox[2], bbox[3], width, height, format, transparent, bg));
        }
        return new WmsGetMapRequest(version, crs, out);
    }

    /** Resolves comma-separated layer names; throws {@code LayerNotDefined} for an unknown one. */
    static List<MapLayer> layers(String names, List<MapLayer> offered, String locator) {
        List<MapLayer> out = new ArrayList<>();
        String[] requested = names.split(",", -1);
        if (requested.length > MAX_LAYERS) {
            throw new MapException("InvalidParameterValue", locator, "Invalid '" + locator + "' parameter: "
                    + requested.length + " layers requested, at most " + MAX_LAYERS + " are drawn in one request");
        }
        for (String raw : requested) {
            String name = raw.trim();
            MapLayer layer = offered.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() ->
                    new MapException("LayerNotDefined", locator, "Invalid '" + locator + "' parameter: layer '"
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
            out.add(style(parts[k].trim(), layers.get(k), "STYLES"));
        }
        return out;
    }

    /** Checks one style of a layer: null for the default, else its name; throws {@code StyleNotDefined}. */
    static String style(String style, MapLayer layer, String locator) {
        if (style == null || style.isEmpty() || style.equalsIgnoreCase("default")) return null;
        if (layer.styles().stream().noneMatch(s -> s.name().equals(style))) {
            throw new MapException("StyleNotDefined", locator, "Invalid '" + locator + "' parameter: style '"
                    + style + "' is not defined for layer '" + layer.name() + "'. Styles: "
                    + String.join(", ", layer.styles().stream().map(MapStyle::name).toList()));
        }
        return style;
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
        return northFirst ? new double[] {v[1], v[0], v[3], v[2]} : v;
    }

    /** Normalises an image format: image/png (also "image/png; mode=8bit", "image/png8") or image/jpeg. */
    static String format(String format) {
        String f = format.toLowerCase(Locale.ROOT).replace(" ", "");
        if (f.equals("image/png") || f.startsWith("image/png;") || f.equals("image/png8") || f.equals("png")) {
            return "image/png";
        }
        if (f.equals("image/jpeg") || f.equals("image/jpg") || f.equals("jpeg") || f.equals("jpg")) {
            return "image/jpeg";
        }
        throw new MapException("InvalidFormat", "FORMAT", "Invalid 'FORMAT' parameter: " + format
                + ". Allowed formats: image/png, image/jpeg");
    }

    static boolean bool(String value, String name) {
        if (value == null || value.equalsIgnoreCase("FALSE")) return false;
        if (value.equalsIgnoreCase("TRUE")) return true;
        throw OgcParams.invalid(name, "Invalid '" + name + "' parameter: " + value + ". Use TRUE or FALSE");
    }

    /** Reads 0xRRGGBB (also #RRGGBB); white when absent. */
    static int bgColor(String value) {
        if (value == null) return 0xFFFFFF;
        String hex = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2)
                : value.startsWith("#") ? value.substring(1) : null;
        if (hex != null && hex.length() == 6) {
            try {
                return Integer.parseInt(hex, 16);
            } catch (NumberFormatException ignored) {
                // falls through to the exception
            }
        }
        throw OgcParams.invalid("BGCOLOR", "Invalid 'BGCOLOR' parameter: " + value + ". Expected 0xRRGGBB");
    }

    /** Checks the vendor COMPOSITE parameter: null, "latest" or "max". */
    static String composite(String value) {
        if (value == null) return null;
        String c = value.toLowerCase(Locale.ROOT);
        if (c.equals("latest") || c.equals("max")) return c;
        throw OgcParams.invalid("COMPOSITE", "Invalid 'COMPOSITE' parameter: " + value + ". Allowed: latest, max");
    }
}
