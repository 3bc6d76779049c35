package greencover.http.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.error.GreenCoverException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON error body every JSON surface (REST, XYZ) uses:
 * {@code {"error": code, "detail": text, "field": name, "status": status}}, {@code field} left out when no
 * single field is at fault. Which status a failure gets is decided by the surface's error table, not here.
 */
public final class ApiError {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiError() {}

    /** Writes {@code e}'s code, detail and field with {@code status}. */
    public static void send(Context ctx, int status, GreenCoverException e) {
        send(ctx, status, e.code(), e.getMessage(), e.field());
    }

    public static void send(Context ctx, int status, String code, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail);
        if (field != null && !field.isEmpty()) body.put("field", field);
        body.put("status", status);
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (Exception e) {
            ctx.status(status).result("{\"error\":\"" + code + "\"}");
        }
    }
}
