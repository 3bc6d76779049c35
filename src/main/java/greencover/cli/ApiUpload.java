package greencover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scene upload to a running server's {@code POST /api/v1/scenes}: the same multipart form as any client sends
 * (one part per band file, or {@code file} with {@code bands}; the text fields), streamed from disk.
 */
final class ApiUpload {
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    /** Adds a file part ({@code red}, {@code nir}, ..., or {@code file}). */
    ApiUpload file(String part, Path path) {
        files.put(part, path);
        return this;
    }

    /** Adds a text field; null values are left out. */
    ApiUpload field(String name, String value) {
        if (value != null) fields.put(name, value);
        return this;
    }

    /** The server's answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {}

    /** Sends the form to {@code base}/api/v1/scenes with the bearer {@code token}. */
    Answer send(URI base, String token) throws IOException, InterruptedException {
        String boundary = "greencover-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n"));
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\""
                    + f.getValue().getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: image/tiff\r\n\r\n"));
            try {
                parts.add(HttpRequest.BodyPublishers.ofFile(f.getValue()));
            } catch (FileNotFoundException e) {
                throw new Options.UsageException("--" + f.getKey() + ": no such file " + f.getValue());
            }
            parts.add(text("\r\n"));
        }
        parts.add(text("--" + boundary + "--\r\n"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/scenes"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
                .build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            body = null;
        }
        return new Answer(r.statusCode(), body);
    }

    private static HttpRequest.BodyPublisher text(String s) {
        return HttpRequest.BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The write token: the configured one, else the server's token file; null when neither is there. */
    static String token(String configured, Path tokenFile) {
        if (configured != null) return configured;
        try {
            String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            return t.isEmpty() ? null : t;
        } catch (IOException e) {
            return null;
        }
    }
}
