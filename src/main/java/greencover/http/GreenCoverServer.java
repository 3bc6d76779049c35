package greencover.http;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.http.rest.BearerAuth;
import greencover.http.rest.RestApi;
import greencover.http.rest.RestErrors;
import greencover.http.rest.RestJson;
import greencover.http.semantics.Cors;
import greencover.http.semantics.HeadAsGet;
import greencover.http.semantics.HttpSemantics;
import greencover.http.semantics.ReadResponses;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server over already-wired {@link Services}: REST API, OGC services, tiles and viewer on one Javalin
 * app, with bearer-token auth on writes, method-override headers ignored
 * ({@link MethodOverrideFilter}), one error mapping for every failure (Java
 * {@link Error}s included: {@link JavaErrors}), a log line per request, and
 * {@code /health} and {@code /metrics}. It wires no services and reads no environment: {@code serve} and the
 * tests build {@link AppConfig} and {@link Services} and pass them to {@link #create} in the same way.
 */
public final class GreenCoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(GreenCoverServer.class);

    private GreenCoverServer() {}

    public static Javalin create(AppConfig config, Services services) {
        return create(config, services, routes -> { });
    }

    /**
     * The server with {@code extraRoutes} registered after its own: the hook through which tests (and embedders)
     * add a route that is wrapped, authorised and error-mapped exactly like the server's own, e.g. one that
     * throws a Java {@link Error} to check the error body.
     */
    public static Javalin create(AppConfig config, Services services, Consumer<RoutesConfig> extraRoutes) {
        AtomicLong requests = new AtomicLong(), errors4xx = new AtomicLong(), errors5xx = new AtomicLong();
        OpenApi openApi = new OpenApi("0.1.0", services.indices(), services.sensors());
        OgcRoutes ogc = new OgcRoutes(services.maps(), services.mapData(), config.tileCacheBytes(), services.memory());
        return Javalin.create(cfg -> {
            openApi.collect(cfg);
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes(); // JSON bodies; uploads are streamed with their own bound
            // a body that pauses longer than this fails its read (408 or closed), so a slow client cannot hold a thread
            cfg.jetty.modifyHttpConfiguration(h -> h.setIdleTimeout(config.admission().bodyTimeoutMillis()));
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.jetty.multipartConfig.cacheDirectory(config.dataDir().resolve("tmp").toAbsolutePath().toString());
            cfg.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new MethodOverrideFilter()),
                    "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            cfg.requestLogger.http((ctx, ms) -> {
                requests.incrementAndGet();
                int st = ctx.statusCode();
                if (st >= 500) errors5xx.incrementAndGet();
                else if (st >= 400) errors4xx.incrementAndGet();
                String method = Boolean.TRUE.equals(ctx.attribute(HeadAsGet.ATTRIBUTE)) ? "HEAD" : ctx.method().name();
                LOG.info("{} {} {} {}ms", method, ctx.path(), st, Math.round(ms));
            });
            BearerAuth auth = new BearerAuth(config.token());
            cfg.routes.before("/api/*", auth::check);
            new RestApi(services, config).register(cfg);
            ogc.register(cfg);
            new greencover.http.viewer.ViewerRoutes(config.basemapUrl()).register(cfg);
            Health health = new Health(services);
            cfg.routes.get("/health", health::answer);
            cfg.routes.get("/health/ready", health::ready);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(
                    "# TYPE greencover_http_requests_total counter\ngreencover_http_requests_total " + requests.get() + "\n"
                    + "# TYPE greencover_http_client_errors_total counter\ngreencover_http_client_errors_total " + errors4xx.get() + "\n"
                    + "# TYPE greencover_http_server_errors_total counter\ngreencover_http_server_errors_total " + errors5xx.get() + "\n"
                    + "# TYPE greencover_scenes gauge\ngreencover_scenes " + services.mapData().scenes().size() + "\n"
                    + "# TYPE greencover_sites gauge\ngreencover_sites " + services.mapData().sites().size() + "\n"
                    + "# TYPE greencover_map_cache_hits_total counter\ngreencover_map_cache_hits_total " + ogc.cache().hits() + "\n"
                    + "# TYPE greencover_map_cache_misses_total counter\ngreencover_map_cache_misses_total " + ogc.cache().misses() + "\n"
                    + "# TYPE greencover_map_cache_bytes gauge\ngreencover_map_cache_bytes " + ogc.cache().totalBytes() + "\n"));
            cfg.routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi.json()));
            extraRoutes.accept(cfg.routes);
            HttpSemantics.install(cfg, config.corsOrigins(), config.corsWriteOrigins());
            RestErrors.register(cfg);
            JavaErrors.register(cfg, () -> services.damages().checkAll(false) > 0);
        });
    }
}
