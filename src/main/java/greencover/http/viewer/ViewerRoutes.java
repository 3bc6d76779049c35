package greencover.http.viewer;

import greencover.http.api.ApiRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web viewer from the classpath: {@code GET /} and {@code /viewer/} (index.html),
 * {@code /viewer/config.js} (the optional base map: {@code window.GREENCOVER_BASEMAP}),
 * {@code /viewer/{file}} (app.js, style.css), {@code /viewer/lib/leaflet/<path>} (Leaflet 1.9.4 dist: leaflet.js,
 * leaflet.css, images/...) and {@code /viewer/lib/chart.umd.js} (Chart.js 4.4.1). Only files that exist under
 * those roots with a known extension are served; anything else is 404. Files found are read once and kept.
 */
public final class ViewerRoutes {
    private static final String VIEWER = "viewer/";
    private static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist/";
    private static final String CHART = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "map", "application/json");

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final byte[] config;

    /** A viewer without a base map: only GreenCover's own layers (works with no internet access). */
    public ViewerRoutes() {
        this(null);
    }

    /**
     * A viewer that shows {@code basemapUrl}, an XYZ URL template such as
     * {@code https://tile.openstreetmap.org/{z}/{x}/{y}.png}, under GreenCover's layers; null or blank for none.
     */
    public ViewerRoutes(String basemapUrl) {
        String url = basemapUrl == null ? "" : basemapUrl.strip();
        if (!url.isEmpty() && !(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("/"))) {
            throw new IllegalArgumentException("basemapUrl must be an http(s) or root-relative URL template but was " + url);
        }
        String js = url.isEmpty() ? "// No base map configured (GREENCOVER_BASEMAP).\n"
                : "window.GREENCOVER_BASEMAP = " + jsString(url) + ";\n";
        this.config = js.getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the viewer routes to {@code cfg.routes} (for servers of the viewer alone). */
    public void register(JavalinConfig cfg) { register(new ApiRoutes(cfg.routes)); }

    /** Adds the viewer routes to {@code api}, as assets: routed, and left out of the OpenAPI document. */
    public void register(ApiRoutes api) {
        api.asset("/viewer/config.js", ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.status(200).contentType(TYPES.get("js")).result(config);
        });
        api.asset("/", ctx -> serve(ctx, VIEWER + "index.html", false));
        api.asset("/viewer", ctx -> serve(ctx, VIEWER + "index.html", false));   // also "/viewer/"
        api.asset("/viewer/lib/chart.umd.js", ctx -> serve(ctx, CHART, true));
        api.asset("/viewer/lib/leaflet/<path>", ctx -> serve(ctx, LEAFLET + ctx.pathParam("path"), true));
        api.asset("/viewer/{file}", ctx -> serve(ctx, VIEWER + ctx.pathParam("file"), false));
    }

    private void serve(Context ctx, String resource, boolean library) {
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        boolean allowed = TYPES.containsKey(ext) && !resource.contains("..") && !resource.contains("//")
                && !resource.contains("\\");
        byte[] bytes = allowed ? files.get(resource) : null;
        if (allowed && bytes == null) {
            bytes = read(resource);
            if (bytes != null) files.put(resource, bytes);   // only hits are kept, so the map stays small
        }
        if (bytes == null) {
            ctx.status(404).contentType("text/plain").result("Not found");
            return;
        }
        ctx.header("Cache-Control", library ? "public, max-age=86400" : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType(TYPES.getOrDefault(ext, "application/octet-stream")).result(bytes);
    }

    /** {@code s} as a double-quoted JavaScript string literal, safe inside a script file. */
    static String jsString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** The bytes of a classpath resource, or null when missing. */
    private static byte[] read(String resource) {
        try (InputStream in = ViewerRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
