package greencover.http.ogc.xyz;

import greencover.http.ogc.MapResponses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.map.MapLayer;
import greencover.service.map.MapStyle;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the TileJSON 3.0.0 document of a layer's XYZ tiles: an absolute tile URL template (carrying the
 * given time, style, composite and month window), zoom range 0 to 18, WGS84 bounds and a centre inside the data (the latest
 * scene's footprint) with a zoom that shows the whole extent; {@code legend} is an HTML image of the legend. Extra members {@code dates}, {@code defaultDate}, {@code styles} and {@code legend} help viewers.
 */
final class TileJson {
    /** Highest zoom advertised (about 0.6 m per pixel at the equator; beyond, 10 m pixels are only magnified). */
    static final int MAX_ZOOM = 18;

    private TileJson() {}

    static byte[] of(MapLayer layer, String baseUrl, String style, String time, String composite, String months, ObjectMapper json) {
        StringBuilder query = new StringBuilder();
        param(query, "time", time);
        param(query, "style", style);
        param(query, "composite", composite);
        param(query, "months", months);
        double[] b = layer.wgs84Bounds() != null && layer.wgs84Bounds().length == 4 ? layer.wgs84Bounds()
                : new double[] {-180, -85.0511287798066, 180, 85.0511287798066};
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("tilejson", "3.0.0");
        t.put("name", layer.title());
        t.put("description", layer.abstractText());
        t.put("version", "1.0.0");
        t.put("attribution", "GreenCover; contains modified Copernicus Sentinel / USGS Landsat data");
        t.put("scheme", "xyz");
        t.put("tiles", List.of(baseUrl + "/tiles/" + enc(layer.name()) + "/{z}/{x}/{y}.png" + query));
        t.put("minzoom", 0);
        t.put("maxzoom", MAX_ZOOM);
        // the 3.0.0 schema requires vector_layers; raster tiles have none
        t.put("vector_layers", List.of());
        t.put("bounds", List.of(b[0], b[1], b[2], b[3]));
        double[] c = layer.wgs84Center() != null ? layer.wgs84Center() : new double[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2};
        t.put("center", List.of(c[0], c[1], zoomToFit(b)));
        List<String> dates = new ArrayList<>();
        for (LocalDate d : layer.dates()) dates.add(d.toString());
        t.put("dates", dates);
        t.put("defaultDate", layer.defaultDate() == null ? null : layer.defaultDate().toString());
        List<Map<String, String>> styles = new ArrayList<>();
        for (MapStyle s : layer.styles()) styles.add(Map.of("name", s.name(), "title", s.title()));
        t.put("styles", styles);
        // TileJSON's legend is text or HTML shown with the map: the legend image of the style
        String legend = MapResponses.legendUrl(baseUrl + "/wms", "1.3.0", layer.name(),
                style != null ? style : layer.styles().isEmpty() ? "" : layer.styles().get(0).name());
        t.put("legend", "<img src=\"" + legend.replace("&", "&amp;") + "\" alt=\"Legend: " + layer.title().replace("\"", "'")
                .replace("<", "").replace("&", "and") + "\">");
        try {
            return json.writeValueAsBytes(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write TileJSON", e);
        }
    }

    /** The highest zoom at which the bounds fit in about one 256-pixel tile, clamped to [0, 18]. */
    static int zoomToFit(double[] b) {
        double span = Math.max(b[2] - b[0], (b[3] - b[1]) * 2);
        if (!(span > 0)) return MAX_ZOOM / 2;
        int z = (int) Math.floor(Math.log(360 / span) / Math.log(2));
        return Math.max(0, Math.min(MAX_ZOOM, z));
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value == null) return;
        q.append(q.length() == 0 ? '?' : '&').append(name).append('=').append(enc(value));
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
