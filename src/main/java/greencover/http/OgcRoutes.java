package greencover.http;

import greencover.http.ogc.OgcParams;
import greencover.http.ogc.wms.WmsController;
import greencover.http.ogc.wmts.WmtsController;
import greencover.http.ogc.xyz.LayersApi;
import greencover.http.ogc.xyz.XyzController;
import greencover.service.map.CachedMapRenderer;
import greencover.service.map.MapCache;
import greencover.service.map.MapData;
import greencover.service.map.MapRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.http.api.ApiRoutes;
import greencover.http.api.Route;
import greencover.http.api.Schemas;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Registers the map-serving routes (WMS, WMTS, XYZ, TileJSON, {@code /api/v1/layers}) on a Javalin configuration
 * (CORS is the server's, on every path: {@code http.semantics.Cors}). All routes are public reads and share
 * one {@link MapCache}. It lives above the protocol packages ({@code http.ogc.wms}, {@code .wmts}, {@code .xyz}),
 * which share {@code http.ogc}, so that no package depends on one that depends on it.
 *
 * <pre>
 * GET /wms, /ows                          WMS 1.3.0 / 1.1.1 KVP (/ows also dispatches SERVICE=WMTS)
 * GET /wmts                               WMTS 1.0.0 KVP
 * GET /wmts/1.0.0/WMTSCapabilities.xml    WMTS REST capabilities
 * GET /wmts/1.0.0/{layer}/{style}[/{time}]/{TileMatrixSet}/{z}/{row}/{col}.png
 * GET /tiles/{layer}/{z}/{x}/{y}.png      XYZ (also {y}@2x.png); ?time=&amp;style=&amp;composite=
 * GET /tiles/{layer}/tilejson.json        TileJSON 3.0.0
 * GET /api/v1/layers                      layers as JSON
 * </pre>
 */
public final class OgcRoutes {
    private static final String TILEJSON = "TileJson";
    private static final String LAYERS = "LayerList";
    private static final JsonNode OWS_EXCEPTION = Schemas.exampleText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<ExceptionReport xmlns=\"http://www.opengis.net/ows/1.1\" version=\"1.1.0\"><Exception exceptionCode=\"MissingParameterValue\" "
            + "locator=\"REQUEST\"><ExceptionText>REQUEST is required</ExceptionText></Exception></ExceptionReport>");

    private final MapCache cache;
    private final WmsController wms;
    private final WmtsController wmts;
    private final XyzController xyz;
    private final LayersApi layers;

    /** Serves maps of {@code renderer} over {@code data} with a {@link MapCache#DEFAULT_MAX_BYTES} cache. */
    public OgcRoutes(MapRenderer renderer, MapData data) {
        this(renderer, data, MapCache.DEFAULT_MAX_BYTES);
    }

    /** @param cacheMaxBytes the byte budget of the encoded-image cache (0 disables caching) */
    public OgcRoutes(MapRenderer renderer, MapData data, long cacheMaxBytes) {
        this(new CachedMapRenderer(renderer, data, new MapCache(cacheMaxBytes)));
    }

    /**
     * @param cacheMaxBytes the byte budget of the encoded-image cache (0 disables caching)
     * @param memory        the budget every uncached render reserves its working memory from
     */
    public OgcRoutes(MapRenderer renderer, MapData data, long cacheMaxBytes, greencover.service.admission.MemoryBudget memory) {
        this(new CachedMapRenderer(renderer, data, new MapCache(cacheMaxBytes), memory));
    }

    /** Serves the maps of {@code maps}. */
    public OgcRoutes(CachedMapRenderer maps) {
        this.cache = maps.cache();
        this.wms = new WmsController(maps);
        this.wmts = new WmtsController(maps);
        this.xyz = new XyzController(maps);
        this.layers = new LayersApi(maps);
    }

    /** The shared cache (for metrics: size, bytes, hits, misses). */
    public MapCache cache() { return cache; }

    /** Adds the routes to {@code cfg.routes} (without a document: for servers of the map routes alone). */
    public void register(JavalinConfig cfg) { register(new ApiRoutes(cfg.routes)); }

    /** Registers and describes the routes; a new route is one more {@code api.add(description, handler)}. */
    public void register(ApiRoutes api) {
        api.schema(TILEJSON, tileJsonSchema());
        api.schema(LAYERS, layersSchema());
        api.add(wmsParams(Route.get("/wms").tag("ogc").summary("WMS 1.3.0 and 1.1.1: GetCapabilities, GetMap, GetFeatureInfo, GetLegendGraphic")),
                wms::handle);
        api.add(wmsParams(Route.get("/ows").tag("ogc").summary("OGC services by SERVICE=: WMS (the default), or WMTS with the /wmts parameters")),
                this::ows);
        api.add(Route.get("/wmts").tag("ogc").summary("WMTS 1.0.0 KVP: GetCapabilities, GetTile, GetFeatureInfo")
                .description("QGIS's probe SERVICE=WMS&REQUEST=GetCapabilities is answered with the WMTS capabilities.")
                .requiredQuery("SERVICE", "WMTS (WMS for QGIS's probe)", Schemas.oneOf(List.of("WMTS", "WMS")), "WMTS")
                .requiredQuery("REQUEST", "The operation", Schemas.oneOf(List.of("GetCapabilities", "GetTile", "GetFeatureInfo")), "GetCapabilities")
                .query("VERSION", "1.0.0", Schemas.oneOf(List.of("1.0.0")))
                .query("LAYER", "Layer name (GetTile, GetFeatureInfo)", Schemas.string())
                .query("STYLE", "Style name", Schemas.string())
                .query("FORMAT", "image/png", Schemas.string())
                .query("TILEMATRIXSET", "WebMercatorQuad or WorldCRS84Quad", Schemas.oneOf(List.of("WebMercatorQuad", "WorldCRS84Quad")))
                .query("TILEMATRIX", "Zoom level", Schemas.string())
                .query("TILEROW", "Tile row", Schemas.integer())
                .query("TILECOL", "Tile column", Schemas.integer())
                .query("TIME", "Date, month, year or start/end", Schemas.string())
                .query("COMPOSITE", "Composite of a period", Schemas.oneOf(List.of("latest", "max")))
                .query("MONTHS", "Change layers: the month window of both periods, e.g. 5-9 (default 1-12)",
                        Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .query("I", "Pixel column in the tile (GetFeatureInfo)", Schemas.integer())
                .query("J", "Pixel row in the tile (GetFeatureInfo)", Schemas.integer())
                .query("INFOFORMAT", "GetFeatureInfo format", Schemas.string())
                .response(200, "Capabilities", "application/xml", Schemas.string(), null)
                .response(200, "A tile", "image/png", png(), null)
                .response(200, "Feature info", "application/json", Schemas.any(), null)
                .response(400, "An OWS ExceptionReport", "application/xml", Schemas.string(), OWS_EXCEPTION)
                .response(404, "An OWS ExceptionReport (tile outside the matrix)", "application/xml", Schemas.string(), OWS_EXCEPTION),
                wmts::handleKvp);
        api.add(Route.get("/wmts/1.0.0/WMTSCapabilities.xml").tag("ogc").summary("WMTS 1.0.0 REST capabilities")
                .response(200, "Capabilities", "application/xml", Schemas.string(), null), wmts::capabilitiesRest);
        api.add(wmtsTile(Route.get("/wmts/1.0.0/{layer}/{style}/{tms}/{z}/{y}/{x}").operationId("getWmtsTile")
                .summary("WMTS 1.0.0 REST tile: /{layer}/{style}/{TileMatrixSet}/{z}/{row}/{col}.png (TIME as a query parameter)")
                .query("TIME", "Date, month, year or start/end", Schemas.string())), wmts::tileRest);
        api.add(wmtsTile(Route.get("/wmts/1.0.0/{layer}/{style}/{time}/{tms}/{z}/{y}/{x}").operationId("getWmtsTileAtTime")
                .summary("WMTS 1.0.0 REST tile with the {Time} dimension: /{layer}/{style}/{time}/{TileMatrixSet}/{z}/{row}/{col}.png")
                .pathParam("time", "Date, month, year or start/end", Schemas.string(), "2024-06-01")), wmts::tileRest);
        api.add(Route.get("/tiles/{layer}/tilejson.json").tag("tiles").summary("TileJSON 3.0.0 of a layer")
                .pathParam("layer", "Layer name", Schemas.string(), "ndvi")
                .query("time", "Date, month, year or start/end (no data within 366 days is a 400)", Schemas.string())
                .query("style", "Style name", Schemas.string())
                .query("composite", "Composite of a period", Schemas.oneOf(List.of("latest", "max")))
                .query("months", "Change layers: the month window carried into the tile URL, e.g. 5-9", Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .json(200, "The TileJSON", Schemas.ref(TILEJSON), Schemas.example("{\"tilejson\":\"3.0.0\",\"name\":\"NDVI\","
                        + "\"scheme\":\"xyz\",\"tiles\":[\"http://localhost:8080/tiles/ndvi/{z}/{x}/{y}.png\"],\"minzoom\":0,\"maxzoom\":18,"
                        + "\"bounds\":[116.39,25.18,116.40,25.19],\"center\":[116.395,25.185,14],\"dates\":[\"2024-06-01\"],"
                        + "\"defaultDate\":\"2024-06-01\",\"styles\":[{\"name\":\"default\",\"title\":\"NDVI\"}],"
                        + "\"legend\":\"<img src=\\\"http://localhost:8080/wms?SERVICE=WMS&amp;REQUEST=GetLegendGraphic&amp;LAYER=ndvi\\\" alt=\\\"Legend: NDVI\\\">\"}"))
                .error(400, "An invalid parameter, or a time with no data")
                .error(404, "No such layer"), xyz::tileJson);
        api.add(Route.get("/tiles/{layer}/{z}/{x}/{y}").tag("tiles")
                .summary("XYZ tile of the WebMercatorQuad grid: /tiles/{layer}/{z}/{x}/{y}.png (256 px) or {y}@2x.png (512 px)")
                .pathParam("layer", "Layer name", Schemas.string(), "ndvi")
                .pathParam("z", "Zoom level, 0 to 24", Schemas.pattern("^\\d{1,2}$"), "0")
                .pathParam("x", "Tile column", Schemas.pattern("^\\d{1,10}$"), "0")
                .pathParam("y", "Tile row followed by .png, or by @2x.png for 512 px", Schemas.pattern("^\\d{1,10}(@2x)?\\.png$"), "0.png")
                .query("time", "Date, month, year or start/end", Schemas.string())
                .query("style", "Style name", Schemas.string())
                .query("composite", "Composite of a period", Schemas.oneOf(List.of("latest", "max")))
                .query("months", "Change layers: the month window of both periods, e.g. 5-9 (the change route's months; default 1-12)",
                        Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .response(200, "The tile (transparent where there is no data)", "image/png", png(), null)
                .empty(304, "Not modified (If-None-Match)")
                .error(400, "An invalid parameter")
                .error(404, "No such layer, or a tile outside the grid"), xyz::tile);
        api.add(Route.get("/api/v1/layers").tag("tiles").summary("Map layers (styles, dates, bounds, tile URLs) and the registered indices")
                .json(200, "The layers", Schemas.ref(LAYERS), Schemas.example("{\"layers\":[{\"name\":\"ndvi\",\"title\":\"NDVI\","
                        + "\"abstract\":\"Normalized difference vegetation index\",\"styles\":[{\"name\":\"default\",\"title\":\"NDVI\","
                        + "\"legend\":\"/wms?SERVICE=WMS&REQUEST=GetLegendGraphic&VERSION=1.3.0&FORMAT=image/png&LAYER=ndvi&STYLE=default\"}],"
                        + "\"dates\":[\"2024-06-01\"],\"defaultDate\":\"2024-06-01\",\"bounds\":[116.39,25.18,116.40,25.19],"
                        + "\"nativeEpsg\":32650,\"queryable\":true,\"tiles\":\"/tiles/ndvi/{z}/{x}/{y}.png\","
                        + "\"tilejson\":\"/tiles/ndvi/tilejson.json\"}],\"indices\":[{\"key\":\"ndvi\",\"title\":\"NDVI\","
                        + "\"bands\":[\"red\",\"nir\"]}]}")), layers::list);
    }

    private static ObjectNode png() { return Schemas.string().put("contentMediaType", "image/png"); }

    private static Route wmsParams(Route r) {
        return r.requiredQuery("REQUEST", "The operation", Schemas.oneOf(List.of("GetCapabilities", "GetMap", "GetFeatureInfo", "GetLegendGraphic")),
                        "GetCapabilities")
                .query("SERVICE", "WMS (on /ows: WMS or WMTS)", Schemas.oneOf(List.of("WMS", "WMTS")))
                .query("VERSION", "1.3.0 (default) or 1.1.1", Schemas.oneOf(List.of("1.3.0", "1.1.1")))
                .query("LAYERS", "Comma-separated layer names; <site>:<layer> for a site's own copy", Schemas.string())
                .query("STYLES", "Comma-separated style names; empty for each layer's default", Schemas.string())
                .query("CRS", "1.3.0: EPSG:3857, EPSG:4326 (latitude first), CRS:84, or a scene's UTM zone", Schemas.string())
                .query("SRS", "1.1.1: as CRS, longitude first", Schemas.string())
                .query("BBOX", "minx,miny,maxx,maxy in the CRS's axis order", Schemas.string())
                .query("WIDTH", "Image width in pixels", Schemas.integer(1, 4096))
                .query("HEIGHT", "Image height in pixels", Schemas.integer(1, 4096))
                .query("FORMAT", "image/png or image/jpeg", Schemas.string())
                .query("TRANSPARENT", "TRUE or FALSE", Schemas.string())
                .query("BGCOLOR", "0xRRGGBB", Schemas.string())
                .query("TIME", "A date (the nearest with data within 366 days), a month 2024-06, a year 2024, or start/end; "
                        + "the TIME used is in the GreenCover-Time response header", Schemas.string())
                .query("COMPOSITE", "Composite of a period: the latest clear pixel, or the maximum", Schemas.oneOf(List.of("latest", "max")))
                .query("MONTHS", "Change layers: the month window of both periods, e.g. 5-9 (the change route's months; default 1-12)",
                        Schemas.pattern("^\\d{1,2}(-\\d{1,2})?$"))
                .query("EXCEPTIONS", "XML, INIMAGE or BLANK", Schemas.string())
                .query("QUERY_LAYERS", "GetFeatureInfo: the layers queried", Schemas.string())
                .query("INFO_FORMAT", "GetFeatureInfo: application/json (GeoJSON), application/vnd.greencover.results+json, text/plain, "
                        + "text/html", Schemas.string())
                .query("I", "GetFeatureInfo 1.3.0: pixel column", Schemas.integer())
                .query("J", "GetFeatureInfo 1.3.0: pixel row", Schemas.integer())
                .query("X", "GetFeatureInfo 1.1.1: pixel column", Schemas.integer())
                .query("Y", "GetFeatureInfo 1.1.1: pixel row", Schemas.integer())
                .query("LAYER", "GetLegendGraphic: the layer", Schemas.string())
                .query("STYLE", "GetLegendGraphic: the style", Schemas.string())
                .response(200, "Capabilities (text/xml in 1.3.0, application/vnd.ogc.wms_xml in 1.1.1)", "text/xml", Schemas.string(), null)
                .response(200, "A map", "image/png", png(), null)
                .response(200, "A map", "image/jpeg", Schemas.string().put("contentMediaType", "image/jpeg"), null)
                .response(200, "Feature info as a GeoJSON FeatureCollection, one Point feature per queried layer", "application/json",
                        Schemas.any(), null)
                .response(400, "A ServiceExceptionReport (text/xml in 1.3.0, application/vnd.ogc.se_xml in 1.1.1)", "text/xml",
                        Schemas.string(), Schemas.exampleText("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ServiceExceptionReport "
                                + "xmlns=\"http://www.opengis.net/ogc\" version=\"1.3.0\"><ServiceException code=\"LayerNotDefined\" "
                                + "locator=\"LAYERS\">Layer 'x' is not defined</ServiceException></ServiceExceptionReport>"));
    }

    private static Route wmtsTile(Route r) {
        return r.tag("ogc")
                .pathParam("layer", "Layer name", Schemas.string(), "ndvi")
                .pathParam("style", "Style name (default for the layer's default)", Schemas.string(), "default")
                .pathParam("tms", "TileMatrixSet", Schemas.oneOf(List.of("WebMercatorQuad", "WorldCRS84Quad")), "WebMercatorQuad")
                .pathParam("z", "TileMatrix (zoom level)", Schemas.pattern("^\\d{1,2}$"), "0")
                .pathParam("y", "TileRow", Schemas.pattern("^\\d{1,10}$"), "0")
                .pathParam("x", "TileCol followed by .png", Schemas.pattern("^\\d{1,10}(\\.png)?$"), "0.png")
                .response(200, "The tile (transparent where there is no data)", "image/png", png(), null)
                .empty(304, "Not modified (If-None-Match)")
                .response(400, "An OWS ExceptionReport", "application/xml", Schemas.string(), OWS_EXCEPTION)
                .response(404, "An OWS ExceptionReport (tile outside the matrix, or no such layer)", "application/xml", Schemas.string(), OWS_EXCEPTION);
    }

    private static ObjectNode tileJsonSchema() {
        ObjectNode bounds = Schemas.array(Schemas.number()).put("minItems", 4).put("maxItems", 4);
        return Schemas.object().description("TileJSON 3.0.0, with the layer's dates and styles")
                .req("tilejson", Schemas.oneOf(List.of("3.0.0")))
                .req("tiles", Schemas.array(Schemas.string()))
                .prop("name", Schemas.string())
                .prop("description", Schemas.string())
                .prop("version", Schemas.string())
                .prop("attribution", Schemas.string())
                .prop("scheme", Schemas.oneOf(List.of("xyz")))
                .prop("minzoom", Schemas.integer(0, 30))
                .prop("maxzoom", Schemas.integer(0, 30))
                .prop("bounds", bounds)
                .prop("center", Schemas.array(Schemas.number()).put("minItems", 3).put("maxItems", 3))
                .prop("dates", Schemas.array(Schemas.date()))
                .prop("defaultDate", Schemas.nullable("string"))
                .prop("styles", Schemas.array(Schemas.object().req("name", Schemas.string()).req("title", Schemas.string()).build()))
                .prop("legend", Schemas.string("HTML: the legend image of the style"))
                .build();
    }

    private static ObjectNode layersSchema() {
        ObjectNode layer = Schemas.object()
                .req("name", Schemas.string())
                .req("title", Schemas.string())
                .prop("abstract", Schemas.nullable("string"))
                .req("styles", Schemas.array(Schemas.object().req("name", Schemas.string()).req("title", Schemas.string())
                        .prop("legend", Schemas.string("GetLegendGraphic URL")).build()))
                .req("dates", Schemas.array(Schemas.date()))
                .prop("defaultDate", Schemas.nullable("string"))
                .prop("bounds", Schemas.nullableArray(Schemas.number()).put("description", "WGS84 minLon, minLat, maxLon, maxLat"))
                .prop("nativeEpsg", Schemas.nullable("integer"))
                .prop("queryable", Schemas.bool())
                .prop("tiles", Schemas.string("XYZ URL template"))
                .prop("tilejson", Schemas.string("TileJSON URL"))
                .build();
        ObjectNode index = Schemas.object().req("key", Schemas.string()).req("title", Schemas.string())
                .req("bands", Schemas.array(Schemas.string())).build();
        return Schemas.object().req("layers", Schemas.array(layer)).req("indices", Schemas.array(index)).build();
    }

    private void ows(Context ctx) {
        OgcParams p = OgcParams.of(ctx.queryParamMap());
        if ("WMTS".equalsIgnoreCase(p.getNonBlank("SERVICE"))) {
            wmts.handleKvp(ctx, p);
        } else {
            wms.handle(ctx, p);
        }
    }
}
