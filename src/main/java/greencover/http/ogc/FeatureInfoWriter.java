package greencover.http.ogc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes point-query results (one record per queried layer, whatever its fields) as a GeoJSON FeatureCollection
 * ({@code application/json} and {@code application/geo+json}: one Point feature per queried layer at the pixel's
 * centre in WGS84 longitude/latitude, RFC 7946, the record's other fields as properties, as GeoServer answers), as
 * {@value #RESULTS_JSON} {@code {"results": [...]}}, as indented "key = value" text, or as an HTML table. Dates,
 * instants and geometries are written as their ISO or WKT strings.
 */
public final class FeatureInfoWriter {
    /** The format of the plain results document, {@code {"results": [record, ...]}}. */
    public static final String RESULTS_JSON = "application/vnd.greencover.results+json";

    private final ObjectMapper json;

    public FeatureInfoWriter() {
        SimpleModule m = new SimpleModule("greencover-ogc");
        for (Class<?> c : List.of(LocalDate.class, Instant.class, LocalDateTime.class, OffsetDateTime.class,
                Geometry.class)) {
            m.addSerializer(c, ToStringSerializer.instance);
        }
        json = new ObjectMapper().registerModule(m).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The results as a JSON tree: {@code {"results": [record, ...]}}, each record carrying its "layer". */
    JsonNode tree(List<String> layers, List<?> infos) {
        ObjectNode root = json.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (int k = 0; k < infos.size(); k++) {
            JsonNode n = json.valueToTree(infos.get(k));
            if (n instanceof ObjectNode o && !o.has("layer")) o.put("layer", layers.get(k));
            results.add(n);
        }
        return root;
    }

    /** The bytes of the results in {@code format} (one of {@link WmsGetFeatureInfoRequest#INFO_FORMATS}). */
    public byte[] write(String format, List<String> layers, List<?> infos) {
        JsonNode tree = tree(layers, infos);
        String text = switch (format) {
            case "text/plain" -> plain(tree.get("results"));
            case "text/html" -> html(tree.get("results"));
            case RESULTS_JSON -> toJson(tree);
            default -> toJson(featureCollection(tree.get("results")));
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The records as GeoJSON: a Point feature per record where it has {@code lon}/{@code lat}, else no geometry. */
    private JsonNode featureCollection(JsonNode results) {
        ObjectNode fc = json.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        int k = 0;
        for (JsonNode r : results) {
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            f.put("id", r.path("layer").asText() + "." + k++);
            ObjectNode props = ((ObjectNode) r).deepCopy();
            JsonNode lon = props.remove("lon"), lat = props.remove("lat");
            if (lon != null && lon.isNumber() && lat != null && lat.isNumber()) {
                ObjectNode g = f.putObject("geometry");
                g.put("type", "Point");
                g.putArray("coordinates").add(lon.doubleValue()).add(lat.doubleValue());
            } else {
                f.putNull("geometry");
            }
            if (props.get("sites") instanceof ArrayNode sites) {
                for (JsonNode s : sites) if (s instanceof ObjectNode o) o.remove("wgs84");
            }
            f.set("properties", props);
        }
        return fc;
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String plain(JsonNode results) {
        StringBuilder s = new StringBuilder();
        for (JsonNode r : results) {
            s.append("Results for layer ").append(r.path("layer").asText()).append('\n');
            flatten(r, "", (k, v) -> s.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return s.toString();
    }

    private static String html(JsonNode results) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Feature "
                + "info</title></head><body>");
        for (JsonNode r : results) {
            s.append("<table><caption>").append(escape(r.path("layer").asText())).append("</caption>");
            flatten(r, "", (k, v) -> s.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                    .append("</td></tr>"));
            s.append("</table>");
        }
        return s.append("</body></html>").toString();
    }

    private static void flatten(JsonNode n, String prefix, java.util.function.BiConsumer<String, String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int k = 0; k < n.size(); k++) flatten(n.get(k), prefix + "[" + k + "]", out);
        } else {
            out.accept(prefix, n.isNull() ? "" : n.asText());
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
