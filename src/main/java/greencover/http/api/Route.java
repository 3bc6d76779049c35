package greencover.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The description of one route: method, path (Javalin syntax, {@code {name}} for a path parameter), summary,
 * parameters with their JSON Schemas and examples, request body, responses per status with schemas and examples,
 * and whether it needs the bearer token. {@link ApiRoutes#add} registers the handler under exactly this method and
 * path and keeps the description, from which {@link OpenApiDocument} writes the operation, so the document lists
 * what the server routes and nothing else. Every path parameter must be declared with {@link #pathParam} (with an
 * example, which the OpenAPI test calls the route with). Built on one thread, then read only.
 */
public final class Route {
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");
    private static final Map<Integer, String> ERROR_CODES = Map.ofEntries(
            Map.entry(400, "invalid_field"), Map.entry(401, "missing_token"), Map.entry(404, "not_found"),
            Map.entry(408, "request_timeout"), Map.entry(409, "conflict"), Map.entry(413, "payload_too_large"),
            Map.entry(415, "unsupported_media_type"), Map.entry(429, "queue_full"), Map.entry(503, "overloaded"),
            Map.entry(507, "insufficient_storage"));

    private final HandlerType method;
    private final String path;
    private String summary;
    private String description;
    private String operationId;
    private final Set<String> tags = new LinkedHashSet<>();
    private final Map<String, ObjectNode> pathParams = new LinkedHashMap<>();
    private final List<ObjectNode> otherParams = new ArrayList<>();
    private ObjectNode body;
    private final Map<String, ObjectNode> responses = new LinkedHashMap<>();
    private boolean bearer;

    private Route(HandlerType method, String path) {
        this.method = method;
        this.path = path;
    }

    public static Route get(String path) { return new Route(HandlerType.GET, path); }

    public static Route post(String path) { return new Route(HandlerType.POST, path); }

    public static Route delete(String path) { return new Route(HandlerType.DELETE, path); }

    public static Route put(String path) { return new Route(HandlerType.PUT, path); }

    public HandlerType method() { return method; }

    /** The path as Javalin matches it. */
    public String path() { return path; }

    /** The path as OpenAPI writes it: {@code <name>} becomes {@code {name}}. */
    public String openApiPath() {
        return PARAM.matcher(path).replaceAll(m -> "{" + (m.group(1) != null ? m.group(1) : m.group(2)) + "}");
    }

    /** The names of the path's parameters, in order. */
    public List<String> pathParamNames() {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) names.add(m.group(1) != null ? m.group(1) : m.group(2));
        return names;
    }

    /** The example of path parameter {@code name}, as text. */
    public String pathExample(String name) {
        ObjectNode p = pathParams.get(name);
        return p == null ? null : p.path("example").asText(null);
    }

    public boolean needsToken() { return bearer; }

    public Route summary(String s) {
        this.summary = s;
        return this;
    }

    public Route description(String d) {
        this.description = d;
        return this;
    }

    public Route operationId(String id) {
        this.operationId = id;
        return this;
    }

    public Route tag(String t) {
        tags.add(t);
        return this;
    }

    /** Declares path parameter {@code name}: a required string of {@code schema}, called with {@code example}. */
    public Route pathParam(String name, String description, ObjectNode schema, String example) {
        if (!pathParamNames().contains(name)) throw new IllegalArgumentException(path + " has no parameter " + name);
        ObjectNode p = param(name, "path", description, schema);
        p.put("required", true);
        p.put("example", example);
        pathParams.put(name, p);
        return this;
    }

    /** An optional query parameter. */
    public Route query(String name, String description, ObjectNode schema) {
        otherParams.add(param(name, "query", description, schema));
        return this;
    }

    /** A required query parameter, with an example. */
    public Route requiredQuery(String name, String description, ObjectNode schema, String example) {
        ObjectNode p = param(name, "query", description, schema);
        p.put("required", true);
        p.put("example", example);
        otherParams.add(p);
        return this;
    }

    /** An optional request header. */
    public Route header(String name, String description, ObjectNode schema) {
        otherParams.add(param(name, "header", description, schema));
        return this;
    }

    /** A request body of {@code mediaType}; several calls offer several media types. */
    public Route body(String mediaType, String description, JsonNode schema, JsonNode example, boolean required) {
        if (body == null) {
            body = Schemas.JSON.createObjectNode();
            body.put("description", description);
            body.put("required", required);
            body.putObject("content");
        }
        ObjectNode m = ((ObjectNode) body.get("content")).putObject(mediaType);
        m.set("schema", schema);
        if (example != null) m.set("example", example);
        return this;
    }

    /** Response {@code status} with a body of {@code mediaType}; several calls for one status offer several types. */
    public Route response(int status, String description, String mediaType, JsonNode schema, JsonNode example) {
        ObjectNode r = responses.computeIfAbsent(Integer.toString(status), k -> Schemas.JSON.createObjectNode()
                .put("description", description));
        ObjectNode content = r.has("content") ? (ObjectNode) r.get("content") : r.putObject("content");
        ObjectNode m = content.putObject(mediaType);
        m.set("schema", schema);
        if (example != null) m.set("example", example);
        return this;
    }

    /** A JSON response. */
    public Route json(int status, String description, JsonNode schema, JsonNode example) {
        return response(status, description, "application/json", schema, example);
    }

    /** A response without a body (e.g. 204). */
    public Route empty(int status, String description) {
        responses.put(Integer.toString(status), Schemas.JSON.createObjectNode().put("description", description));
        return this;
    }

    /** An error answered with the JSON {@code Error} body; the example carries a typical code for the status. */
    public Route error(int status, String description) {
        ObjectNode ex = Schemas.JSON.createObjectNode();
        ex.put("error", ERROR_CODES.getOrDefault(status, status >= 500 ? "internal_error" : "invalid_request"));
        ex.put("detail", description);
        ex.put("status", status);
        return json(status, description, Schemas.ref(ApiRoutes.ERROR), ex);
    }

    /** Writes need {@code Authorization: Bearer <token>}: the {@code bearerAuth} scheme, and 401 without it. */
    public Route bearer() {
        this.bearer = true;
        return error(401, "No or a wrong bearer token");
    }

    /** Checks the description is complete: every path parameter declared, at least one response. */
    void check() {
        for (String n : pathParamNames()) {
            if (!pathParams.containsKey(n)) throw new IllegalStateException(method + " " + path + ": path parameter " + n + " is not declared");
        }
        if (responses.isEmpty()) throw new IllegalStateException(method + " " + path + ": no response is declared");
    }

    /** The OpenAPI operation object. */
    ObjectNode operation() {
        ObjectNode op = Schemas.JSON.createObjectNode();
        if (!tags.isEmpty()) {
            ArrayNode t = op.putArray("tags");
            tags.forEach(t::add);
        }
        if (summary != null) op.put("summary", summary);
        if (description != null) op.put("description", description);
        op.put("operationId", operationId != null ? operationId : derivedOperationId());
        ArrayNode params = Schemas.JSON.createArrayNode();
        for (String n : pathParamNames()) params.add(pathParams.get(n));
        otherParams.forEach(params::add);
        if (!params.isEmpty()) op.set("parameters", params);
        if (body != null) op.set("requestBody", body);
        ObjectNode rs = op.putObject("responses");
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> rs.set(e.getKey(), e.getValue()));
        if (bearer) op.putArray("security").addObject().putArray(ApiRoutes.BEARER);
        return op;
    }

    private String derivedOperationId() {
        StringBuilder b = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        for (String part : openApiPath().split("[^A-Za-z0-9]+")) {
            if (part.isEmpty() || part.equals("api") || part.equals("v1")) continue;
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static ObjectNode param(String name, String in, String description, ObjectNode schema) {
        ObjectNode p = Schemas.JSON.createObjectNode();
        p.put("name", name);
        p.put("in", in);
        if (description != null) p.put("description", description);
        p.set("schema", schema);
        return p;
    }
}
