package greencover.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Small factories for the JSON Schemas (2020-12, as OpenAPI 3.1 uses them) that route descriptors declare:
 * each returns a new mutable node, so a caller may add {@code description}, {@code default} or bounds to it.
 */
public final class Schemas {
    static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {}

    public static ObjectNode string() { return JSON.createObjectNode().put("type", "string"); }

    public static ObjectNode string(String description) { return string().put("description", description); }

    public static ObjectNode date() { return string().put("format", "date"); }

    public static ObjectNode dateTime() { return string().put("format", "date-time"); }

    public static ObjectNode number() { return JSON.createObjectNode().put("type", "number"); }

    public static ObjectNode number(double min, double max) { return number().put("minimum", min).put("maximum", max); }

    public static ObjectNode integer() { return JSON.createObjectNode().put("type", "integer"); }

    public static ObjectNode integer(long min, long max) { return integer().put("minimum", min).put("maximum", max); }

    public static ObjectNode bool() { return JSON.createObjectNode().put("type", "boolean"); }

    /** A string that is one of {@code values}. */
    public static ObjectNode oneOf(List<String> values) {
        ObjectNode s = string();
        ArrayNode e = s.putArray("enum");
        values.forEach(e::add);
        return s;
    }

    /** A string matching {@code regex} (ECMA 262 syntax). */
    public static ObjectNode pattern(String regex) { return string().put("pattern", regex); }

    /** A value of JSON type {@code type} or null. */
    public static ObjectNode nullable(String type) {
        ObjectNode s = JSON.createObjectNode();
        s.putArray("type").add(type).add("null");
        return s;
    }

    public static ObjectNode array(JsonNode items) {
        ObjectNode s = JSON.createObjectNode().put("type", "array");
        s.set("items", items);
        return s;
    }

    /** A reference to the component schema {@code name} (registered with {@link ApiRoutes#schema}). */
    public static ObjectNode ref(String name) { return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name); }

    /** Any JSON value. */
    public static ObjectNode any() { return JSON.createObjectNode(); }

    /** A value of every one of {@code schemas}. */
    public static ObjectNode allOf(JsonNode... schemas) {
        ObjectNode s = JSON.createObjectNode();
        ArrayNode a = s.putArray("allOf");
        for (JsonNode n : schemas) a.add(n);
        return s;
    }

    /** A value of exactly one of {@code schemas}. */
    public static ObjectNode oneOfSchemas(JsonNode... schemas) {
        ObjectNode s = JSON.createObjectNode();
        ArrayNode a = s.putArray("oneOf");
        for (JsonNode n : schemas) a.add(n);
        return s;
    }

    /** The component schema {@code name}, or null. */
    public static ObjectNode refOrNull(String name) {
        ObjectNode s = JSON.createObjectNode();
        s.putArray("oneOf").add(ref(name)).add(JSON.createObjectNode().put("type", "null"));
        return s;
    }

    /** An array of {@code items}, or null. */
    public static ObjectNode nullableArray(JsonNode items) {
        ObjectNode s = nullable("array");
        s.set("items", items);
        return s;
    }

    /** Any JSON object, its members undescribed (said explicitly, so generators type it as a map, not as {}). */
    public static ObjectNode anyObject() { return JSON.createObjectNode().put("type", "object").put("additionalProperties", true); }

    /** An object schema built member by member. */
    public static Obj object() { return new Obj(); }

    /** {@code json} parsed, for examples written as JSON text. */
    public static JsonNode example(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("example is not JSON: " + json, e);
        }
    }

    /** {@code text} as a JSON string, for examples of text bodies (CSV, XML). */
    public static JsonNode exampleText(String text) { return JSON.getNodeFactory().textNode(text); }

    /** An object schema under construction: {@link #prop} adds an optional member, {@link #req} a required one. */
    public static final class Obj {
        private final ObjectNode node = JSON.createObjectNode().put("type", "object");
        private final ObjectNode props = node.putObject("properties");

        private Obj() {}

        public Obj prop(String name, JsonNode schema) {
            props.set(name, schema);
            return this;
        }

        public Obj prop(String name, ObjectNode schema, String description) {
            props.set(name, schema.put("description", description));
            return this;
        }

        public Obj req(String name, JsonNode schema) {
            props.set(name, schema);
            ArrayNode r = node.has("required") ? (ArrayNode) node.get("required") : node.putArray("required");
            r.add(name);
            return this;
        }

        public Obj description(String d) {
            node.put("description", d);
            return this;
        }

        /** Members beyond the listed ones are allowed and are of {@code schema}. */
        public Obj additional(JsonNode schema) {
            node.set("additionalProperties", schema);
            return this;
        }

        public ObjectNode build() { return node; }
    }
}
