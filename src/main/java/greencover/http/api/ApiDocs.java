package greencover.http.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API reference page: {@code GET /api/docs} is Swagger UI (from the {@code org.webjars:swagger-ui} jar, no
 * CDN) over the server's own OpenAPI document; {@code /api/docs/{file}} serves Swagger UI's script, style sheet and
 * icons, and {@code init.js}, which points it at the document. Only files of the WebJar's folder with a known
 * extension are served; anything else is a 404.
 */
public final class ApiDocs {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png");

    private final String root;
    private final byte[] page;
    private final byte[] init;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /** A page that shows the document at {@code documentPath}. */
    public ApiDocs(String documentPath) {
        this.root = WEBJAR + webjarVersion() + "/";
        this.page = ("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>GreenCover API</title>
                  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
                  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="/api/docs/swagger-ui-bundle.js"></script>
                  <script src="/api/docs/init.js"></script>
                </body>
                </html>
                """).getBytes(StandardCharsets.UTF_8);
        this.init = ("window.ui = SwaggerUIBundle({url: \"" + documentPath + "\", dom_id: \"#swagger-ui\", deepLinking: true});\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Registers the page (documented) and its files (assets). */
    public void register(ApiRoutes api) {
        api.add(Route.get("/api/docs").tag("meta").summary("This API's reference page (Swagger UI)")
                .response(200, "An HTML page", "text/html", Schemas.string(), null), this::page);
        api.asset("/api/docs/{file}", this::file);
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (name.equals("init.js")) {
            ctx.header("Cache-Control", "no-cache");
            ctx.status(200).contentType(TYPES.get("js")).result(init);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        byte[] bytes = null;
        if (TYPES.containsKey(ext) && !name.contains("..") && !name.contains("\\")) {
            bytes = files.get(name);
            if (bytes == null) {
                bytes = read(root + name);
                if (bytes != null) files.put(name, bytes);
            }
        }
        if (bytes == null) {
            ctx.status(404); // the server's 404 mapping writes the JSON error
            return;
        }
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType(TYPES.get(ext)).result(bytes);
    }

    /** The version of the Swagger UI WebJar on the class path (its Maven properties). */
    private static String webjarVersion() {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui WebJar is not on the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
