package greencover.http.ogc.xyz;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.tiles.TileMatrixSet;
import greencover.http.ogc.MapParams;
import greencover.http.ogc.MapResponses;
import greencover.http.ogc.OgcParams;
import greencover.http.ogc.TileRequest;
import greencover.service.map.CachedMapRenderer;
import greencover.service.map.Composite;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves XYZ tiles of the WebMercatorQuad grid at {@code GET /tiles/{layer}/{z}/{x}/{y}.png} (256 px) and
 * {@code {y}@2x.png} (512 px), with optional {@code time}, {@code style} and {@code composite} query parameters,
 * and their TileJSON at {@code GET /tiles/{layer}/tilejson.json}. Every failure is answered by {@link XyzErrors}:
 * JSON, 404 for an unknown layer or a tile outside the grid (negative, x or y ≥ 2^z, z > 24), 400 for other bad
 * parameters. An in-range tile without data is a transparent PNG.
 */
public final class XyzController {    private static final Pattern INT = Pattern.compile("-?\\d{1,10}");
    private static final Pattern Y = Pattern.compile("(-?\\d{1,10})(@2x)?\\.png");

    private final CachedMapRenderer maps;
    private final ObjectMapper json = new ObjectMapper();

    public XyzController(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /tiles/{layer}/{z}/{x}/{y}} where y is "N.png" or "N@2x.png". */
    public void tile(Context ctx) {
        try {
            TileRequest t = parse(ctx.pathParam("layer"), ctx.pathParam("z"), ctx.pathParam("x"),
                    ctx.pathParam("y"), OgcParams.of(ctx.queryParamMap()));
            List<MapRequest> r = List.of(t.toMapRequest().withMonths(MapParams.months(
                    OgcParams.of(ctx.queryParamMap()).getNonBlank("months"), "months")));
            if (MapResponses.notModified(ctx, CachedMapRenderer.etagOf(maps.keyOf(r)))) return;
            MapResponses.write(ctx, maps.render(r));
        } catch (RuntimeException e) {
            XyzErrors.write(ctx, e);
        }
    }

    /**
     * Parses an XYZ tile address.
     *
     * @throws MapRequestException LAYER_NOT_DEFINED, TILE_OUT_OF_RANGE, STYLE_NOT_DEFINED, INVALID_TIME or
     *     INVALID_PARAMETER
     */
    TileRequest parse(String layerName, String z, String x, String y, OgcParams query) {
        MapLayer layer = maps.layer(layerName).orElseThrow(() -> new MapRequestException(Reason.LAYER_NOT_DEFINED, "layer",
                "Layer '" + layerName + "' is not defined. Layers: "
                        + String.join(", ", maps.layers().stream().map(MapLayer::name).toList())));
        Matcher ym = Y.matcher(y);
        if (!INT.matcher(z).matches() || !INT.matcher(x).matches() || !ym.matches()) {
            throw new MapRequestException(Reason.TILE_OUT_OF_RANGE, "tile", "Not a tile address: " + z + "/" + x + "/" + y
                    + ". Expected /{z}/{x}/{y}.png or {y}@2x.png with integers");
        }
        long zz = Long.parseLong(z), xx = Long.parseLong(x), yy = Long.parseLong(ym.group(1));
        TileMatrixSet tms = TileMatrixSet.WEB_MERCATOR_QUAD;
        if (zz < 0 || zz > tms.maxZoom() || !tms.isValid((int) zz, xx, yy)) {
            throw new MapRequestException(Reason.TILE_OUT_OF_RANGE, "tile", "Tile " + z + "/" + x + "/" + ym.group(1)
                    + " is outside the grid: z must be 0 to " + tms.maxZoom() + ", x and y 0 to 2^z - 1");
        }
        String style = MapParams.style(query.getNonBlank("style"), layer, "style");
        Composite composite = MapParams.composite(query.getNonBlank("composite"), "composite");
        int size = ym.group(2) != null ? 2 * tms.tileSize() : tms.tileSize();
        return new TileRequest(layer, style, MapParams.time(query.getNonBlank("time"), layer, "time"), composite, tms,
                (int) zz, xx, yy, size);
    }

    /** Handles {@code GET /tiles/{layer}/tilejson.json}. */
    public void tileJson(Context ctx) {
        try {
            String name = ctx.pathParam("layer");
            MapLayer layer = maps.layer(name).orElseThrow(() -> new MapRequestException(Reason.LAYER_NOT_DEFINED, "layer",
                    "Layer '" + name + "' is not defined"));
            OgcParams q = OgcParams.of(ctx.queryParamMap());
            String style = MapParams.style(q.getNonBlank("style"), layer, "style");
            String composite = q.getNonBlank("composite") == null ? null
                    : MapParams.composite(q.getNonBlank("composite"), "composite").key();
            String base = MapResponses.baseUrl(ctx);
            String time = q.getNonBlank("time");
            if (time != null && !greencover.service.map.MapRenderer.hasData(layer.dates(), MapParams.time(time, layer, "time"))) {
                throw new MapRequestException(Reason.INVALID_TIME, "time", "layer " + name + " has no data for time "
                        + time + " (nor within " + greencover.service.map.MapRenderer.NEAREST_TOLERANCE_DAYS + " days)");
            }
            String months = q.getNonBlank("months") == null ? null : MapParams.months(q.getNonBlank("months"), "months").toString();
            String key = "tilejson|" + base + '|' + name + '|' + style + '|' + time + '|' + composite + '|' + months;
            MapResponses.write(ctx, maps.document(key, "application/json",
                    () -> TileJson.of(layer, base, style, time, composite, months, json)));
        } catch (RuntimeException e) {
            XyzErrors.write(ctx, e);
        }
    }
}
