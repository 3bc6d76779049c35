package greencover.http.ogc.wms;

import greencover.http.ogc.MapParams;
import greencover.http.ogc.OgcParams;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
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
    public static final List<String> INFO_FORMATS = List.of("application/json", "application/geo+json",
            "text/plain", "text/html", greencover.http.ogc.FeatureInfoWriter.RESULTS_JSON);

    public WmsGetFeatureInfoRequest {
        queryLayers = List.copyOf(queryLayers);
    }

    /**
     * Parses a GetFeatureInfo request.
     *
     * @throws MapRequestException as {@link WmsGetMapRequest#from}, plus LAYER_NOT_DEFINED or LAYER_NOT_QUERYABLE
     *     for QUERY_LAYERS, INVALID_FORMAT for INFO_FORMAT and POINT_OUT_OF_RANGE for I/J (X/Y in 1.1.1)
     */
    public static WmsGetFeatureInfoRequest from(OgcParams p, List<MapLayer> offered) {
        WmsGetMapRequest map = WmsGetMapRequest.parse(p, offered, false);
        MapRequest m = map.first();
        List<MapRequest> queried = new ArrayList<>();
        for (MapLayer layer : WmsGetMapRequest.layers(p.require("QUERY_LAYERS"), offered, "QUERY_LAYERS")) {
            if (!layer.queryable()) {
                throw new MapRequestException(Reason.LAYER_NOT_QUERYABLE, "QUERY_LAYERS", "Layer '" + layer.name()
                        + "' is not queryable");
            }
            String style = map.layers().stream().filter(r -> r.layer().equals(layer.name())).findFirst()
                    .map(MapRequest::style).orElse(null);
            queried.add(m.withLayer(layer.name(), style, MapParams.time(p.getNonBlank("TIME"), layer, "TIME")));
        }
        WmsVersion v = map.version();
        int i = pixel(p, v.iParam(), v == WmsVersion.V1_3_0 ? "X" : "I", m.width());
        int j = pixel(p, v.jParam(), v == WmsVersion.V1_3_0 ? "Y" : "J", m.height());
        String info = p.getNonBlank("INFO_FORMAT");
        info = info == null ? INFO_FORMATS.get(0) : info.toLowerCase(Locale.ROOT);
        if (!INFO_FORMATS.contains(info)) {
            throw new MapRequestException(Reason.INVALID_FORMAT, "INFO_FORMAT", "Invalid 'INFO_FORMAT' parameter: " + info
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
            throw new MapRequestException(Reason.POINT_OUT_OF_RANGE, name, "Invalid '" + name + "' parameter: " + value
                    + ". Expected an integer pixel index");
        }
        if (n < 0 || n >= size) {
            throw new MapRequestException(Reason.POINT_OUT_OF_RANGE, name, "Invalid '" + name + "' parameter: " + n
                    + ". Expected 0 to " + (size - 1));
        }
        return n;
    }
}
