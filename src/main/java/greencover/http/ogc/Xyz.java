package greencover.http.ogc;

import greencover.core.tiles.TileMatrixSet;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.map.MapException;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves XYZ tiles of the WebMercatorQuad grid at {@code GET /tiles/{layer}/{z}/{x}/{y}.png} (256 px) and
 * {@code {y}@2x.png} (512 px), with optional {@code time}, {@code style} and {@code composite} query parameters,
 * and their TileJSON at {@code GET /tiles/{layer}/tilejson.json}. Errors are JSON {@code {"error", "detail",
 * "status"}}: 404 for an unknown layer or a tile outside the grid (negative, x or y ≥ 2^z, z > 24), 400 for
 * other bad parameters. An in-range tile without data is a transparent PNG.
 */
public final class Xyz {
    private static final Logger LOG = LoggerFactory.getLogger(Xyz.class);
    private static final Pattern INT = Pattern.compile("-?\\d{1,10}");
    private static final Pattern Y = Pattern.compile("(-?\\d{1,10})(@2x)?\\.png");

    private final CachedMapRenderer maps;
    private final ObjectMapper json = new ObjectMapper();

    public Xyz(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /tiles/{layer}/{z}/{x}/{y}} where y is "N.png" or "N@2x.png". */
    public void tile(Context ctx) {
        MapResponses.cors(ctx);
        try {
            TileRequest t = parse(ctx.pathParam("layer"), ctx.pathParam("z"), ctx.pathParam("x"),
                    ctx.pathParam("y"), OgcParams.of(ctx.queryParamMap()));
            List<MapRequest> r = List.of(t.toMapRequest());
            if (MapResponses.notModified(ctx, CachedMapRenderer.etagOf(maps.keyOf(r)))) return;
            MapResponses.write(ctx, maps.render(r));
        } catch (MapException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            LOG.error("XYZ tile {} failed", ctx.path(), e);
            error(ctx, 500, "NoApplicableCode", "Internal error while rendering the tile");
        }
    }

    /**
     * Parses an XYZ tile address.
     *
     * @throws MapException LayerNotDefined or TileOutOfRange (both answered 404), StyleNotDefined or
     *     InvalidParameterValue (400)
     */
    TileRequest parse(String layerName, String z, String x, String y, OgcParams query) {
        MapLayer layer = maps.layer(layerName).orElseThrow(() -> new MapException("LayerNotDefined", "layer",
                "Layer '" + layerName + "' is not defined. Layers: "
                        + String.join(", ", maps.layers().stream().map(MapLayer::name).toList())));
        Matcher ym = Y.matcher(y);
        if (!INT.matcher(z).matches() || !INT.matcher(x).matches() || !ym.matches()) {
            throw new MapException("TileOutOfRange", "tile", "Not a tile address: " + z + "/" + x + "/" + y
                    + ". Expected /{z}/{x}/{y}.png or {y}@2x.png with integers");
        }
        long zz = Long.parseLong(z), xx = Long.parseLong(x), yy = Long.parseLong(ym.group(1));
        TileMatrixSet tms = TileMatrixSet.WEB_MERCATOR_QUAD;
        if (zz < 0 || zz > tms.maxZoom() || !tms.isValid((int) zz, xx, yy)) {
            throw new MapException("TileOutOfRange", "tile", "Tile " + z + "/" + x + "/" + ym.group(1)
                    + " is outside the grid: z must be 0 to " + tms.maxZoom() + ", x and y 0 to 2^z - 1");
        }
        String style = WmsGetMapRequest.style(query.getNonBlank("style"), layer, "style");
        String composite = WmsGetMapRequest.composite(query.getNonBlank("composite"));
        int size = ym.group(2) != null ? 2 * tms.tileSize() : tms.tileSize();
        return new TileRequest(layer, style, query.getNonBlank("time"), composite, tms, (int) zz, xx, yy, size);
    }

    /** Handles {@code GET /tiles/{layer}/tilejson.json}. */
    public void tileJson(Context ctx) {
        MapResponses.cors(ctx);
        try {
            String name = ctx.pathParam("layer");
            MapLayer layer = maps.layer(name).orElseThrow(() -> new MapException("LayerNotDefined", "layer",
                    "Layer '" + name + "' is not defined"));
            OgcParams q = OgcParams.of(ctx.queryParamMap());
            String style = WmsGetMapRequest.style(q.getNonBlank("style"), layer, "style");
            String composite = WmsGetMapRequest.composite(q.getNonBlank("composite"));
            String base = MapResponses.baseUrl(ctx);
            String time = q.getNonBlank("time");
            String key = "tilejson|" + base + '|' + name + '|' + style + '|' + time + '|' + composite;
            MapResponses.write(ctx, maps.document(key, "application/json",
                    () -> TileJson.of(layer, base, style, time, composite, json)));
        } catch (MapException e) {
            fail(ctx, e);
        }
    }

    private void fail(Context ctx, MapException e) {
        int status = switch (e.code()) {
            case "LayerNotDefined", "TileOutOfRange" -> 404;
            case "NoApplicableCode" -> 500;
            default -> 400;
        };
        LOG.debug("XYZ rejected {}: {} {}", ctx.path(), e.code(), e.getMessage());
        error(ctx, status, e.code(), e.getMessage());
    }

    private void error(Context ctx, int status, String code, String detail) {
        ctx.header("Cache-Control", "no-store");
        greencover.http.rest.ApiError.send(ctx, status, code, detail, null);
    }
}
