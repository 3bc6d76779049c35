package greencover.http.ogc;

import greencover.service.map.MapException;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed WMS GetFeatureInfo request: one {@link MapRequest} per queried layer (the map part of the request),
 * the pixel column {@code i} and row {@code j} counted from the upper-left corner, and the info format.
 */
public record WmsGetFeatureInfoRequest(WmsVersion version, List<MapRequest> queryLayers, int i, int j,
        String infoFormat) {

    /** Info formats offered, the default first. */
    public static final List<String> INFO_FORMATS = List.of("application/json", "text/plain", "text/html");

    public WmsGetFeatureInfoRequest {
        queryLayers = List.copyOf(queryLayers);
    }

    /**
     * Parses a GetFeatureInfo request.
     *
     * @throws MapException as {@link WmsGetMapRequest#from}, plus LayerNotDefined or LayerNotQueryable for
     *     QUERY_LAYERS, InvalidFormat for INFO_FORMAT and InvalidPoint for I/J (X/Y in 1.1.1)
     */
    public static WmsGetFeatureInfoRequest from(OgcParams p, List<MapLayer> offered) {
        WmsGetMapRequest map = WmsGetMapRequest.parse(p, offered, false);
        MapRequest m = map.first();
        List<MapRequest> queried = new ArrayList<>();
        for (MapLayer layer : WmsGetMapRequest.layers(p.require("QUERY_LAYERS"), offered, "QUERY_LAYERS")) {
            if (!layer.queryable()) {
                throw new MapException("LayerNotQueryable", "QUERY_LAYERS", "Layer '" + layer.name()
                        + "' is not queryable");
            }
            String style = map.layers().stream().filter(r -> r.layer().equals(layer.name())).findFirst()
                    .map(MapRequest::style).orElse(null);
            queried.add(new MapRequest(layer.name(), style, m.time(), m.composite(), m.crs(), m.minX(), m.minY(),
                    m.maxX(), m.maxY(), m.width(), m.height(), m.format(), m.transparent(), m.bgColorRgb()));
        }
        WmsVersion v = map.version();
        int i = pixel(p, v.iParam(), v == WmsVersion.V1_3_0 ? "X" : "I", m.width());
        int j = pixel(p, v.jParam(), v == WmsVersion.V1_3_0 ? "Y" : "J", m.height());
        String info = p.getNonBlank("INFO_FORMAT");
        info = info == null ? INFO_FORMATS.get(0) : info.toLowerCase(Locale.ROOT);
        if (!INFO_FORMATS.contains(info)) {
            throw new MapException("InvalidFormat", "INFO_FORMAT", "Invalid 'INFO_FORMAT' parameter: " + info
                    + ". Allowed formats: " + String.join(", ", INFO_FORMATS));
        }
        return new WmsGetFeatureInfoRequest(v, queried, i, j, info);
    }

    private static int pixel(OgcParams p, String name, String fallback, int size) {
        String value = p.getNonBlank(name);
        if (value == null) value = p.getNonBlank(fallback);
        if (value == null) p.require(name);
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new MapException("InvalidPoint", name, "Invalid '" + name + "' parameter: " + value
                    + ". Expected an integer pixel index");
        }
        if (n < 0 || n >= size) {
            throw new MapException("InvalidPoint", name, "Invalid '" + name + "' parameter: " + n
                    + ". Expected 0 to " + (size - 1));
        }
        return n;
    }
}
