package greencover.http.ogc;

import greencover.core.tiles.TileMatrixSet;
import greencover.service.map.MapException;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves WMTS 1.0.0: KVP at {@code GET /wmts} (GetCapabilities, GetTile, GetFeatureInfo) and RESTful at
 * {@code /wmts/1.0.0/WMTSCapabilities.xml} and
 * {@code /wmts/1.0.0/{layer}/{style}[/{time}]/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png}.
 * Errors are OWS ExceptionReports (see {@link WmtsExceptionReport} for statuses).
 */
public final class Wmts {
    private static final Logger LOG = LoggerFactory.getLogger(Wmts.class);

    private final CachedMapRenderer maps;
    private final FeatureInfoWriter infoWriter = new FeatureInfoWriter();

    public Wmts(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /wmts} (KVP). */
    public void handleKvp(Context ctx) {
        handleKvp(ctx, OgcParams.of(ctx.queryParamMap()));
    }

    void handleKvp(Context ctx, OgcParams p) {
        guard(ctx, () -> {
            String service = p.getNonBlank("SERVICE");
            if (service != null && !service.equalsIgnoreCase("WMTS")) {
                throw OgcParams.invalid("SERVICE", "Invalid 'SERVICE' parameter: " + service + ". Expected WMTS");
            }
            String version = p.getNonBlank("VERSION");
            String request = p.require("REQUEST");
            if (version != null && !version.equals("1.0.0") && !request.equalsIgnoreCase("GetCapabilities")) {
                throw OgcParams.invalid("VERSION", "Invalid 'VERSION' parameter: " + version + ". Expected 1.0.0");
            }
            switch (request.toLowerCase(Locale.ROOT)) {
                case "getcapabilities" -> capabilities(ctx);
                case "gettile" -> tile(ctx, kvpTile(p, true));
                case "getfeatureinfo" -> featureInfo(ctx, p);
                default -> throw new MapException("OperationNotSupported", "REQUEST", "Invalid 'REQUEST' parameter: "
                        + request + ". Allowed: GetCapabilities, GetTile, GetFeatureInfo");
            }
        });
    }

    /** Handles {@code GET /wmts/1.0.0/WMTSCapabilities.xml}. */
    public void capabilitiesRest(Context ctx) {
        guard(ctx, () -> capabilities(ctx));
    }

    /** Handles the REST tile routes (path parameters layer, style, [time], tms, z, y, x). */
    public void tileRest(Context ctx) {
        guard(ctx, () -> {
            var path = ctx.pathParamMap();
            String time = path.get("time");
            if (time == null) time = OgcParams.of(ctx.queryParamMap()).getNonBlank("TIME");
            String x = stripPng(path.get("x"));
            tile(ctx, tileRequest(path.get("layer"), path.get("style"), time, null, path.get("tms"),
                    path.get("z"), path.get("y"), x, "image/png"));
        });
    }

    private static String stripPng(String x) {
        return x.toLowerCase(Locale.ROOT).endsWith(".png") ? x.substring(0, x.length() - 4) : x;
    }

    private void capabilities(Context ctx) {
        String base = MapResponses.baseUrl(ctx);
        List<MapLayer> layers = maps.layers();
        MapResponses.write(ctx, maps.document("wmts-capabilities|" + base, "application/xml",
                () -> new WmtsCapabilities(base, layers).toBytes()));
    }

    /** Reads GetTile parameters; FORMAT is optional (PNG) for GetFeatureInfo, which names no tile format. */
    private TileRequest kvpTile(OgcParams p, boolean formatRequired) {
        String format = formatRequired || p.getNonBlank("FORMAT") != null ? p.require("FORMAT") : "image/png";
        return tileRequest(p.require("LAYER"), p.get("STYLE"), p.getNonBlank("TIME"), p.getNonBlank("COMPOSITE"),
                p.require("TILEMATRIXSET"), p.require("TILEMATRIX"), p.require("TILEROW"), p.require("TILECOL"),
                format);
    }

    private TileRequest tileRequest(String layerName, String style, String time, String composite, String tmsId,
            String zoom, String row, String col, String format) {
        MapLayer layer = maps.layer(layerName).orElseThrow(() -> OgcParams.invalid("LAYER",
                "Invalid 'LAYER' parameter: " + layerName + " is not a layer"));
        String s = WmsGetMapRequest.style(style, layer, "STYLE");
        TileMatrixSet tms = TileRequest.matrixSet(tmsId).orElseThrow(() -> OgcParams.invalid("TILEMATRIXSET",
                "Invalid 'TILEMATRIXSET' parameter: " + tmsId + ". Allowed: WebMercatorQuad, WorldCRS84Quad"));
        if (!format.equalsIgnoreCase("image/png") && !format.equalsIgnoreCase("png")) {
            throw OgcParams.invalid("FORMAT", "Invalid 'FORMAT' parameter: " + format + ". Allowed: image/png");
        }
        long[] zcr = TileRequest.position(tms, zoom, row, col);
        return new TileRequest(layer, s, time, WmsGetMapRequest.composite(composite), tms, (int) zcr[0], zcr[1],
                zcr[2], tms.tileSize());
    }

    private void tile(Context ctx, TileRequest t) {
        List<MapRequest> r = List.of(t.toMapRequest());
        if (MapResponses.notModified(ctx, CachedMapRenderer.etagOf(maps.keyOf(r)))) return;
        MapResponses.write(ctx, maps.render(r));
    }

    private void featureInfo(Context ctx, OgcParams p) {
        TileRequest t = kvpTile(p, false);
        String info = p.getNonBlank("INFOFORMAT");
        if (info != null && !info.equalsIgnoreCase("application/json")) {
            throw OgcParams.invalid("INFOFORMAT", "Invalid 'INFOFORMAT' parameter: " + info
                    + ". Allowed: application/json");
        }
        int i = pixel(p, "I"), j = pixel(p, "J");
        var result = maps.pointInfo(t.toMapRequest(), i, j);
        MapResponses.cors(ctx);
        ctx.status(200).contentType("application/json")
                .result(infoWriter.write("application/json", List.of(t.layer().name()), List.of(result)));
    }

    private static int pixel(OgcParams p, String name) {
        String v = p.require(name);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw OgcParams.invalid(name, "Invalid '" + name + "' parameter: " + v + ". Expected an integer");
        }
        if (n < 0 || n >= TileMatrixSet.WEB_MERCATOR_QUAD.tileSize()) {
            throw new MapException("PointIJOutOfRange", name, "Invalid '" + name + "' parameter: " + n
                    + ". Expected 0 to " + (TileMatrixSet.WEB_MERCATOR_QUAD.tileSize() - 1));
        }
        return n;
    }

    private void guard(Context ctx, Runnable action) {
        MapResponses.cors(ctx);
        try {
            action.run();
        } catch (MapException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            LOG.error("WMTS request failed: {}?{}", ctx.path(), ctx.queryString(), e);
            fail(ctx, new MapException("NoApplicableCode", null, "Internal error while serving the request"));
        }
    }

    private static void fail(Context ctx, MapException e) {
        int status = WmtsExceptionReport.statusOf(WmtsExceptionReport.wmtsCode(e.code()));
        if (status < 500) LOG.debug("WMTS rejected: {} {}", e.code(), e.getMessage());
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(WmtsExceptionReport.CONTENT_TYPE).result(WmtsExceptionReport.xml(e));
    }
}
