package greencover.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the JSON error body every REST failure uses: {@code {"error": code, "detail": text, "field": name}}. */
public final class ApiError {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiError() {}

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
