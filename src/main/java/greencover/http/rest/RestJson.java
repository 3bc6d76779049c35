package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.error.InvalidInputException;
import io.javalin.http.Context;

/** Reads JSON request bodies and writes JSON responses for the REST controllers (one shared Jackson mapper). */
public final class RestJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private RestJson() {}

    /**
     * The request body as a JSON tree.
     *
     * @throws InvalidInputException {@code invalid_json} (field {@code body}) for an empty or malformed body
     */
    public static JsonNode body(Context ctx) { return parse(ctx.body()); }

    /**
     * {@code body} (a request body's text) as a JSON tree.
     *
     * @throws InvalidInputException {@code invalid_json} (field {@code body}) for an empty or malformed body
     */
    public static JsonNode parse(String body) {
        if (body.isBlank()) throw new InvalidInputException("invalid_json", "body", "the request body is empty; send GeoJSON");
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new InvalidInputException("invalid_json", "body", "the body is not valid JSON: " + e.getMessage());
        }
    }

    /** Writes {@code body} (maps, lists, records of those, Jackson trees) as {@code application/json} with {@code status}. */
    public static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
