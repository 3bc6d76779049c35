package greencover.http;

import io.javalin.config.JavalinConfig;
import java.util.List;

/**
 * CORS for the public map reads (WMS, WMTS, XYZ, TileJSON, the layer list), through Javalin's CORS plugin: any
 * origin, {@code ETag} and {@code Last-Modified} exposed, preflights cached for a day. The REST API is left out:
 * its writes are not meant for other origins.
 *
 * <p>Two things the plugin does not do are added here, in the same place. A preflight is answered 204 (the plugin
 * answers 200 when no OPTIONS route exists). A read without an {@code Origin} header also gets
 * {@code Access-Control-Allow-Origin: *}: the plugin leaves such responses without the header and without
 * {@code Vary: Origin}, so a shared cache (a CDN in front of the tiles) could store one and later serve it to a
 * browser's cross-origin request, which would then be refused.
 */
final class PublicReadCors {
    /** Seconds a browser may cache a preflight answer. */
    static final int MAX_AGE_S = 86400;

    private PublicReadCors() {}

    /** Enables CORS on {@code paths} (Javalin path patterns such as {@code /tiles/*}). */
    static void register(JavalinConfig cfg, List<String> paths) {
        cfg.bundledPlugins.enableCors(cors -> {
            for (String path : paths) {
                cors.addRule(rule -> {
                    rule.path = path;
                    rule.anyHost();
                    rule.exposeHeader("ETag");
                    rule.exposeHeader("Last-Modified");
                    rule.maxAge = MAX_AGE_S;
                });
            }
        });
        for (String path : paths) {
            cfg.routes.options(path, ctx -> ctx.status(204));
            cfg.routes.after(path, ctx -> {
                if (ctx.header("Origin") == null) {
                    ctx.header("Access-Control-Allow-Origin", "*");
                    ctx.header("Access-Control-Expose-Headers", "ETag, Last-Modified");
                }
            });
        }
    }
}
