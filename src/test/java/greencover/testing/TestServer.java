package greencover.testing;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.http.GreenCoverServer;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A real GreenCover server on an ephemeral port over a temporary data directory, with an HTTP client. It is built
 * as {@code serve} builds it: {@link Services#open} then {@link GreenCoverServer#create}.
 */
public final class TestServer implements AutoCloseable {
    public static final String TOKEN = "test-token";
    public final Path dataDir;
    public final Services services;
    public final Javalin app;
    public final HttpClient http = HttpClient.newHttpClient();

    public TestServer(Path dataDir) { this(AppConfig.forTests(dataDir, TOKEN)); }

    public TestServer(AppConfig cfg) { this(cfg, routes -> { }); }

    /** A server with test-only routes added through {@link GreenCoverServer#create(AppConfig, Services, java.util.function.Consumer)}. */
    public TestServer(AppConfig cfg, java.util.function.Consumer<io.javalin.config.RoutesConfig> extraRoutes) {
        this(cfg, Services.open(cfg), extraRoutes);
    }

    /** A server over services wired by the test (e.g. over a store opened with other settings); closes them. */
    public TestServer(AppConfig cfg, Services services, java.util.function.Consumer<io.javalin.config.RoutesConfig> extraRoutes) {
        this.dataDir = cfg.dataDir();
        this.services = services;
        this.app = GreenCoverServer.create(cfg, services, extraRoutes).start(0);
    }

    public String url(String path) { return "http://127.0.0.1:" + app.port() + path; }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/geo+json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method} (PUT, PATCH...) with a JSON body and the token. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + TOKEN).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart POST of text fields and files (part name → file); {@code token} null sends no Authorization. */
    public HttpResponse<String> postMultipart(String path, String[][] fields, Object[][] files, String token) throws Exception {
        return postMultipart(http, URI.create(url(path)), fields, files, token);
    }

    /** {@link #postMultipart(String, String[][], Object[][], String)} to any server's {@code url} (e.g. a child JVM's). */
    public static HttpResponse<String> postMultipart(HttpClient http, URI url, String[][] fields, Object[][] files, String token) throws Exception {
        String boundary = "----gc" + UUID.randomUUID();
        var out = new java.io.ByteArrayOutputStream();
        for (String[] f : fields) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Object[] f : files) {
            byte[] data = f[1] instanceof Path p ? Files.readAllBytes(p) : (byte[]) f[1];
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"; filename=\"" + f[0]
                    + ".tif\"\r\nContent-Type: image/tiff\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(data);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
