package greencover.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One STAC item as the profiles need it: id, collection, properties and assets as plain values (strings, numbers,
 * booleans, lists and maps).
 */
public record StacItem(String id, String collection, Map<String, Object> properties, Map<String, Asset> assets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One asset: its href and its other fields ({@code raster:bands}, {@code file:header_size}, {@code proj:*}...). */
    public record Asset(String href, Map<String, Object> fields) {}

    /**
     * Reads an item from JSON text.
     *
     * @throws StacException when the text is not a STAC item (no JSON object, no id, no assets)
     */
    public static StacItem parse(byte[] json) {
        try {
            return of(JSON.readTree(json));
        } catch (IOException e) {
            throw new StacException("invalid_stac_item", "the STAC item is not JSON: " + e.getMessage());
        }
    }

    /** Reads an item from a parsed JSON value. @throws StacException when it is not a STAC item */
    @SuppressWarnings("unchecked")
    public static StacItem of(JsonNode n) {
        if (n == null || !n.isObject()) throw new StacException("invalid_stac_item", "the STAC item must be a JSON object");
        if (!"Feature".equals(n.path("type").asText())) throw new StacException("invalid_stac_item", "a STAC item has \"type\": \"Feature\"");
        String id = n.path("id").asText("");
        if (id.isBlank()) throw new StacException("invalid_stac_item", "the STAC item has no id");
        JsonNode assets = n.path("assets");
        if (!assets.isObject() || assets.isEmpty()) throw new StacException("invalid_stac_item", "the STAC item " + id + " has no assets");
        Map<String, Asset> out = new LinkedHashMap<>();
        var it = assets.fields();
        while (it.hasNext()) {
            var e = it.next();
            Map<String, Object> fields = JSON.convertValue(e.getValue(), Map.class);
            Object href = fields == null ? null : fields.remove("href");
            out.put(e.getKey(), new Asset(href == null ? null : href.toString(), fields == null ? Map.of() : fields));
        }
        Map<String, Object> props = n.path("properties").isObject() ? JSON.convertValue(n.path("properties"), Map.class) : Map.of();
        return new StacItem(id, n.path("collection").asText(null), Collections.unmodifiableMap(new LinkedHashMap<>(props)),
                Collections.unmodifiableMap(out));
    }

    /** A property as text, or null. */
    public String text(String key) {
        Object v = properties.get(key);
        return v == null ? null : v.toString();
    }
}
