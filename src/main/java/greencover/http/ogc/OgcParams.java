package greencover.http.ogc;

import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key-value parameters of an OGC request, with case-insensitive names (OGC KVP rule) and the first value
 * of a repeated name. Empty values are kept: {@code STYLES=} is present and empty.
 */
public final class OgcParams {
    private final Map<String, String> values;

    private OgcParams(Map<String, String> values) { this.values = values; }

    /** Builds parameters from a query map as Javalin gives it (name → values). */
    public static OgcParams of(Map<String, List<String>> query) {
        Map<String, String> m = new TreeMap<>();
        query.forEach((k, v) -> {
            String key = k.toUpperCase(Locale.ROOT);
            if (!v.isEmpty() && !m.containsKey(key)) m.put(key, v.get(0));
        });
        return new OgcParams(m);
    }

    /** Builds parameters from single values (tests, REST path segments). */
    public static OgcParams ofSingle(Map<String, String> query) {
        Map<String, String> m = new TreeMap<>();
        query.forEach((k, v) -> m.putIfAbsent(k.toUpperCase(Locale.ROOT), v));
        return new OgcParams(m);
    }

    /** The value of {@code name} (any case), or null when absent. */
    public String get(String name) { return values.get(name.toUpperCase(Locale.ROOT)); }

    /** The value of {@code name}, or null when absent or blank. */
    public String getNonBlank(String name) {
        String v = get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The value of {@code name}; throws {@link Reason#MISSING_PARAMETER} naming it when absent or blank. */
    public String require(String name) {
        String v = getNonBlank(name);
        if (v == null) throw MapRequestException.missing(name);
        return v;
    }

    /** The positive integer value of {@code name}, at most {@code max}; throws {@link Reason#INVALID_PARAMETER}. */
    public int requirePositiveInt(String name, int max) {
        String v = require(name);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(name, "Invalid '" + name + "' parameter: " + v + ". Expected an integer");
        }
        if (n <= 0 || n > max) {
            throw invalid(name, "Invalid '" + name + "' parameter: " + n + ". Expected 1 to " + max);
        }
        return n;
    }

    /** Creates an {@link Reason#INVALID_PARAMETER} exception located at {@code name}. */
    public static MapRequestException invalid(String name, String message) {
        return MapRequestException.invalid(name, message);
    }
}
