package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.index.Fvc;
import greencover.domain.Scene;
import greencover.domain.SceneFile;
import greencover.domain.Site;
import greencover.core.zonal.PixelRule;
import greencover.service.GeoJson;
import greencover.service.SceneService;
import greencover.service.error.InvalidInputException;
import greencover.service.series.TimeSeries;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The REST API under {@code /api/v1}: sites, scenes, time series, ad-hoc statistics. Handlers parse, call a service, write. */
public final class RestApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Services services;
    private final AppConfig config;

    public RestApi(Services services, AppConfig config) {
        this.services = services;
        this.config = config;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/sites", this::listSites);
        cfg.routes.post("/api/v1/sites", this::addSites);
        cfg.routes.get("/api/v1/sites/{id}", this::getSite);
        cfg.routes.delete("/api/v1/sites/{id}", this::deleteSite);
        cfg.routes.get("/api/v1/sites/{id}/timeseries", this::timeseries);
        cfg.routes.get("/api/v1/scenes", this::listScenes);
        cfg.routes.post("/api/v1/scenes", this::ingest);
        cfg.routes.get("/api/v1/scenes/{id}", this::getScene);
        cfg.routes.delete("/api/v1/scenes/{id}", this::deleteScene);
        cfg.routes.get("/api/v1/scenes/{id}/index.tif", this::exportIndex);
        cfg.routes.post("/api/v1/statistics", this::statistics);
    }

    // ---- sites -------------------------------------------------------------------------------------

    private void listSites(Context ctx) {
        ObjectNode fc = JSON.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode fs = fc.putArray("features");
        for (Site s : services.sites().list()) fs.add(feature(s));
        json(ctx, 200, fc);
    }

    private ObjectNode feature(Site s) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "Feature");
        f.put("id", s.id());
        f.set("properties", JSON.valueToTree(SiteJson.properties(s, services.siteSummaries().of(s))));
        f.set("geometry", GeoJson.write(s.wgs84()));
        return f;
    }

    private void addSites(Context ctx) {
        JsonNode body = parseJson(ctx);
        List<Site> added = services.sites().add(body);
        if (body.path("type").asText().equals("Feature")) {
            json(ctx, 201, feature(added.get(0)));
        } else {
            ObjectNode fc = JSON.createObjectNode();
            fc.put("type", "FeatureCollection");
            ArrayNode fs = fc.putArray("features");
            for (Site s : added) fs.add(feature(s));
            json(ctx, 201, fc);
        }
    }

    private void getSite(Context ctx) { json(ctx, 200, feature(services.sites().get(ctx.pathParam("id")))); }

    private void deleteSite(Context ctx) {
        services.sites().delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    private void timeseries(Context ctx) {
        TimeSeries ts = services.series().timeseries(ctx.pathParam("id"), SeriesQueryParams.parse(ctx, services.indices()));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> json(ctx, 200, SeriesJson.of(ts));
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ts.siteId() + "-" + ts.index() + ".csv\"");
                ctx.status(200).contentType("text/csv; charset=utf-8").result(Csv.of(ts));
            }
            default -> throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
    }

    // ---- scenes ------------------------------------------------------------------------------------

    private void listScenes(Context ctx) {
        List<Object> out = new ArrayList<>();
        for (Scene s : services.scenes().list(ctx.queryParam("site"), date(ctx, "from"), date(ctx, "to"))) out.add(sceneJson(s));
        json(ctx, 200, Map.of("scenes", out));
    }

    static Map<String, Object> sceneJson(Scene s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("sensor", s.sensor());
        m.put("acquired", s.acquiredAt().toString());
        m.put("date", s.date().toString());
        m.put("crs", "EPSG:" + s.epsg());
        m.put("width", s.grid().width());
        m.put("height", s.grid().height());
        m.put("pixelSizeM", s.grid().pixelWidth());
        m.put("bbox", new double[] {s.grid().minX(), s.grid().minY(), s.grid().maxX(), s.grid().maxY()});
        var e = s.footprintWgs84().getEnvelopeInternal();
        m.put("bboxWgs84", new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()});
        Map<String, String> settings = s.sensorSettings();
        if (settings.containsKey("processingBaseline")) {
            m.put("processingBaseline", settings.get("processingBaseline"));
            m.put("baselineRule", settings.get("baselineRule"));
        }
        m.put("offsetDn", Integer.parseInt(settings.getOrDefault("offsetDn", "0")));
        m.put("bands", s.bands());
        m.put("indices", s.indices());
        m.put("validFraction", s.validFraction());
        m.put("cloudFraction", s.cloudFraction());
        m.put("contentHash", s.contentHash());
        return m;
    }

    private void ingest(Context ctx) {
        try (Uploads up = new Uploads(config.dataDir().resolve("tmp"), config.maxUploadBytes())) {
            SceneService.IngestResult r = services.scenes().ingest(up.read(ctx), null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scene", sceneJson(r.scene()));
            m.put("duplicate", r.duplicate());
            m.put("statistics", StatisticsJson.ofScenes(r.statistics()));
            json(ctx, r.duplicate() ? 200 : 201, m);
        }
    }

    private void getScene(Context ctx) { json(ctx, 200, sceneJson(services.scenes().get(ctx.pathParam("id")))); }

    private void deleteScene(Context ctx) {
        services.scenes().delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    private void exportIndex(Context ctx) throws Exception {
        String index = ctx.queryParam("index") == null ? "ndvi" : ctx.queryParam("index");
        SceneFile f = services.scenes().indexFile(ctx.pathParam("id"), index);
        ctx.header("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("id") + "-" + index + ".tif\"");
        ctx.contentType("image/tiff");
        ctx.result(f.open());
    }

    private void statistics(Context ctx) {
        JsonNode body = parseJson(ctx);
        JsonNode geom = body.has("geometry") ? body.get("geometry") : null;
        if (geom != null && "Feature".equals(geom.path("type").asText())) geom = geom.get("geometry");
        if (geom == null && "Feature".equals(body.path("type").asText())) geom = body.get("geometry");
        if (geom == null) throw new InvalidInputException("missing_field", "geometry", "geometry (a GeoJSON Polygon or MultiPolygon) is required");
        GeoJson.Parsed g = GeoJson.polygonal(geom, body.get("crs"), "geometry");
        List<String> scenes = new ArrayList<>();
        JsonNode sc = body.get("scenes");
        if (sc != null && !sc.isNull()) {
            if (!sc.isArray()) throw new InvalidInputException("invalid_field", "scenes", "scenes must be an array of scene ids");
            sc.forEach(n -> scenes.add(n.asText()));
        }
        double threshold = body.has("threshold") ? numberField(body, "threshold") : 0.3;
        double soil = body.has("ndviSoil") ? numberField(body, "ndviSoil") : Fvc.DEFAULT_NDVI_SOIL;
        double veg = body.has("ndviVeg") ? numberField(body, "ndviVeg") : Fvc.DEFAULT_NDVI_VEG;
        if (!(soil < veg)) throw new InvalidInputException("invalid_field", "ndviSoil", "ndviSoil must be below ndviVeg");
        if (!(soil >= -1)) throw InvalidInputException.invalid("ndviSoil", "ndviSoil must be in [-1, 1] but was " + soil);
        if (!(veg <= 1)) throw InvalidInputException.invalid("ndviVeg", "ndviVeg must be in [-1, 1] but was " + veg);
        Fvc fvc = new Fvc(soil, veg);
        String index = body.path("index").asText("ndvi");
        String mode = body.path("mode").asText("exact");
        PixelRule rule = SeriesQueryParams.rule(mode, "mode");
        var results = services.adHocStatistics().statistics(g.geometry(), scenes,
                SeriesQueryParams.index(index, services.indices()), threshold, fvc, rule);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("threshold", threshold);
        m.put("mode", mode);
        m.put("results", StatisticsJson.ofScenes(results));
        json(ctx, 200, m);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static double numberField(JsonNode body, String f) {
        JsonNode n = body.get(f);
        if (!n.isNumber()) throw new InvalidInputException("invalid_field", f, f + " must be a number");
        return n.asDouble();
    }

    static JsonNode parseJson(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) throw new InvalidInputException("invalid_json", "body", "the request body is empty; send GeoJSON");
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new InvalidInputException("invalid_json", "body", "the body is not valid JSON: " + e.getMessage());
        }
    }

    public static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static LocalDate date(Context ctx, String name) { return SeriesQueryParams.date(ctx, name); }
}
