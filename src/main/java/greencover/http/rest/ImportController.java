package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.domain.SiteWatch;
import greencover.domain.StacImport;
import greencover.service.error.InvalidInputException;
import greencover.service.imports.ImportService;
import greencover.service.imports.WatchService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/imports} (imports from a STAC API: start, status, list, cancel) and
 * {@code /api/v1/sites/{id}/watch} (a site's watch: set, show, remove). Bodies are read strictly: a field of the
 * wrong type is a 400 naming it.
 */
final class ImportController {
    static final long MAX_BODY_BYTES = 1L << 20;
    private final ImportService imports;
    private final WatchService watches;
    private final RequestBodies bodies;

    ImportController(ImportService imports, WatchService watches, RequestBodies bodies) {
        this.imports = imports;
        this.watches = watches;
        this.bodies = bodies;
    }

    void start(Context ctx) {
        JsonNode b = object(ctx);
        StacImport.Spec spec = new StacImport.Spec(text(b, "stacApi"), strings(b, "collections"), strings(b, "sites"), numbers(b, "bbox"),
                text(b, "datetime"), number(b, "maxCloud"), text(b, "collectionProfile"), integer(b, "limit"));
        StacImport i = imports.start(spec);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("status", i.status());
        out.put("href", "/api/v1/imports/" + i.id());
        ctx.header("Location", "/api/v1/imports/" + i.id());
        RestJson.write(ctx, 202, out);
    }

    void get(Context ctx) { RestJson.write(ctx, 200, json(imports.get(ctx.pathParam("id")))); }

    void list(Context ctx) {
        List<Object> all = new ArrayList<>();
        for (StacImport i : imports.list()) all.add(json(i));
        RestJson.write(ctx, 200, Map.of("imports", all));
    }

    void cancel(Context ctx) { RestJson.write(ctx, 200, json(imports.cancel(ctx.pathParam("id")))); }

    void putWatch(Context ctx) {
        JsonNode b = object(ctx);
        SiteWatch w = watches.put(ctx.pathParam("id"), new WatchService.WatchRequest(text(b, "stacApi"), strings(b, "collections"),
                number(b, "maxCloud"), text(b, "every"), text(b, "from"), text(b, "collectionProfile")));
        RestJson.write(ctx, 200, json(w));
    }

    void getWatch(Context ctx) { RestJson.write(ctx, 200, json(watches.get(ctx.pathParam("id")))); }

    void deleteWatch(Context ctx) {
        watches.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    static Map<String, Object> json(StacImport i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("status", i.publicStatus());
        if (i.cancelled()) m.put("cancelled", true);
        StacImport.Counts c = i.items();
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("found", c.found());
        items.put("ingested", c.ingested());
        items.put("duplicate", c.duplicate());
        items.put("skipped", c.skipped());
        items.put("failed", c.failed());
        m.put("items", items);
        m.put("bytesRead", i.bytesRead());
        List<Object> errors = new ArrayList<>();
        for (StacImport.ItemError e : i.errors()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("item", e.item());
            em.put("error", e.error());
            errors.add(em);
        }
        m.put("errors", errors);
        m.put("createdAt", text(i.createdAt()));
        m.put("startedAt", text(i.startedAt()));
        m.put("finishedAt", text(i.finishedAt()));
        StacImport.Spec s = i.spec();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("stacApi", s.stacApi());
        spec.put("collections", s.collections());
        if (s.sites() != null) spec.put("sites", s.sites());
        if (s.bbox() != null) spec.put("bbox", s.bbox());
        spec.put("datetime", s.datetime());
        spec.put("maxCloud", s.maxCloud());
        spec.put("collectionProfile", s.profile());
        spec.put("limit", s.limit());
        m.put("request", spec);
        m.put("watchSite", i.watchSite());
        return m;
    }

    static Map<String, Object> json(SiteWatch w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", w.siteId());
        m.put("stacApi", w.stacApi());
        m.put("collections", w.collections());
        m.put("maxCloud", w.maxCloud());
        m.put("every", w.every().toString());
        m.put("from", w.from());
        m.put("collectionProfile", w.profile());
        m.put("createdAt", text(w.createdAt()));
        m.put("lastPollAt", text(w.lastPollAt()));
        m.put("lastImport", w.lastImportId() == null ? null : "/api/v1/imports/" + w.lastImportId());
        return m;
    }

    private static String text(java.time.Instant t) { return t == null ? null : t.toString(); }

    private JsonNode object(Context ctx) {
        JsonNode b = RestJson.parse(bodies.text(ctx, MAX_BODY_BYTES));
        if (!b.isObject()) throw new InvalidInputException("invalid_json", "body", "the body must be a JSON object");
        return b;
    }

    private static String text(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidInputException("invalid_field", f, f + " must be a string");
        return v.asText();
    }

    private static Double number(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw new InvalidInputException("invalid_field", f, f + " must be a number");
        return v.asDouble();
    }

    private static int integer(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new InvalidInputException("invalid_field", f, f + " must be an integer in 1..1000");
        if (v.asInt() < 1) throw new InvalidInputException("invalid_field", f, f + " must be an integer in 1..1000");
        return v.asInt();
    }

    private static List<String> strings(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return List.of(v.asText());
        if (!v.isArray()) throw new InvalidInputException("invalid_field", f, f + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw new InvalidInputException("invalid_field", f, f + " must be an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    private static List<Double> numbers(JsonNode b, String f) {
        JsonNode v = b.get(f);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new InvalidInputException("invalid_field", f, f + " must be an array of numbers");
        List<Double> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isNumber()) throw new InvalidInputException("invalid_field", f, f + " must be an array of numbers");
            out.add(e.asDouble());
        }
        return out;
    }
}
