package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.domain.Site;
import greencover.geojson.GeoJsonCodec;
import greencover.service.SiteService;
import greencover.service.error.InvalidInputException;
import greencover.service.error.PayloadTooLargeException;
import greencover.service.series.SiteSummaries;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/sites}: list, add (a GeoJSON Feature or FeatureCollection), get and delete sites. Each site is
 * written as a Feature whose properties are {@link SiteJson#properties} (stored and computed, per catalog version).
 */
final class SiteController {
    private final SiteService sites;
    private final SiteSummaries summaries;

    SiteController(SiteService sites, SiteSummaries summaries) {
        this.sites = sites;
        this.summaries = summaries;
    }

    void list(Context ctx) {
        RestJson.write(ctx, 200, SiteJson.collection(features(sites.list())));
    }

    /** 201 with the stored Feature for a Feature body, the stored FeatureCollection for a collection. */
    void add(Context ctx) {
        JsonNode body = RestJson.body(ctx);
        List<Site> added;
        try {
            added = sites.add(GeoJsonCodec.sites(body));
        } catch (InvalidInputException | PayloadTooLargeException e) {
            throw onTheWire(e);
        }
        if (body.path("type").asText().equals("Feature")) RestJson.write(ctx, 201, feature(added.get(0)));
        else RestJson.write(ctx, 201, SiteJson.collection(features(added)));
    }

    void get(Context ctx) { RestJson.write(ctx, 200, feature(sites.get(ctx.pathParam("id")))); }

    /** {@code PUT /api/v1/sites/{id}/goals}: replaces the site's reference and target; 200 with the site. */
    void goals(Context ctx) {
        JsonNode body = RestJson.body(ctx);
        if (!body.isObject()) throw new InvalidInputException("invalid_body", "body", "the body must be a JSON object");
        java.util.Map<String, Object> props = new java.util.LinkedHashMap<>();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!GOALS.contains(e.getKey())) {
                throw InvalidInputException.invalid(e.getKey(), "unknown member '" + e.getKey() + "'; the goals are " + GOALS);
            }
            JsonNode v = e.getValue();
            props.put(e.getKey(), v.isNull() ? null : v.isNumber() ? v.doubleValue() : v.isTextual() ? v.textValue() : v.toString());
        }
        RestJson.write(ctx, 200, feature(sites.setGoals(ctx.pathParam("id"), props)));
    }

    private static final List<String> GOALS = List.of(SiteService.REFERENCE_SITE, SiteService.TARGET_GREEN_FRACTION, SiteService.TARGET_MEAN_INDEX);

    void delete(Context ctx) {
        sites.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    private ObjectNode feature(Site s) { return SiteJson.feature(s, SiteJson.properties(s, summaries.of(s))); }

    private List<ObjectNode> features(List<Site> list) {
        List<ObjectNode> out = new ArrayList<>(list.size());
        for (Site s : list) out.add(feature(s));
        return out;
    }

    /** The service's error with its field named as the member of the submitted GeoJSON (same kind, code, detail). */
    private static RuntimeException onTheWire(RuntimeException e) {
        if (e instanceof InvalidInputException i) {
            String f = GeoJsonCodec.wireField(i.field());
            return f == null || f.equals(i.field()) ? i : new InvalidInputException(i.code(), f, i.getMessage(), i);
        }
        if (e instanceof PayloadTooLargeException p) {
            String f = GeoJsonCodec.wireField(p.field());
            return f == null || f.equals(p.field()) ? p : new PayloadTooLargeException(f, p.getMessage());
        }
        return e;
    }
}
