package greencover.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.core.index.CoverClasses;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorParameter;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import greencover.core.series.TrendTestKind;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.service.series.Composite;
import greencover.service.series.Harmonize;
import greencover.service.series.SeriesPoint;
import io.javalin.config.JavalinConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the server, generated from code rather than written by hand: the paths and methods
 * are the routes Javalin actually registered (collected through its {@code handlerAdded} event, so a new route
 * cannot be missing), their path parameters come from the route patterns, the statistics and series-point
 * schemas from {@link Statistic}, the index enum from the {@link SpectralIndices} registry, the composite, mode and
 * trend enums from {@link Composite}, {@link PixelRule} and the trendable statistics, and every REST error from
 * one {@code Error} schema. Summaries are documentation keyed by route; a route without one is still listed.
 * The document is built once, on first request, after every route is registered. Thread-safe.
 */
public final class OpenApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");
    /** A registered pattern documented under the path clients use. */
    private static final Map<String, String> DOCUMENTED_AS = Map.of("/tiles/{layer}/{z}/{x}/{y}", "/tiles/{layer}/{z}/{x}/{y}.png");
    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("GET /api/v1/sites", "Sites as a GeoJSON FeatureCollection with areaM2 and latest statistics"),
            Map.entry("POST /api/v1/sites", "Add sites from a GeoJSON Feature or FeatureCollection (Polygon/MultiPolygon)"),
            Map.entry("GET /api/v1/sites/{id}", "One site"),
            Map.entry("DELETE /api/v1/sites/{id}", "Delete a site and its statistics"),
            Map.entry("GET /api/v1/sites/{id}/timeseries", "Time series and Theil-Sen/Mann-Kendall trend"),
            Map.entry("GET /api/v1/sites/{id}/change", "Change between two years: green-cover change areas (ground m²), mean "
                    + "index change and cover-class transitions of the per-pixel composites, on pixels clear in both"),
            Map.entry("GET /api/v1/scenes", "Scenes, optionally ?site=&from=&to="),
            Map.entry("POST /api/v1/scenes", "Ingest a scene: multipart (file+bands or one part per role) or image/tiff body; "
                    + "sensor, acquired, name and the sensor's own fields"),
            Map.entry("GET /api/v1/scenes/{id}", "One scene"),
            Map.entry("DELETE /api/v1/scenes/{id}", "Delete a scene"),
            Map.entry("GET /api/v1/scenes/{id}/index.tif", "Index raster as GeoTIFF (?index=ndvi)"),
            Map.entry("POST /api/v1/statistics", "Statistics of an ad-hoc GeoJSON geometry over chosen scenes; nothing stored"),
            Map.entry("GET /api/v1/layers", "Map layers and their styles"),
            Map.entry("GET /api/v1/openapi.json", "This document"),
            Map.entry("GET /wms", "WMS 1.3.0 / 1.1.1"),
            Map.entry("GET /ows", "OGC services by SERVICE= (WMS or WMTS)"),
            Map.entry("GET /wmts", "WMTS 1.0.0 KVP"),
            Map.entry("GET /wmts/1.0.0/WMTSCapabilities.xml", "WMTS 1.0.0 REST capabilities"),
            Map.entry("GET /tiles/{layer}/{z}/{x}/{y}.png", "XYZ tiles ({y}@2x.png for 512 px)"),
            Map.entry("GET /tiles/{layer}/tilejson.json", "TileJSON 3.0.0"),
            Map.entry("GET /health", "Liveness and readiness: 200 while the server can serve, one warning per damaged scene"),
            Map.entry("GET /health/ready", "The same as /health"),
            Map.entry("GET /metrics", "Prometheus metrics"),
            Map.entry("GET /", "The map viewer"));

    private final String version;
    private final SpectralIndices indices;
    private final SensorProviders sensors;
    private final List<HandlerMetaInfo> routes = new ArrayList<>();
    private volatile String document;

    /**
     * A document of API version {@code version} whose index enum lists the keys of {@code indices}, and whose scene
     * upload lists the ids of {@code sensors} and each sensor's fields.
     */
    public OpenApi(String version, SpectralIndices indices, SensorProviders sensors) {
        this.version = version;
        this.indices = indices;
        this.sensors = sensors;
    }

    /** Records every route registered on {@code cfg} from now on; call before registering any. */
    public void collect(JavalinConfig cfg) {
        cfg.events.handlerAdded(info -> {
            synchronized (routes) {
                routes.add(info);
            }
        });
    }

    /** The document as JSON text. */
    public String json() {
        String d = document;
        if (d == null) {
            synchronized (this) {
                if (document == null) document = build().toString();
                d = document;
            }
        }
        return d;
    }

    private ObjectNode build() {
        ObjectNode root = JSON.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "GreenCover API");
        info.put("version", version);
        info.put("description", "Vegetation-cover statistics and maps for mine restoration sites. "
                + "Writes need 'Authorization: Bearer <token>'.");
        TreeMap<String, ObjectNode> paths = new TreeMap<>();
        List<HandlerMetaInfo> rs;
        synchronized (routes) {
            rs = List.copyOf(routes);
        }
        for (HandlerMetaInfo r : rs) {
            String method = method(r.getHttpMethod());
            if (method == null) continue;
            String path = openApiPath(r.getPath());
            ObjectNode item = paths.computeIfAbsent(path, p -> JSON.createObjectNode());
            if (!item.has(method)) item.set(method, operation(method, path));
        }
        ObjectNode p = root.putObject("paths");
        paths.forEach(p::set);
        root.set("components", components());
        return root;
    }

    private static String method(HandlerType t) {
        return switch (t.name()) {
            case "GET", "POST", "PUT", "DELETE", "PATCH" -> t.name().toLowerCase(Locale.ROOT);
            default -> null; // before/after filters, HEAD and OPTIONS (CORS preflight) are not operations
        };
    }

    /** {@code /a/{id}/<rest>} as OpenAPI writes it, {@code /a/{id}/{rest}}; some patterns under their public name. */
    static String openApiPath(String javalinPath) {
        String p = PARAM.matcher(javalinPath).replaceAll(m -> "{" + (m.group(1) != null ? m.group(1) : m.group(2)) + "}");
        return DOCUMENTED_AS.getOrDefault(p, p);
    }

    private ObjectNode operation(String method, String path) {
        ObjectNode op = JSON.createObjectNode();
        String key = method.toUpperCase(Locale.ROOT) + " " + path;
        String summary = SUMMARIES.get(key);
        if (summary != null) op.put("summary", summary);
        op.put("operationId", operationId(method, path));
        ArrayNode params = JSON.createArrayNode();
        Matcher m = PARAM.matcher(path);
        while (m.find()) {
            ObjectNode pp = params.addObject();
            pp.put("name", m.group(1));
            pp.put("in", "path");
            pp.put("required", true);
            pp.putObject("schema").put("type", "string");
        }
        ObjectNode responses = JSON.createObjectNode();
        if (key.equals("GET /api/v1/scenes/{id}/index.tif")) query(params, "index", "Spectral index", indexSchema());
        if (key.equals("POST /api/v1/scenes")) sceneUpload(op);
        if (key.equals("GET /api/v1/scenes")) {
            query(params, "site", "Only scenes intersecting this site", JSON.createObjectNode().put("type", "string"));
            query(params, "from", "First acquisition date included (YYYY-MM-DD)", JSON.createObjectNode().put("type", "string").put("format", "date"));
            query(params, "to", "Last acquisition date included (YYYY-MM-DD)", JSON.createObjectNode().put("type", "string").put("format", "date"));
        }
        if (key.equals("GET /api/v1/sites/{id}/timeseries")) {
            timeseriesParameters(params);
            ObjectNode ok = responses.putObject("200");
            ok.put("description", "The series (JSON), or its points as CSV with format=csv");
            ObjectNode content = ok.putObject("content");
            content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/TimeSeries");
            content.putObject("text/csv").putObject("schema").put("type", "string");
        } else if (key.equals("GET /api/v1/sites/{id}/change")) {
            changeParameters(params);
            ObjectNode ok = responses.putObject("200");
            ok.put("description", "The change (JSON), or one CSV row with format=csv");
            ObjectNode content = ok.putObject("content");
            content.putObject("application/json").putObject("schema").put("type", "object");
            content.putObject("text/csv").putObject("schema").put("type", "string");
        } else {
            responses.putObject("200").put("description", "OK");
        }
        if (path.startsWith("/api/")) {
            ObjectNode err = responses.putObject("default");
            err.put("description", "An error: 4xx for input the caller must fix, 5xx otherwise");
            err.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
        }
        if (!params.isEmpty()) op.set("parameters", params);
        op.set("responses", responses);
        return op;
    }

    /** The multipart fields of the upload: sensor (enum of the registry), acquired, name, then every sensor's own. */
    private void sceneUpload(ObjectNode op) {
        ObjectNode props = op.putObject("requestBody").putObject("content").putObject("multipart/form-data")
                .putObject("schema").put("type", "object").putObject("properties");
        props.set("sensor", enumSchema(sensors.ids()));
        props.putObject("acquired").put("type", "string").put("description", "ISO date or date-time (UTC)");
        props.putObject("name").put("type", "string");
        for (SensorProvider p : sensors.all()) {
            for (SensorParameter q : p.parameters()) {
                ObjectNode f = props.putObject(q.name());
                f.put("type", switch (q.type()) {
                    case NUMBER -> "number";
                    case INTEGER -> "integer";
                    case TEXT, INTEGER_LIST -> "string";
                });
                f.put("description", p.id() + ": " + q.description());
                if (q.defaultValue() != null) f.put("default", q.defaultValue());
            }
        }
    }

    private static String operationId(String method, String path) {
        StringBuilder b = new StringBuilder(method);
        for (String part : path.split("[^A-Za-z0-9]+")) {
            if (part.isEmpty()) continue;
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private void timeseriesParameters(ArrayNode params) {
        query(params, "index", "Spectral index", indexSchema());
        query(params, "from", "First acquisition date included (YYYY-MM-DD)", JSON.createObjectNode().put("type", "string").put("format", "date"));
        query(params, "to", "Last acquisition date included (YYYY-MM-DD)", JSON.createObjectNode().put("type", "string").put("format", "date"));
        query(params, "threshold", "Green threshold in [-1, 1]; default the site's greenThreshold",
                JSON.createObjectNode().put("type", "number").put("minimum", -1).put("maximum", 1));
        query(params, "minValid", "Clear fraction (clearFraction: valid land plus water) of an ok point, default 0.6",
                JSON.createObjectNode().put("type", "number").put("minimum", 0).put("maximum", 1));
        List<String> composites = new ArrayList<>();
        for (Composite c : Composite.values()) composites.add(c.key());
        query(params, "composite", "Annual composite (annual-median: each statistic's median, dated July 1; "
                + "annual-max: the maximum observation, the earliest on ties; pixel-max / pixel-median: per pixel the "
                + "greenest or median clear value of the year's scenes in the month window, dated the 1st of the window's "
                + "middle month)", enumSchema(composites));
        List<String> rules = new ArrayList<>();
        for (PixelRule r : PixelRule.values()) rules.add(r.key());
        query(params, "mode", "Which boundary pixels count", enumSchema(rules));
        query(params, "trend", "The statistic the trend is fitted on", enumSchema(Statistic.trendable().stream().map(Statistic::key).toList()));
        query(params, "trendTest", "Mann-Kendall variant (default mk: classic, for annual composites; seasonal-mk: Hirsch et al. 1982 "
                + "over calendar months with the seasonal Kendall slope, for raw seasonal series; hamed-rao: Hamed & Rao 1998 "
                + "variance correction for serial correlation). Values within a relative 1e-9 are ties.",
                enumSchema(TrendTestKind.keys()).put("default", TrendTestKind.MK.key()));
        query(params, "sensors", "Comma-separated sensor ids whose scenes enter (default all; '-' and '_' are ignored, so "
                + "landsat-c2-l2 = landsat-c2l2)", JSON.createObjectNode().put("type", "string"));
        List<String> harmonize = new ArrayList<>();
        for (Harmonize h : Harmonize.values()) harmonize.add(h.key());
        query(params, "harmonize", "HLS bandpass adjustment of Sentinel-2 (B8A) to Landsat OLI: auto (default) = hls when the "
                + "series mixes Landsat and adjusted Sentinel-2 scenes, else none; recorded per point as harmonization",
                enumSchema(harmonize).put("default", "auto"));
        query(params, "months", "Month window first-last within one calendar year, e.g. 5-9 (default 1-12; a wrapping window "
                + "such as 11-3 is refused)", JSON.createObjectNode().put("type", "string").put("pattern", "^\\d{1,2}(-\\d{1,2})?$"));
        query(params, "minObservations", "Fewest clear observations a pixel needs in composite=pixel-max|pixel-median (default 1)",
                JSON.createObjectNode().put("type", "integer").put("minimum", 1).put("maximum", 366));
        query(params, "format", "Response format", enumSchema(List.of("json", "csv")));
    }

    private void changeParameters(ArrayNode params) {
        ObjectNode year = JSON.createObjectNode().put("type", "string").put("pattern", "^\\d{4}$");
        query(params, "from", "First year (required; from <= to)", year.deepCopy());
        ((ObjectNode) params.get(params.size() - 1)).put("required", true);
        query(params, "to", "Second year (required)", year.deepCopy());
        ((ObjectNode) params.get(params.size() - 1)).put("required", true);
        query(params, "months", "Month window of both years, e.g. 5-9 (default 1-12; a wrapping window is refused)",
                JSON.createObjectNode().put("type", "string").put("pattern", "^\\d{1,2}(-\\d{1,2})?$"));
        query(params, "index", "Spectral index", indexSchema());
        query(params, "composite", "Per-pixel composite of each year (median or greenest clear value)",
                enumSchema(List.of(Composite.PIXEL_MEDIAN.key(), Composite.PIXEL_MAX.key())).put("default", Composite.PIXEL_MEDIAN.key()));
        query(params, "threshold", "Green threshold in [-1, 1]; default the site's greenThreshold",
                JSON.createObjectNode().put("type", "number").put("minimum", -1).put("maximum", 1));
        query(params, "format", "Response format", enumSchema(List.of("json", "csv")));
    }

    /** The registry's index keys, default ndvi. */
    private ObjectNode indexSchema() { return enumSchema(indices.keys()).put("default", "ndvi"); }

    private static void query(ArrayNode params, String name, String description, ObjectNode schema) {
        ObjectNode p = params.addObject();
        p.put("name", name);
        p.put("in", "query");
        p.put("description", description);
        p.set("schema", schema);
    }

    private static ObjectNode enumSchema(List<String> values) {
        ObjectNode s = JSON.createObjectNode().put("type", "string");
        ArrayNode e = s.putArray("enum");
        values.forEach(e::add);
        return s;
    }

    private static ObjectNode nullable(String type) {
        ObjectNode s = JSON.createObjectNode();
        s.putArray("type").add(type).add("null");
        return s;
    }

    private ObjectNode components() {
        ObjectNode schemas = JSON.createObjectNode();

        ObjectNode error = schemas.putObject("Error");
        error.put("type", "object");
        error.putArray("required").add("error").add("detail").add("status");
        ObjectNode ep = error.putObject("properties");
        ep.putObject("error").put("type", "string").put("description", "Stable machine code, lower snake case");
        ep.putObject("detail").put("type", "string").put("description", "What went wrong, for a human");
        ep.putObject("field").put("type", "string").put("description", "The input field at fault, when one is");
        ep.putObject("status").put("type", "integer").put("description", "The HTTP status");

        schemas.set("IndexKey", enumSchema(indices.keys()));

        ObjectNode stats = schemas.putObject("Statistics");
        stats.put("type", "object");
        ObjectNode sp = stats.putObject("properties");
        for (Statistic s : Statistic.all()) {
            ObjectNode f = nullable("number");
            f.put("description", s.description() + " [" + s.unit().symbol() + "]");
            sp.set(s.key(), f);
        }
        ObjectNode classes = sp.putObject("classAreasM2");
        classes.put("type", "object");
        classes.put("description", "Valid area per cover class [m2]");
        ObjectNode cp = classes.putObject("properties");
        for (String c : CoverClasses.NAMES) cp.set(c, nullable("number"));

        ObjectNode point = schemas.putObject("SeriesPoint");
        ArrayNode all = point.putArray("allOf");
        all.addObject().put("$ref", "#/components/schemas/Statistics");
        ObjectNode own = all.addObject();
        own.put("type", "object");
        ObjectNode op = own.putObject("properties");
        op.putObject("date").put("type", "string").put("format", "date");
        op.putObject("sceneIds").put("type", "array").putObject("items").put("type", "string");
        op.putObject("sensor").put("type", "string").put("description", "Sensor(s) of the point, joined by +");
        op.set("harmonization", enumSchema(List.of("hls", "none", "mixed")).put("description",
                "hls: on the Landsat OLI scale (HLS-adjusted Sentinel-2, or OLI itself); none: the sensor's own values"));
        op.putObject("notes").put("type", "array").put("description", "Why a point is empty or what it left out")
                .putObject("items").put("type", "string");
        List<String> qualities = new ArrayList<>();
        for (SeriesPoint.Quality q : SeriesPoint.Quality.values()) qualities.add(q.key());
        op.set("quality", enumSchema(qualities));
        ObjectNode flags = op.putObject("flags");
        flags.put("type", "array").put("description", "Present when a damaged scene would have counted in the point: "
                + "its part of the site is no data");
        flags.set("items", enumSchema(List.of(greencover.http.rest.SeriesJson.DAMAGED_SCENE)));

        ObjectNode series = schemas.putObject("TimeSeries");
        series.put("type", "object");
        ObjectNode tp = series.putObject("properties");
        tp.putObject("site").put("type", "string");
        tp.putObject("index").put("$ref", "#/components/schemas/IndexKey");
        tp.putObject("threshold").put("type", "number");
        tp.putObject("minValid").put("type", "number");
        List<String> composites = new ArrayList<>();
        for (Composite c : Composite.values()) composites.add(c.key());
        tp.set("composite", enumSchema(composites));
        List<String> rules = new ArrayList<>();
        for (PixelRule r : PixelRule.values()) rules.add(r.key());
        tp.set("mode", enumSchema(rules));
        tp.set("trendTest", enumSchema(TrendTestKind.keys()));
        tp.set("harmonize", enumSchema(List.of("hls", "none")));
        tp.set("sensors", nullable("array"));
        tp.putObject("months").put("type", "string");
        tp.putObject("minObservations").put("type", "integer");
        tp.putObject("points").put("type", "array").putObject("items").put("$ref", "#/components/schemas/SeriesPoint");
        ObjectNode damaged = tp.putObject("damagedScenes");
        damaged.put("type", "array").put("description", "Damaged scenes of the series' dates over the site, left out of its points");
        ObjectNode dp = damaged.putObject("items").put("type", "object").putObject("properties");
        dp.putObject("id").put("type", "string");
        dp.putObject("date").put("type", "string").put("format", "date");
        dp.putObject("reason").put("type", "string");
        ObjectNode trend = tp.putObject("trend");
        trend.put("type", "object");
        ObjectNode trp = trend.putObject("properties");
        trp.set("metric", enumSchema(Statistic.trendable().stream().map(Statistic::key).toList()));
        trp.set("slopePerYear", nullable("number"));
        trp.set("slopeLowerPerYear", nullable("number").put("description", "Lower limit of the slope's 95 % interval (Sen 1968)"));
        trp.set("slopeUpperPerYear", nullable("number").put("description", "Upper limit of the slope's 95 % interval (Sen 1968)"));
        trp.putObject("confidence").put("type", "number");
        trp.set("interceptValue", nullable("number"));
        trp.set("startDate", nullable("string"));
        trp.set("mannKendallZ", nullable("number"));
        trp.set("mannKendallP", nullable("number"));
        trp.putObject("n").put("type", "integer");
        trp.putObject("method").put("type", "string");
        trp.set("test", enumSchema(TrendTestKind.keys()));

        ObjectNode c = JSON.createObjectNode();
        c.set("schemas", schemas);
        return c;
    }
}
