package greencover.http.ogc.wmts;

import greencover.core.tiles.TileMatrixSet;
import greencover.http.ogc.FeatureInfoWriter;
import greencover.http.ogc.MapParams;
import greencover.http.ogc.MapResponses;
import greencover.http.ogc.OgcParams;
import greencover.http.ogc.TileRequest;
import greencover.service.map.CachedMapRenderer;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Serves WMTS 1.0.0: KVP at {@code GET /wmts} (GetCapabilities, GetTile, GetFeatureInfo) and RESTful at
 * {@code /wmts/1.0.0/WMTSCapabilities.xml} and
 * {@code /wmts/1.0.0/{layer}/{style}[/{time}]/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png}.
 * Every failure is answered by {@link WmtsErrors}.
 */
public final class WmtsController {
    private final CachedMapRenderer maps;
    private final FeatureInfoWriter infoWriter = new FeatureInfoWriter();

    public WmtsController(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /wmts} (KVP). */
    public void handleKvp(Context ctx) {
        handleKvp(ctx, OgcParams.of(ctx.queryParamMap()));
    }

    /** Handles a WMTS KVP request whose parameters are already read (also used by {@code /ows}). */
    public void handleKvp(Context ctx, OgcParams p) {
        guard(ctx, () -> {
            String service = p.getNonBlank("SERVICE");
            // QGIS probes every OGC URL with SERVICE=WMS&REQUEST=GetCapabilities and reads whichever document comes back
            if ("WMS".equalsIgnoreCase(service) && "GetCapabilities".equalsIgnoreCase(p.getNonBlank("REQUEST"))) {
                capabilities(ctx);
                return;
            }
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
                default -> throw new MapRequestException(Reason.OPERATION_NOT_SUPPORTED, "REQUEST",
                        "Invalid 'REQUEST' parameter: " + request + ". Allowed: GetCapabilities, GetTile, GetFeatureInfo");
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
        List<MapLayer> layers = maps.layers().stream().filter(l -> l.site() == null).toList(); // per-site copies: WMS only
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
        String s = MapParams.style(style, layer, "STYLE");
        TileMatrixSet tms = TileRequest.matrixSet(tmsId).orElseThrow(() -> OgcParams.invalid("TILEMATRIXSET",
                "Invalid 'TILEMATRIXSET' parameter: " + tmsId + ". Allowed: WebMercatorQuad, WorldCRS84Quad"));
        if (MapParams.format(format, "FORMAT") != ImageFormat.PNG) {
            throw new MapRequestException(Reason.INVALID_FORMAT, "FORMAT", "Invalid 'FORMAT' parameter: " + format
                    + ". Allowed: image/png");
        }
        long[] zcr = TileRequest.position(tms, zoom, row, col);
        return new TileRequest(layer, s, MapParams.time(time, layer, "TIME"), MapParams.composite(composite,
                "COMPOSITE"), tms, (int) zcr[0], zcr[1], zcr[2], tms.tileSize());
    }

    private void tile(Context ctx, TileRequest t) {
        List<MapRequest> r = List.of(withMonths(t, OgcParams.of(ctx.queryParamMap())));
        if (MapResponses.notModified(ctx, CachedMapRenderer.etagOf(maps.keyOf(r)))) return;
        MapResponses.write(ctx, maps.render(r));
    }

    /** The map request of {@code t} with the change layers' vendor MONTHS of {@code p}. */
    private static MapRequest withMonths(TileRequest t, OgcParams p) {
        return t.toMapRequest().withMonths(MapParams.months(p.getNonBlank("MONTHS"), "MONTHS"));
    }

    private void featureInfo(Context ctx, OgcParams p) {
        TileRequest t = kvpTile(p, false);
        String info = p.getNonBlank("INFOFORMAT");
        if (info != null && !info.equalsIgnoreCase("application/json")) {
            throw OgcParams.invalid("INFOFORMAT", "Invalid 'INFOFORMAT' parameter: " + info
                    + ". Allowed: application/json");
        }
        int i = pixel(p, "I"), j = pixel(p, "J");
        var result = maps.pointInfo(withMonths(t, p), i, j);
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
            throw new MapRequestException(Reason.POINT_OUT_OF_RANGE, name, "Invalid '" + name + "' parameter: " + n
                    + ". Expected 0 to " + (TileMatrixSet.WEB_MERCATOR_QUAD.tileSize() - 1));
        }
        return n;
    }

    private void guard(Context ctx, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            WmtsErrors.write(ctx, e);
        }
    }
}
