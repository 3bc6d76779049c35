package greencover.http;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.http.api.ApiDocs;
import greencover.http.api.ApiRoutes;
import greencover.http.api.OpenApiDocument;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server over already-wired {@link Services}: REST API, OGC services, tiles and viewer on one Javalin
 * app, with bearer-token auth on writes, method-override headers ignored
 * ({@link MethodOverrideFilter}), one error mapping for every failure (Java
 * {@link Error}s included: {@link JavaErrors}), a log line per request, and
 * {@code /health} and {@code /metrics} (Prometheus text: {@link HttpMetrics} and the meters of
 * {@link greencover.app.Metrics}). It wires no services and reads no environment: {@code serve} and the
 * tests build {@link AppConfig} and {@link Services} and pass them to {@link #create} in the same way.
 */
public final class GreenCoverServer {
    private static final Logger LOG = LoggerFactory.getLogger(GreenCoverServer.class);

    private static final String DESCRIPTION = "Vegetation-cover statistics, time series and maps for mine restoration sites. "
            + "Reads are public; writes need 'Authorization: Bearer <token>'. REST errors are {\"error\", \"detail\", \"field\", "
            + "\"status\"}; OGC services answer with their exception reports. Reference page: /api/docs.";

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
        OgcRoutes ogc = new OgcRoutes(services.maps(), services.mapData(), config.tileCacheBytes(), services.memory());
        HttpMetrics metrics = new HttpMetrics(services.metrics().registry());
        metrics.bindCache(ogc.cache());
        return Javalin.create(cfg -> {
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
            metrics.routesOf(cfg.unsafe);
            cfg.requestLogger.http((ctx, ms) -> {
                metrics.record(ctx, ms);
                int st = ctx.statusCode();
                String method = HeadAsGet.method(ctx);
                LOG.info("{} {} {} {}ms", method, ctx.path(), st, Math.round(ms));
            });
            BearerAuth auth = new BearerAuth(config.token());
            cfg.routes.before("/api/*", auth::check);
            ApiRoutes api = new ApiRoutes(cfg.routes); // every route: registered and described in one place
            new RestApi(services, config).register(api);
            new greencover.http.rest.SiteOpsApi(services).register(api);
            new greencover.http.rest.ImportRoutes(services, config).register(api);
            ogc.register(api);
            new greencover.http.viewer.ViewerRoutes(config.basemapUrl()).register(api);
            Health health = new Health(services);
            api.add(OpsRoutes.health("/health"), health::answer);
            api.add(OpsRoutes.ready(), health::ready);
            api.add(OpsRoutes.metrics(), ctx -> ctx.contentType(greencover.app.Metrics.CONTENT_TYPE).result(services.metrics().scrape()));
            OpenApiDocument openApi = new OpenApiDocument(api, "0.1.0", DESCRIPTION);
            api.add(OpsRoutes.openApi(), ctx -> ctx.contentType("application/json").result(openApi.json()));
            new ApiDocs(OpsRoutes.OPENAPI).register(api);
            extraRoutes.accept(cfg.routes);
            HttpSemantics.install(cfg, config.corsOrigins(), config.corsWriteOrigins());
            RestErrors.register(cfg);
            JavaErrors.register(cfg, () -> services.damages().checkAll(false) > 0);
        });
    }
}
