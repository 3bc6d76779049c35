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
                .summary("Liveness: 200 while the server can serve, one warning per damaged scene")
                .json(200, "The server can serve", healthBody(), Schemas.example(HEALTH_EXAMPLE));
    }

    static Route ready() {
        return Route.get("/health/ready").tag("meta")
                .summary("Readiness: as /health when the catalog answers and, when shared, its change notifications arrive; else 503")
                .json(200, "Ready", Schemas.allOf(healthBody(), Schemas.object()
                        .req("catalog", Schemas.oneOf(java.util.List.of("reachable")))
                        .req("listener", Schemas.oneOf(java.util.List.of("up", "not needed"))).build()),
                        Schemas.example(HEALTH_EXAMPLE.replace("}", ",\"catalog\":\"reachable\",\"listener\":\"not needed\"}")))
                .json(503, "Not ready: the catalog does not answer or the change listener is down (Retry-After)", Schemas.object()
                        .req("status", Schemas.oneOf(java.util.List.of("unavailable")))
                        .req("catalog", Schemas.oneOf(java.util.List.of("reachable", "unreachable")))
                        .req("listener", Schemas.oneOf(java.util.List.of("up", "down", "not needed")))
                        .prop("detail", Schemas.string()).build(),
                        Schemas.example("{\"status\":\"unavailable\",\"catalog\":\"reachable\",\"listener\":\"down\",\"detail\":\"no change notifications\"}"));
    }

    private static final String HEALTH_EXAMPLE = "{\"status\":\"ok\",\"scenes\":20,\"sites\":4,\"damagedScenes\":0,\"warnings\":[]}";

    private static com.fasterxml.jackson.databind.node.ObjectNode healthBody() {
        return Schemas.object()
                .req("status", Schemas.oneOf(java.util.List.of("ok")))
                .req("scenes", Schemas.integer().put("description", "Scenes served"))
                .req("sites", Schemas.integer().put("description", "Sites"))
                .req("damagedScenes", Schemas.integer())
                .req("warnings", Schemas.array(Schemas.object().req("scene", Schemas.string()).req("reason", Schemas.string())
                        .req("at", Schemas.dateTime()).req("warning", Schemas.string("What happened and what to do")).build()))
                .build();
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
