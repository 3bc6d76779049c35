package greencover.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.index.Fvc;
import greencover.domain.DuplicateKeyException;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.error.ConflictException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.PayloadTooLargeException;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import greencover.store.Transactions;
import greencover.store.WriteLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adds, lists and deletes sites. Adding validates every feature first (GeoJSON rules, slug ids, thresholds,
 * endmembers), then stores the sites and their summaries over every stored scene in one transaction, so
 * a rejected request changes nothing.
 */
public final class SiteService {
    public static final double DEFAULT_GREEN_THRESHOLD = 0.3;
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SiteRepository sites;
    private final SummaryRepository stored;
    private final Transactions transactions;
    private final WriteLock writeLock;
    private final SummaryService summaries;

    public SiteService(SiteRepository sites, SummaryRepository stored, Transactions transactions, WriteLock writeLock,
                       SummaryService summaries) {
        this.sites = sites;
        this.stored = stored;
        this.transactions = transactions;
        this.writeLock = writeLock;
        this.summaries = summaries;
    }

    /** Adds the sites of a GeoJSON Feature or FeatureCollection; returns them as stored. */
    public List<Site> add(JsonNode body) {
        if (body == null || !body.isObject()) throw new InvalidInputException("invalid_geojson", "body", "body must be a GeoJSON Feature or FeatureCollection");
        String type = body.path("type").asText("");
        List<JsonNode> features = new ArrayList<>();
        switch (type) {
            case "Feature" -> features.add(body);
            case "FeatureCollection" -> {
                JsonNode fs = body.get("features");
                if (fs == null || !fs.isArray() || fs.isEmpty()) {
                    throw new InvalidInputException("invalid_geojson", "features", "features must be a non-empty array");
                }
                fs.forEach(features::add);
            }
            default -> throw new InvalidInputException("invalid_geojson", "type", "type must be Feature or FeatureCollection but was '" + type + "'");
        }
        if (features.size() > 1000) throw new PayloadTooLargeException("features", "at most 1000 features per request");
        List<Site> drafts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Site s = parse(features.get(i), body.get("crs"), features.size() == 1 ? "" : "features[" + i + "].");
            if (!ids.add(s.id())) throw new ConflictException("id", "site id '" + s.id() + "' appears twice in the request");
            drafts.add(s);
        }
        writeLock.run(() -> {
            for (Site s : drafts) {
                if (sites.byId(s.id()).isPresent()) {
                    throw new ConflictException("id", "site '" + s.id() + "' already exists; DELETE it first to replace it");
                }
            }
            List<SummaryRow> rows = new ArrayList<>();
            for (Site s : drafts) rows.addAll(summaries.backfill(s));
            try {
                transactions.run(() -> {
                    for (Site s : drafts) sites.insert(s);
                    stored.putAll(rows);
                });
            } catch (DuplicateKeyException e) { // another server on the same database stored one of the ids first
                throw new ConflictException("conflict", "id", "a site of this request was stored meanwhile; DELETE it first to replace it", e);
            }
        });
        return drafts;
    }

    private Site parse(JsonNode f, JsonNode collectionCrs, String prefix) {
        if (!f.isObject() || !"Feature".equals(f.path("type").asText())) {
            throw new InvalidInputException("invalid_geojson", prefix + "type", prefix + "type must be Feature");
        }
        JsonNode props = f.path("properties");
        if (!props.isObject() && !props.isMissingNode() && !props.isNull()) {
            throw new InvalidInputException("invalid_geojson", prefix + "properties", prefix + "properties must be an object");
        }
        String id = text(f.get("id"));
        if (id == null) id = text(props.get("id"));
        if (id == null) {
            throw new InvalidInputException("missing_field", prefix + "id", prefix + "id is required (in 'id' or 'properties.id'), a slug like 'zijinshan-dump'");
        }
        if (!SLUG.matcher(id).matches()) {
            throw new InvalidInputException("invalid_field", prefix + "id", prefix + "id '" + id + "' is not a slug: lower-case letters, digits, '-' and '_', at most 100 characters");
        }
        String name = text(props.get("name"));
        if (name == null) name = id;
        if (name.length() > 500) throw new InvalidInputException("invalid_field", prefix + "properties.name", "name is longer than 500 characters");
        double threshold = number(props.get("greenThreshold"), prefix + "properties.greenThreshold", DEFAULT_GREEN_THRESHOLD);
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new InvalidInputException("invalid_field", prefix + "properties.greenThreshold", "greenThreshold must be in [-1, 1] but was " + threshold);
        }
        double soil = number(props.get("ndviSoil"), prefix + "properties.ndviSoil", Fvc.DEFAULT_NDVI_SOIL);
        double veg = number(props.get("ndviVeg"), prefix + "properties.ndviVeg", Fvc.DEFAULT_NDVI_VEG);
        if (!(soil >= -1 && veg <= 1 && soil < veg)) {
            throw new InvalidInputException("invalid_field", prefix + "properties.ndviSoil", "ndviSoil and ndviVeg must satisfy -1 <= ndviSoil < ndviVeg <= 1 but were " + soil + ", " + veg);
        }
        JsonNode crs = f.has("crs") ? f.get("crs") : collectionCrs;
        GeoJson.Parsed g = GeoJson.polygonal(f.get("geometry"), crs, prefix + "geometry");
        double area = Geo.areaM2(g.geometry());
        Map<String, Object> properties = new LinkedHashMap<>();
        if (props.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(props, Map.class);
            properties.putAll(m);
        }
        for (String k : List.of("id", "name", "greenThreshold", "ndviSoil", "ndviVeg", "areaM2", "latest", "timeseries", "observations")) properties.remove(k);
        return new Site(id, name, g.geometry(), f.get("geometry").toString(), area, threshold, soil, veg, properties, Instant.now());
    }

    public List<Site> list() { return sites.all(); }

    public Site get(String id) {
        return sites.byId(id).orElseThrow(() -> new NoSuchResourceException("site", id));
    }

    /** Deletes the site and its summaries. */
    public void delete(String id) {
        writeLock.run(() -> {
            if (!sites.delete(id)) throw new NoSuchResourceException("site", id);
        });
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (!n.isTextual() && !n.isNumber()) return null;
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static double number(JsonNode n, String field, double dflt) {
        if (n == null || n.isNull() || n.isMissingNode()) return dflt;
        if (!n.isNumber()) throw new InvalidInputException("invalid_field", field, field + " must be a number");
        return n.asDouble();
    }
}
