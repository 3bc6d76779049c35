package greencover.http.ogc;

import greencover.service.map.CachedImage;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes map responses with the caching headers every read gets: {@code Cache-Control}, a strong {@code ETag}
 * with {@code If-None-Match} answered by 304, and {@code Last-Modified}. CORS is added for all map routes at once
 * ({@code http.PublicReadCors}).
 */
public final class MapResponses {
    /** How long clients and proxies may reuse a map, in seconds (short: ingest can change a map). */
    public static final int MAX_AGE_S = 300;

    private MapResponses() {}

    /**
     * Answers 304 with the caching headers when the request's {@code If-None-Match} holds {@code etag}.
     *
     * @return true when answered (the caller must not write a body)
     */
    public static boolean notModified(Context ctx, String etag) {
        String inm = ctx.header("If-None-Match");
        if (inm == null || !matches(inm, etag)) return false;
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, max-age=" + MAX_AGE_S);
        ctx.status(304);
        return true;
    }

    /**
     * Writes {@code image} with status 200 (or 304 when the client has it), and {@code X-Cache: HIT} when it came
     * from the server's cache, {@code MISS} when it was made for this request.
     */
    public static void write(Context ctx, CachedImage image) {
        ctx.header("X-Cache", image.cached() ? "HIT" : "MISS");
        if (notModified(ctx, image.etag())) return;
        ctx.header("ETag", image.etag());
        ctx.header("Cache-Control", "public, max-age=" + MAX_AGE_S);
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(image.producedAtMillis()).atOffset(ZoneOffset.UTC)));
        ctx.status(200).contentType(image.contentType()).result(image.bytes());
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals("*") || tag.equals(etag)) return true;
        }
        return false;
    }

    /**
     * The server's base URL as the client sees it (scheme://host[:port], no trailing slash), honouring
     * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} from a reverse proxy.
     */
    public static String baseUrl(Context ctx) {
        String proto = first(ctx.header("X-Forwarded-Proto"));
        String host = first(ctx.header("X-Forwarded-Host"));
        if (host == null) host = ctx.header("Host");
        if (host == null || !host.matches("[A-Za-z0-9.\\-_:\\[\\]]{1,255}")) host = "localhost";
        String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto) ? proto.toLowerCase()
                : ctx.scheme();
        return scheme + "://" + host;
    }

    /**
     * The WMS GetLegendGraphic URL of a layer's style, as WMS capabilities, WMTS capabilities, TileJSON and the
     * layers API link it.
     *
     * @param wmsUrl the WMS endpoint, absolute or relative ({@code /wms})
     * @param version the WMS version written in the URL ("1.3.0", "1.1.1")
     */
    public static String legendUrl(String wmsUrl, String version, String layer, String style) {
        return wmsUrl + "?SERVICE=WMS&VERSION=" + version + "&REQUEST=GetLegendGraphic&FORMAT=image/png"
                + "&LAYER=" + URLEncoder.encode(layer, StandardCharsets.UTF_8)
                + "&STYLE=" + URLEncoder.encode(style, StandardCharsets.UTF_8);
    }

    private static String first(String header) {
        if (header == null || header.isBlank()) return null;
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
