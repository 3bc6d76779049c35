package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.domain.Alert;
import greencover.domain.Site;
import greencover.domain.WebhookDelivery;
import greencover.geojson.GeoJsonCodec;
import greencover.service.SiteGeometryService;
import greencover.service.SiteService;
import greencover.service.alert.AlertService;
import greencover.service.error.InvalidInputException;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outline versions ({@code PUT /api/v1/sites/{id}/geometry}, {@code GET .../geometry/history}), alert rules
 * ({@code GET|PUT /api/v1/sites/{id}/alert-rules}), alerts ({@code GET /api/v1/alerts}, {@code /api/v1/alerts.atom})
 * and the webhook delivery log ({@code GET /api/v1/sites/{id}/webhook/deliveries}).
 */
final class SiteOpsController {
    private final SiteService sites;
    private final SiteGeometryService geometry;
    private final AlertService alerts;

    SiteOpsController(SiteService sites, SiteGeometryService geometry, AlertService alerts) {
        this.sites = sites;
        this.geometry = geometry;
        this.alerts = alerts;
    }

    void putGeometry(Context ctx) {
        String id = ctx.pathParam("id");
        sites.get(id); // 404 before the body's errors
        JsonNode body = RestJson.body(ctx);
        if (!body.isObject()) throw InvalidInputException.invalid("body", "the body must be a JSON object {\"geometry\", \"validFrom\"}");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("geometry", "validFrom", "innerBufferM", "crs").contains(f)) {
                throw new InvalidInputException("unknown_field", f, "unknown field '" + f + "'; the fields are geometry, validFrom, innerBufferM, crs");
            }
        }
        JsonNode vf = body.get("validFrom");
        if (vf == null || vf.isNull()) throw InvalidInputException.missing("validFrom", "validFrom is required: the date (YYYY-MM-DD) the outline applies from");
        LocalDate validFrom;
        try {
            validFrom = LocalDate.parse(vf.asText());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.invalid("validFrom", "validFrom must be a date YYYY-MM-DD but was '" + vf.asText() + "'");
        }
        if (body.get("geometry") == null) throw InvalidInputException.missing("geometry", "geometry is required: a GeoJSON Polygon or MultiPolygon");
        GeoJsonCodec.Polygonal g = GeoJsonCodec.polygonal(body.get("geometry"), body.get("crs"), "geometry");
        JsonNode b = body.get("innerBufferM");
        Object buffer = b == null || b.isNull() ? null : b.isNumber() ? (Object) b.doubleValue() : b.asText();
        List<SiteGeometryService.Entry> h = geometry.addVersion(id, g.wgs84(), body.get("geometry").toString(), validFrom, buffer);
        alerts.evaluate(id); // the statistics from validFrom on changed
        RestJson.write(ctx, 201, history(id, h));
    }

    void history(Context ctx) {
        String id = ctx.pathParam("id");
        RestJson.write(ctx, 200, history(id, geometry.history(id)));
    }

    static Map<String, Object> history(String id, List<SiteGeometryService.Entry> entries) {
        List<Object> versions = new ArrayList<>();
        for (SiteGeometryService.Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("validFrom", e.validFrom() == null ? null : e.validFrom().toString());
            m.put("validTo", e.validTo() == null ? null : e.validTo().toString());
            m.put("areaM2", e.areaM2());
            m.put("innerBufferM", e.innerBufferM());
            m.put("countedAreaM2", e.countedAreaM2());
            m.put("createdAt", e.createdAt().toString());
            m.put("geometry", GeoJsonCodec.write(e.wgs84()));
            versions.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("site", id);
        out.put("versions", versions);
        return out;
    }

    void rules(Context ctx) { RestJson.write(ctx, 200, settings(alerts.settings(ctx.pathParam("id")))); }

    void putRules(Context ctx) {
        String id = ctx.pathParam("id");
        sites.get(id);
        JsonNode body = RestJson.body(ctx);
        if (!body.isObject()) throw InvalidInputException.invalid("body", "the body must be a JSON object {\"rules\", \"webhook\"}");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("rules") && !f.equals("webhook")) throw new InvalidInputException("unknown_field", f, "unknown field '" + f + "'; the fields are rules, webhook");
        }
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        JsonNode r = body.get("rules");
        if (r != null && !r.isNull()) {
            if (!r.isObject()) throw InvalidInputException.invalid("rules", "rules must be an object: rule name → {parameter: value}");
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) throw InvalidInputException.invalid("rules." + e.getKey(), "rules." + e.getKey() + " must be an object of parameters");
                Map<String, Object> params = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> p = e.getValue().fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> v = p.next();
                    JsonNode n = v.getValue();
                    params.put(v.getKey(), n.isNumber() ? (Object) n.doubleValue() : n.isBoolean() ? (Object) n.booleanValue() : n.toString());
                }
                rules.put(e.getKey(), params);
            }
        }
        boolean setHook = body.has("webhook");
        String url = null, secret = null;
        JsonNode w = body.get("webhook");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) throw InvalidInputException.invalid("webhook", "webhook must be an object {\"url\", \"secret\"} or null");
            for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("url") && !f.equals("secret")) throw new InvalidInputException("unknown_field", "webhook." + f, "unknown field 'webhook." + f + "'");
            }
            if (!w.path("url").isTextual()) throw InvalidInputException.missing("webhook.url", "webhook.url is required: an http(s) URL");
            url = w.get("url").asText();
            secret = w.path("secret").isTextual() ? w.get("secret").asText() : null;
        }
        RestJson.write(ctx, 200, settings(alerts.putSettings(id, rules, setHook, url, secret)));
    }

    private static Map<String, Object> settings(AlertService.Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", s.siteId());
        Map<String, Object> rules = new LinkedHashMap<>();
        for (var r : s.rules().entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (var e : r.getValue().entrySet()) p.put(e.getKey(), e.getKey().equals("enabled") ? (Object) (e.getValue() != 0) : e.getValue());
            rules.put(r.getKey(), p);
        }
        m.put("rules", rules);
        Map<String, Object> hook = null;
        if (s.webhookUrl() != null) {
            hook = new LinkedHashMap<>();
            hook.put("url", s.webhookUrl());
            hook.put("secretSet", s.secretSet());
        }
        m.put("webhook", hook);
        return m;
    }

    void list(Context ctx) {
        List<Object> out = new ArrayList<>();
        for (Alert a : alerts.alerts(ctx.queryParam("site"), ctx.queryParam("state"))) out.add(alert(a));
        RestJson.write(ctx, 200, Map.of("alerts", out));
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("site", a.siteId());
        m.put("rule", a.rule());
        m.put("state", a.isOpen() ? "open" : "cleared");
        m.put("observedOn", a.observedOn() == null ? null : a.observedOn().toString());
        m.put("openedAt", a.openedAt().toString());
        m.put("clearedAt", a.clearedAt() == null ? null : a.clearedAt().toString());
        m.put("detail", a.detail());
        m.put("value", StatisticsJson.num(a.value()));
        return m;
    }

    void atom(Context ctx) {
        List<Alert> list = alerts.alerts(ctx.queryParam("site"), ctx.queryParam("state"));
        Map<String, String> names = new LinkedHashMap<>();
        for (Site s : sites.list()) names.put(s.id(), s.name());
        String base = ctx.scheme() + "://" + ctx.host();
        ctx.status(200).contentType("application/atom+xml; charset=utf-8").result(AlertFeed.atom(list, names, base, ctx.queryString()));
    }

    void deliveries(Context ctx) {
        List<Object> out = new ArrayList<>();
        for (WebhookDelivery d : alerts.deliveries(ctx.pathParam("id"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("alertId", d.alertId());
            m.put("event", d.event());
            m.put("attempt", d.attempt());
            m.put("url", d.url());
            m.put("status", d.status() == 0 ? null : d.status());
            m.put("error", d.error());
            m.put("delivered", d.delivered());
            m.put("at", d.at().toString());
            out.add(m);
        }
        RestJson.write(ctx, 200, Map.of("site", ctx.pathParam("id"), "deliveries", out));
    }
}
