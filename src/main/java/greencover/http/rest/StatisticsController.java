package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.core.index.Fvc;
import greencover.core.index.SpectralIndices;
import greencover.core.zonal.PixelRule;
import greencover.geojson.GeoJsonCodec;
import greencover.service.series.AdHocStatisticsService;
import greencover.service.error.InvalidInputException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/statistics}: statistics of an ad-hoc polygon over stored scenes, nothing stored. The body has
 * {@code geometry} (a GeoJSON Polygon or MultiPolygon, or a Feature holding one; the body itself may be the
 * Feature), optional {@code crs}, {@code scenes} (ids; all intersecting when absent), {@code index} (ndvi),
 * {@code threshold} (0.3), {@code ndviSoil} and {@code ndviVeg} (the FVC defaults) and {@code mode} (exact).
 * Anyone may call it, so its body is bounded in size and in the time it may take to arrive ({@link RequestBodies}).
 */
final class StatisticsController {
    private final AdHocStatisticsService adHoc;
    private final SpectralIndices indices;
    private final RequestBodies bodies;
    private final long maxBodyBytes;

    /**
     * @param bodies       reads the anonymous body within its deadline (408 past it)
     * @param maxBodyBytes the largest body taken, in bytes (413 above)
     */
    StatisticsController(AdHocStatisticsService adHoc, SpectralIndices indices, RequestBodies bodies, long maxBodyBytes) {
        this.adHoc = adHoc;
        this.indices = indices;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
    }

    void statistics(Context ctx) {
        JsonNode body = RestJson.parse(bodies.text(ctx, maxBodyBytes));
        JsonNode geom = body.has("geometry") ? body.get("geometry") : null;
        if (geom != null && "Feature".equals(geom.path("type").asText())) geom = geom.get("geometry");
        if (geom == null && "Feature".equals(body.path("type").asText())) geom = body.get("geometry");
        if (geom == null) throw new InvalidInputException("missing_field", "geometry", "geometry (a GeoJSON Polygon or MultiPolygon) is required");
        GeoJsonCodec.Polygonal g = GeoJsonCodec.polygonal(geom, body.get("crs"), "geometry");
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
        String index = body.path("index").asText("ndvi");
        String mode = body.path("mode").asText("exact");
        PixelRule rule = SeriesQueryParams.rule(mode, "mode");
        var results = adHoc.statistics(g.wgs84(), scenes, SeriesQueryParams.index(index, indices), threshold, new Fvc(soil, veg), rule);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("threshold", threshold);
        m.put("mode", mode);
        m.put("results", StatisticsJson.ofScenes(results));
        RestJson.write(ctx, 200, m);
    }

    private static double numberField(JsonNode body, String f) {
        JsonNode n = body.get(f);
        if (!n.isNumber()) throw new InvalidInputException("invalid_field", f, f + " must be a number");
        return n.asDouble();
    }
}
