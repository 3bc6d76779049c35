package greencover.http.ogc.wms;

import greencover.http.ogc.FeatureInfoWriter;
import greencover.http.ogc.MapParams;
import greencover.http.ogc.MapResponses;
import greencover.http.ogc.OgcParams;
import greencover.service.map.CachedImage;
import greencover.service.map.CachedMapRenderer;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapRequestException;
import greencover.service.map.MapRequestException.Reason;
import greencover.service.map.PointInfo;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves WMS 1.3.0 and 1.1.1 at {@code GET /wms}: GetCapabilities, GetMap, GetFeatureInfo and
 * GetLegendGraphic. Parameter names are case-insensitive; every failure is answered by {@link WmsErrors}.
 */
public final class WmsController {
    private static final Logger LOG = LoggerFactory.getLogger(WmsController.class);

    private final CachedMapRenderer maps;
    private final FeatureInfoWriter infoWriter = new FeatureInfoWriter();

    public WmsController(CachedMapRenderer maps) {
        if (maps == null) throw new IllegalArgumentException("maps must not be null");
        this.maps = maps;
    }

    /** Handles {@code GET /wms}. */
    public void handle(Context ctx) {
        handle(ctx, OgcParams.of(ctx.queryParamMap()));
    }

    /** Handles a WMS request whose parameters are already read (also used by {@code /ows}). */
    public void handle(Context ctx, OgcParams p) {
        String request = p.getNonBlank("REQUEST");
        try {
            String service = p.getNonBlank("SERVICE");
            if (service != null && !service.equalsIgnoreCase("WMS")) {
                throw OgcParams.invalid("SERVICE", "Invalid 'SERVICE' parameter: " + service + ". Expected WMS");
            }
            switch (p.require("REQUEST").toLowerCase(Locale.ROOT)) {
                case "getcapabilities", "capabilities" -> capabilities(ctx, p);
                case "getmap", "map" -> getMap(ctx, p);
                case "getfeatureinfo", "feature_info" -> featureInfo(ctx, p);
                case "getlegendgraphic" -> legend(ctx, p);
                default -> throw new MapRequestException(Reason.OPERATION_NOT_SUPPORTED, "REQUEST",
                        "Invalid 'REQUEST' parameter: " + request
                        + ". Allowed: GetCapabilities, GetMap, GetFeatureInfo, GetLegendGraphic");
            }
        } catch (RuntimeException e) {
            WmsErrors.write(ctx, p, request, e);
        }
    }

    private void capabilities(Context ctx, OgcParams p) {
        WmsVersion version = WmsVersion.negotiate(p.getNonBlank("VERSION") != null ? p.get("VERSION")
                : p.getNonBlank("WMTVER"));
        String url = MapResponses.baseUrl(ctx) + "/wms";
        String format = p.getNonBlank("FORMAT");
        String type = "text/xml".equalsIgnoreCase(format) ? "text/xml" : version.capabilitiesContentType();
        List<MapLayer> layers = maps.layers();
        long seq = maps.dataVersion();
        CachedImage doc = maps.document("wms-capabilities|" + version.text() + '|' + url, type,
                () -> new WmsCapabilities(version, url, layers, this::legendSize).toBytes(seq));
        MapResponses.write(ctx, doc);
    }

    private int[] legendSize(String layer, String style) {
        try {
            // in memory: ImageIO's default stream caches in a temporary file, and reads must work on a full disk
            BufferedImage img = ImageIO.read(new javax.imageio.stream.MemoryCacheImageInputStream(
                    new ByteArrayInputStream(maps.legend(layer, style).bytes())));
            return img == null ? null : new int[] {img.getWidth(), img.getHeight()};
        } catch (Exception e) {   // a style without a legend: no LegendURL
            LOG.debug("no legend for {}/{}: {}", layer, style, e.toString());
            return null;
        }
    }

    private void getMap(Context ctx, OgcParams p) {
        WmsGetMapRequest r = WmsGetMapRequest.from(p, maps.layers());
        String etag = CachedMapRenderer.etagOf(maps.keyOf(r.layers()));
        if (MapResponses.notModified(ctx, etag)) return;
        MapResponses.write(ctx, maps.render(r.layers()));
    }

    private void featureInfo(Context ctx, OgcParams p) {
        WmsGetFeatureInfoRequest r = WmsGetFeatureInfoRequest.from(p, maps.layers());
        List<String> names = new ArrayList<>();
        List<PointInfo> infos = new ArrayList<>();
        for (MapRequest q : r.queryLayers()) {
            names.add(q.layer());
            infos.add(maps.pointInfo(q, r.i(), r.j()));
        }
        String type = r.infoFormat().startsWith("text/") ? r.infoFormat() + "; charset=utf-8" : r.infoFormat();
        ctx.header("Cache-Control", "public, max-age=" + MapResponses.MAX_AGE_S);
        String times = String.join(",", infos.stream().map(PointInfo::time).filter(java.util.Objects::nonNull).toList());
        if (!times.isEmpty()) ctx.header(greencover.http.semantics.Cors.TIME_HEADER, times);
        ctx.status(200).contentType(type).result(infoWriter.write(r.infoFormat(), names, infos));
    }

    private void legend(Context ctx, OgcParams p) {
        MapLayer layer = WmsGetMapRequest.layers(p.require("LAYER"), maps.layers(), "LAYER").get(0);
        String style = MapParams.style(p.getNonBlank("STYLE"), layer, "STYLE");
        String format = p.getNonBlank("FORMAT");
        if (format != null && MapParams.format(format, "FORMAT") != ImageFormat.PNG) {
            throw new MapRequestException(Reason.INVALID_FORMAT, "FORMAT", "Invalid 'FORMAT' parameter: " + format
                    + ". Legends are image/png");
        }
        MapResponses.write(ctx, maps.legend(layer.name(), style));
    }
}
