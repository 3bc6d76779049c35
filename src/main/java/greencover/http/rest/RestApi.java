package greencover.http.rest;

import greencover.app.AppConfig;
import greencover.app.Services;
import io.javalin.config.JavalinConfig;

/**
 * The routes of the REST API under {@code /api/v1}: sites, scenes, time series, ad-hoc statistics, each served by
 * a thin controller (parse, call a service, write). Failures are written by {@link RestErrors}.
 */
public final class RestApi {
    private final SiteController sites;
    private final SceneController scenes;
    private final SeriesController series;
    private final StatisticsController statistics;
    private final ChangeController change;

    public RestApi(Services services, AppConfig config) {
        this.sites = new SiteController(services.sites(), services.siteSummaries());
        this.scenes = new SceneController(services.scenes(), services.ingestQueue(), config.dataDir().resolve("tmp"), config.maxUploadBytes());
        this.series = new SeriesController(services.series(), services.indices());
        this.change = new ChangeController(services.periodChange(), services.indices());
        this.statistics = new StatisticsController(services.adHocStatistics(), services.indices(),
                new RequestBodies(config.admission().bodyTimeoutMillis()), config.admission().maxAnonymousBodyBytes());
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/sites", sites::list);
        cfg.routes.post("/api/v1/sites", sites::add);
        cfg.routes.get("/api/v1/sites/{id}", sites::get);
        cfg.routes.delete("/api/v1/sites/{id}", sites::delete);
        cfg.routes.get("/api/v1/sites/{id}/timeseries", series::timeseries);
        cfg.routes.get("/api/v1/sites/{id}/change", change::change);
        cfg.routes.get("/api/v1/scenes", scenes::list);
        cfg.routes.post("/api/v1/scenes", scenes::ingest);
        cfg.routes.get("/api/v1/scenes/{id}", scenes::get);
        cfg.routes.delete("/api/v1/scenes/{id}", scenes::delete);
        cfg.routes.get("/api/v1/scenes/{id}/index.tif", scenes::exportIndex);
        cfg.routes.post("/api/v1/statistics", statistics::statistics);
    }
}
