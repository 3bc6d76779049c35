package greencover.http.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1.0 document of the routes registered through an {@link ApiRoutes}: one operation per
 * {@link Route}, the named schemas, the {@code Error} schema and the {@code bearerAuth} scheme. Nothing is written
 * by hand here: a route exists in the document because it was registered, with what its description says. Built
 * once, on first use, after every route is registered. Thread-safe.
 */
public final class OpenApiDocument {
    private final ApiRoutes routes;
    private final String version;
    private final String description;
    private volatile String json;

    public OpenApiDocument(ApiRoutes routes, String version, String description) {
        this.routes = routes;
        this.version = version;
        this.description = description;
    }

    /** The document as JSON text. */
    public String json() {
        String j = json;
        if (j == null) {
            synchronized (this) {
                if (json == null) json = build().toString();
                j = json;
            }
        }
        return j;
    }

    private ObjectNode build() {
        ObjectNode root = Schemas.JSON.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "GreenCover API");
        info.put("version", version);
        info.put("description", description);
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        root.putArray("servers").addObject().put("url", "/").put("description", "This server");
        Map<String, ObjectNode> paths = new TreeMap<>();
        Set<String> tags = new LinkedHashSet<>();
        for (Route r : routes.routes()) {
            ObjectNode op = r.operation();
            op.path("tags").forEach(t -> tags.add(t.asText()));
            paths.computeIfAbsent(r.openApiPath(), p -> Schemas.JSON.createObjectNode())
                    .set(r.method().name().toLowerCase(java.util.Locale.ROOT), op);
        }
        var t = root.putArray("tags");
        tags.forEach(n -> t.addObject().put("name", n));
        ObjectNode p = root.putObject("paths");
        paths.forEach(p::set);
        ObjectNode components = root.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        new TreeMap<>(routes.schemas()).forEach(schemas::set);
        components.putObject("securitySchemes").putObject(ApiRoutes.BEARER)
                .put("type", "http").put("scheme", "bearer")
                .put("description", "The server's write token (GREENCOVER_TOKEN, or data/token printed at first start)");
        return root;
    }
}
