package greencover.http;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.domain.DuplicateKeyException;
import greencover.domain.StoreException;
import greencover.service.BadRequestException;
import greencover.service.error.ConflictException;
import greencover.service.error.GreenCoverException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.PayloadTooLargeException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server over already-wired {@link Services}: REST API, OGC services, tiles and viewer on one Javalin
 * app, with bearer-token auth on writes, one error mapping for every failure, a log line per request, and
 * {@code /health} and {@code /metrics}. It wires no services and reads no environment: {@code serve} and the
 * tests build {@link AppConfig} and {@link Services} and pass them to {@link #create} in the same way.
 */
public final class GreenCoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(GreenCoverServer.class);

    private GreenCoverServer() {}

    public static Javalin create(AppConfig config, Services services) {
        AtomicLong requests = new AtomicLong(), errors4xx = new AtomicLong(), errors5xx = new AtomicLong();
        OpenApi openApi = new OpenApi("0.1.0", services.indices());
        return Javalin.create(cfg -> {
            openApi.collect(cfg);
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes(); // JSON bodies; uploads are streamed with their own bound
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.jetty.multipartConfig.cacheDirectory(config.dataDir().resolve("tmp").toAbsolutePath().toString());
            cfg.requestLogger.http((ctx, ms) -> {
                requests.incrementAndGet();
                int st = ctx.statusCode();
                if (st >= 500) errors5xx.incrementAndGet();
                else if (st >= 400) errors4xx.incrementAndGet();
                LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), st, Math.round(ms));
            });
            cfg.routes.before("/api/*", ctx -> authorize(ctx, config.token()));
            new RestApi(services, config).register(cfg);
            registerOgc(cfg, services, config);
            cfg.routes.get("/health", ctx -> RestApi.json(ctx, 200, java.util.Map.of("status", "ok",
                    "scenes", services.mapData().scenes().size(), "sites", services.mapData().sites().size())));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(
                    "# TYPE greencover_http_requests_total counter\ngreencover_http_requests_total " + requests.get() + "\n"
                    + "# TYPE greencover_http_client_errors_total counter\ngreencover_http_client_errors_total " + errors4xx.get() + "\n"
                    + "# TYPE greencover_http_server_errors_total counter\ngreencover_http_server_errors_total " + errors5xx.get() + "\n"
                    + "# TYPE greencover_scenes gauge\ngreencover_scenes " + services.mapData().scenes().size() + "\n"
                    + "# TYPE greencover_sites gauge\ngreencover_sites " + services.mapData().sites().size() + "\n"));
            cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi.json()));
            cfg.routes.exception(BadRequestException.class, (e, ctx) -> ApiError.send(ctx, e.status(), e.code(), e.getMessage(), e.field()));
            cfg.routes.exception(GreenCoverException.class, (e, ctx) -> ApiError.send(ctx, e instanceof NoSuchResourceException ? 404
                    : e instanceof PayloadTooLargeException ? 413 : e instanceof ConflictException ? 409 : 400, e.code(), e.getMessage(), e.field()));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> ApiError.send(ctx, 400, "invalid_argument", e.getMessage(), null));
            cfg.routes.exception(DuplicateKeyException.class, (e, ctx) ->
                    ApiError.send(ctx, 409, "conflict", "already stored (written concurrently?); reload and retry", null));
            cfg.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.error("catalog failure on {} {}", ctx.method(), ctx.path(), e);
                ApiError.send(ctx, 503, "storage_unavailable", "the catalog could not be read or written; try again", null);
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                ApiError.send(ctx, 500, "internal_error", "an unexpected error occurred; it has been logged", null);
            });
            cfg.http.prefer405over404 = true;
            cfg.routes.error(404, ctx -> {
                // our handlers' own 404s already carry a JSON or OGC body; Javalin's default text does not
                String body = ctx.result();
                if (body == null || body.isEmpty() || !(body.startsWith("{") || body.startsWith("<"))) {
                    ApiError.send(ctx, 404, "not_found", "no such resource: " + ctx.method() + " " + ctx.path(), null);
                }
            });
            cfg.routes.error(405, ctx -> ApiError.send(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
        });
    }

    private static void registerOgc(JavalinConfig cfg, Services services, AppConfig config) {
        new greencover.http.ogc.OgcRoutes(services.maps(), services.mapData(), config.tileCacheBytes()).register(cfg);
        new greencover.http.viewer.ViewerRoutes(config.basemapUrl()).register(cfg);
    }

    /** Writes (anything but GET/HEAD/OPTIONS, and the read-only statistics POST) need the bearer token. */
    private static void authorize(Context ctx, String token) {
        HandlerType m = ctx.method();
        if (m == HandlerType.GET || m == HandlerType.HEAD || m == HandlerType.OPTIONS) return;
        if (m == HandlerType.POST && ctx.path().equals("/api/v1/statistics")) return;
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        boolean ok = given != null && token != null
                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"greencover\"");
            throw new BadRequestException(401, given == null ? "missing_token" : "invalid_token", "Authorization",
                    given == null ? "writes need 'Authorization: Bearer <token>' (the token from GREENCOVER_TOKEN or printed at first start)"
                                  : "the bearer token is not valid");
        }
    }
}
