package greencover.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The STAC API item search ({@code POST {api}/search}) as documents: the request body for a {@link Query} with its
 * cloud filter in one of two {@link CloudForm forms}, and an answer page read into its items and its
 * {@code links[rel=next]}. No I/O: the caller sends the bodies (under its address policy) and follows the links.
 *
 * <p>Paging follows the two forms catalogs use: a {@code next} link with {@code "method": "POST"} and a {@code body}
 * that, with {@code "merge": true}, is laid over the previous request's body (else replaces it); and a plain link
 * (GET, the page token in its href).
 */
public final class StacSearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest page size a search asks for; catalogs cap theirs lower (Earth Search 250, Planetary Computer 1000). */
    public static final int MAX_LIMIT = 1000;

    private StacSearch() {}

    /** How the cloud bound is said: the STAC API query extension, or a CQL2-JSON filter. */
    public enum CloudForm { QUERY, FILTER }

    /**
     * A search: {@code collections}, either {@code intersects} (a GeoJSON geometry in WGS84, as JSON text) or
     * {@code bbox} (west, south, east, north), an optional {@code datetime} (a checked RFC 3339 instant or interval),
     * an optional {@code maxCloud} (0..100, on {@code eo:cloud_cover}) and the page size {@code limit}.
     */
    public record Query(List<String> collections, String intersects, double[] bbox, String datetime, Double maxCloud, int limit) {}

    /** A next page: the href, the method, and for POST the body to send (already merged when the link says so). */
    public record Next(String href, String method, byte[] body) {
        /** A key that is equal for the same request twice (a loop). */
        public String key() { return method + " " + href + " " + (body == null ? "" : new String(body, StandardCharsets.UTF_8)); }
    }

    /** An answer page: its items (as parsed items and as their own JSON), and the next page or null. */
    public record Page(List<StacItem> items, List<byte[]> itemJson, Next next, Long matched) {}

    /**
     * Checks a STAC {@code datetime}: one RFC 3339 instant, or an interval {@code a/b} whose ends are instants or
     * {@code ..} (open; not both), with a before b; a bare date {@code 2023-01-01} stands for its first instant (or,
     * as an interval's end, its last second). Returns the value as it is sent: instants in UTC with their seconds
     * ({@code 2023-01-01T00:00:00Z}), as RFC 3339 requires.
     *
     * @throws StacException {@code invalid_datetime} naming field {@code datetime}
     */
    public static String datetime(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        String[] parts = v.split("/", -1);
        if (parts.length > 2) throw badDatetime(value, "at most one '/'");
        if (parts.length == 1) {
            if (parts[0].equals("..")) throw badDatetime(value, "a single instant cannot be open");
            return instant(parts[0], false, value).toInstant().toString();
        }
        if (parts[0].equals("..") && parts[1].equals("..")) throw badDatetime(value, "both ends are open");
        OffsetDateTime a = parts[0].equals("..") || parts[0].isEmpty() ? null : instant(parts[0], false, value);
        OffsetDateTime b = parts[1].equals("..") || parts[1].isEmpty() ? null : instant(parts[1], true, value);
        if (a != null && b != null && a.isAfter(b)) throw badDatetime(value, "the start is after the end");
        return (a == null ? ".." : a.toInstant().toString()) + "/" + (b == null ? ".." : b.toInstant().toString());
    }

    private static OffsetDateTime instant(String s, boolean end, String whole) {
        try {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                java.time.LocalDate d = java.time.LocalDate.parse(s);
                return end ? d.atTime(23, 59, 59).atOffset(java.time.ZoneOffset.UTC) : d.atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw badDatetime(whole, "'" + s + "' is not an RFC 3339 date-time like 2023-06-01T00:00:00Z");
        }
    }

    private static StacException badDatetime(String value, String why) {
        return new StacException("invalid_datetime", "datetime", "datetime '" + value + "' is not an RFC 3339 instant or interval a/b: " + why);
    }

    /** The first request's body. */
    public static byte[] body(Query q, CloudForm form) {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode cs = b.putArray("collections");
        q.collections().forEach(cs::add);
        if (q.intersects() != null) {
            try {
                b.set("intersects", JSON.readTree(q.intersects()));
            } catch (IOException e) {
                throw new IllegalArgumentException("intersects is not JSON", e);
            }
        } else if (q.bbox() != null) {
            ArrayNode bb = b.putArray("bbox");
            for (double d : q.bbox()) bb.add(d);
        }
        if (q.datetime() != null) b.put("datetime", q.datetime());
        b.put("limit", q.limit());
        if (q.maxCloud() != null) {
            if (form == CloudForm.QUERY) {
                b.putObject("query").putObject("eo:cloud_cover").put("lte", q.maxCloud());
            } else {
                b.put("filter-lang", "cql2-json");
                ObjectNode f = b.putObject("filter");
                f.put("op", "<=");
                ArrayNode args = f.putArray("args");
                args.addObject().put("property", "eo:cloud_cover");
                args.add(q.maxCloud());
            }
        }
        return bytes(b);
    }

    /**
     * Reads an answer to the request {@code sent} (its body, for a merge).
     *
     * @throws StacException {@code invalid_search_answer} when it is not an ItemCollection
     */
    public static Page page(byte[] answer, byte[] sent) {
        JsonNode n;
        try {
            n = JSON.readTree(answer);
        } catch (IOException e) {
            throw new StacException("invalid_search_answer", "stacApi", "the catalog's search answer is not JSON: " + e.getMessage());
        }
        if (n == null || !n.path("features").isArray()) {
            throw new StacException("invalid_search_answer", "stacApi", "the catalog's search answer is not an ItemCollection (no features)");
        }
        List<StacItem> items = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        for (JsonNode f : n.path("features")) {
            items.add(StacItem.of(f));
            json.add(bytes(f));
        }
        Next next = null;
        for (JsonNode l : n.path("links")) {
            if (!"next".equals(l.path("rel").asText()) || l.path("href").asText("").isBlank()) continue;
            String method = l.path("method").asText("GET").toUpperCase(Locale.ROOT);
            byte[] body = null;
            if (method.equals("POST")) {
                JsonNode lb = l.path("body");
                ObjectNode merged;
                if (l.path("merge").asBoolean(false) && sent != null) {
                    try {
                        merged = (ObjectNode) JSON.readTree(sent);
                    } catch (IOException | ClassCastException e) {
                        throw new IllegalArgumentException("the sent body is not a JSON object", e);
                    }
                    if (lb.isObject()) lb.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                } else {
                    merged = lb.isObject() ? (ObjectNode) lb : JSON.createObjectNode();
                }
                body = bytes(merged);
            }
            next = new Next(l.path("href").asText(), method, body);
            break;
        }
        JsonNode m = n.path("numberMatched").isNumber() ? n.path("numberMatched") : n.path("context").path("matched");
        return new Page(items, json, next, m.isNumber() ? m.asLong() : null);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
