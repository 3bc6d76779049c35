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
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

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

    /** Adds the routes to {@code cfg.routes}. */
    public void register(JavalinConfig cfg) {
        var r = cfg.routes;
        r.get("/wms", wms::handle);
        r.get("/ows", this::ows);
        r.get("/wmts", wmts::handleKvp);
        r.get("/wmts/1.0.0/WMTSCapabilities.xml", wmts::capabilitiesRest);
        r.get("/wmts/1.0.0/{layer}/{style}/{tms}/{z}/{y}/{x}", wmts::tileRest);
        r.get("/wmts/1.0.0/{layer}/{style}/{time}/{tms}/{z}/{y}/{x}", wmts::tileRest);
        r.get("/tiles/{layer}/tilejson.json", xyz::tileJson);
        r.get("/tiles/{layer}/{z}/{x}/{y}", xyz::tile);
        r.get("/api/v1/layers", layers::list);
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
