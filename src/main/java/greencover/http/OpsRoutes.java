package greencover.http;

import greencover.http.api.Route;
import greencover.http.api.Schemas;

/**
 * The descriptions of the server's own routes, registered in {@link GreenCoverServer} beside their handlers:
 * health, metrics and the OpenAPI document.
 */
final class OpsRoutes {
    /** Where the OpenAPI document is served. */
    static final String OPENAPI = "/api/v1/openapi.json";

    private OpsRoutes() {}

    static Route health(String path) {
        return Route.get(path).tag("meta")
                .summary("Liveness and readiness: 200 while the server can serve, one warning per damaged scene")
                .json(200, "The server can serve", Schemas.object()
                        .req("status", Schemas.oneOf(java.util.List.of("ok")))
                        .req("scenes", Schemas.integer().put("description", "Scenes served"))
                        .req("sites", Schemas.integer().put("description", "Sites"))
                        .req("damagedScenes", Schemas.integer())
                        .req("warnings", Schemas.array(Schemas.object().req("scene", Schemas.string()).req("reason", Schemas.string())
                                .req("at", Schemas.dateTime()).req("warning", Schemas.string("What happened and what to do")).build()))
                        .build(), Schemas.example("{\"status\":\"ok\",\"scenes\":20,\"sites\":4,\"damagedScenes\":0,\"warnings\":[]}"));
    }

    static Route metrics() {
        return Route.get("/metrics").tag("meta").summary("Prometheus metrics (text exposition format)")
                .response(200, "The metrics", "text/plain", Schemas.string(),
                        Schemas.exampleText("# TYPE greencover_http_requests_total counter\ngreencover_http_requests_total 42\n"));
    }

    static Route openApi() {
        return Route.get(OPENAPI).tag("meta").summary("This document (OpenAPI 3.1.0), generated from the server's route descriptions")
                .json(200, "The OpenAPI document", Schemas.anyObject(),
                        Schemas.example("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"GreenCover API\",\"version\":\"0.1.0\"},\"paths\":{}}"));
    }
}
