package greencover.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seam every route of the server is registered through: {@link #add} registers a handler on Javalin under
 * the method and path of its {@link Route} description and keeps the description for the OpenAPI document
 * ({@link OpenApiDocument}); {@link #schema} names a schema the descriptions refer to with {@link Schemas#ref}.
 * Static files (the viewer, the API reference page's scripts) are registered with {@link #asset}: routed, and
 * listed as deliberately left out of the document. Registration happens while Javalin is configured; the lists
 * are read afterwards.
 */
public final class ApiRoutes {
    /** The name of the error schema: {@code {"error", "detail", "field", "status"}}. */
    public static final String ERROR = "Error";
    /** The name of the bearer-token security scheme. */
    public static final String BEARER = "bearerAuth";

    private final RoutesConfig routes;
    private final List<Route> documented = new ArrayList<>();
    private final List<String> assets = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();

    /** Registers on {@code routes}. */
    public ApiRoutes(RoutesConfig routes) {
        this.routes = routes;
        schemas.put(ERROR, Schemas.object()
                .description("Every REST and XYZ failure. OGC services answer with their own exception reports.")
                .req("error", Schemas.string("Stable machine code, lower snake case, e.g. invalid_field"))
                .req("detail", Schemas.string("What went wrong and what to do, for a human"))
                .prop("field", Schemas.string("The input field at fault, when one is"))
                .req("status", Schemas.integer().put("description", "The HTTP status"))
                .build());
    }

    /**
     * Registers {@code handler} under {@code route}'s method and path and documents it.
     *
     * @throws IllegalStateException when the description is incomplete or the method and path are taken
     */
    public synchronized ApiRoutes add(Route route, Handler handler) {
        route.check();
        String key = route.method().name() + " " + route.openApiPath();
        if (!keys.add(key)) throw new IllegalStateException(key + " is registered twice");
        routes.addHttpHandler(route.method(), route.path(), handler);
        documented.add(route);
        return this;
    }

    /** Registers a static file route ({@code GET}), routed but not in the document. */
    public synchronized ApiRoutes asset(String path, Handler handler) {
        if (!keys.add("GET " + path)) throw new IllegalStateException("GET " + path + " is registered twice");
        routes.addHttpHandler(HandlerType.GET, path, handler);
        assets.add(path);
        return this;
    }

    /**
     * Names {@code schema} {@code name}; naming the same schema twice is allowed (several registrars may share one).
     *
     * @throws IllegalStateException when {@code name} already names a different schema
     */
    public synchronized ApiRoutes schema(String name, JsonNode schema) {
        JsonNode had = schemas.putIfAbsent(name, schema);
        if (had != null && !had.equals(schema)) throw new IllegalStateException("schema " + name + " is defined twice, differently");
        return this;
    }

    /** The documented routes, in registration order. */
    public synchronized List<Route> routes() { return List.copyOf(documented); }

    /** The paths of the asset routes. */
    public synchronized List<String> assets() { return List.copyOf(assets); }

    synchronized Map<String, JsonNode> schemas() { return new LinkedHashMap<>(schemas); }
}
