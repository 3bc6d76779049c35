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
 * Writes point-query results (one record per queried layer, whatever its fields) as JSON
 * {@code {"results": [...]}}, as indented "key = value" text, or as an HTML table. Dates, instants and
 * geometries are written as their ISO or WKT strings.
 */
public final class FeatureInfoWriter {
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
            default -> toJson(tree);
        };
        return text.getBytes(StandardCharsets.UTF_8);
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
