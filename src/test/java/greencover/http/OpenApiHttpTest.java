package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import io.javalin.router.ParsedEndpoint;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document over a real server: valid for swagger-parser, equal to what Javalin routes (every
 * registered route documented, every documented operation answered), with its parameters, examples, security and
 * schemas; and the Swagger UI page at {@code /api/docs}.
 */
class OpenApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATIONS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    @TempDir Path dir;
    TestServer server;
    String text;
    JsonNode doc;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        HttpResponse<String> r = server.get("/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        text = r.body();
        doc = JSON.readTree(text);
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void swaggerParserReadsTheDocumentWithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.isOpenapi31()).isTrue();
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/sites", "/wms", "/tiles/{layer}/{z}/{x}/{y}", "/metrics");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
    }

    @Test
    void theValidatorWouldSeeTheDefectsOfTheOldDocument() throws Exception {
        // the served document with two defects the hand-written one had: a path parameter not declared, no responses
        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode) doc.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode get = (com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/paths/~1api~1v1~1sites~1{id}/get");
        get.remove("parameters");
        get.remove("responses");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken.toString(), null, options);
        assertThat(result.getMessages()).isNotEmpty();
    }

    @Test
    void everyRouteJavalinRegisteredIsDocumentedExceptTheStaticFiles() {
        Set<String> routed = new TreeSet<>();
        for (ParsedEndpoint e : server.app.unsafe.internalRouter.allHttpHandlers()) {
            if (!OPERATIONS.contains(e.endpoint.method.name())) continue; // before/after filters are not operations
            routed.add(e.endpoint.method.name() + " " + e.endpoint.path.replaceAll("<([^>/]+)>", "{$1}"));
        }
        Set<String> documented = documented();
        // at least what the README's route table lists
        assertThat(documented).contains("GET /api/v1/sites", "POST /api/v1/sites", "GET /api/v1/sites/{id}", "DELETE /api/v1/sites/{id}",
                "GET /api/v1/sites/{id}/timeseries", "GET /api/v1/scenes", "POST /api/v1/scenes", "GET /api/v1/scenes/{id}",
                "DELETE /api/v1/scenes/{id}", "GET /api/v1/scenes/{id}/index.tif", "POST /api/v1/statistics", "GET /api/v1/layers",
                "GET /api/v1/openapi.json", "GET /api/docs", "GET /wms", "GET /ows", "GET /wmts", "GET /wmts/1.0.0/WMTSCapabilities.xml",
                "GET /wmts/1.0.0/{layer}/{style}/{tms}/{z}/{y}/{x}", "GET /wmts/1.0.0/{layer}/{style}/{time}/{tms}/{z}/{y}/{x}",
                "GET /tiles/{layer}/{z}/{x}/{y}", "GET /tiles/{layer}/tilejson.json", "GET /health", "GET /health/ready", "GET /metrics");
        assertThat(routed).containsAll(documented);
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        // only the viewer's files and Swagger UI's own files are left out
        assertThat(undocumented).containsExactlyInAnyOrder("GET /", "GET /viewer", "GET /viewer/config.js", "GET /viewer/{file}",
                "GET /viewer/lib/chart.umd.js", "GET /viewer/lib/leaflet/{path}", "GET /api/docs/{file}");
    }

    @Test
    void everyDocumentedOperationAnswersWithItsExamplesAndWritesNeedTheToken() throws Exception {
        // data for the examples: the site of POST /api/v1/sites's own example, and one stored scene
        JsonNode siteExample = doc.at("/paths/~1api~1v1~1sites/post/requestBody/content/application~1geo+json/example");
        HttpResponse<String> site = server.postJson("/api/v1/sites", siteExample.toString());
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        String siteId = JSON.readTree(site.body()).get("id").asText();
        assertThat(doc.at("/paths/~1api~1v1~1sites~1{id}/get/parameters/0/example").asText()).isEqualTo(siteId);
        HttpResponse<String> scene = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2024-06-01"}},
                new Object[][] {{"red", TestTiffs.grid4x4(dir.resolve("red.tif"), 500, 500, 1800, 1800)},
                    {"nir", TestTiffs.grid4x4(dir.resolve("nir.tif"), 4500, 4500, 2200, 2200)}}, TestServer.TOKEN);
        assertThat(scene.statusCode()).as(scene.body()).isEqualTo(201);
        String sceneId = JSON.readTree(scene.body()).at("/scene/id").asText();

        List<String[]> calls = new ArrayList<>(); // method, path template
        for (String op : documented()) calls.add(op.split(" ", 2));
        calls.sort((a, b) -> Boolean.compare(a[0].equals("DELETE"), b[0].equals("DELETE"))); // deletes last
        int called = 0;
        for (String[] c : calls) {
            JsonNode operation = doc.get("paths").get(c[1]).get(c[0].toLowerCase());
            String path = c[1];
            StringBuilder query = new StringBuilder();
            for (JsonNode p : operation.path("parameters")) {
                String name = p.get("name").asText();
                if (p.get("in").asText().equals("path")) {
                    assertThat(p.has("example")).as(c[0] + " " + c[1] + " " + name).isTrue();
                    String value = c[1].startsWith("/api/v1/scenes/") ? sceneId : p.get("example").asText();
                    path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
                } else if (p.get("in").asText().equals("query") && p.path("required").asBoolean()) {
                    query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                            .append(URLEncoder.encode(p.get("example").asText(), StandardCharsets.UTF_8));
                }
            }
            boolean secured = operation.has("security");
            if (secured) {
                assertThat(operation.get("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
                assertThat(operation.at("/responses/401/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/Error");
                HttpResponse<String> refused = send(c[0], path + query, operation, null);
                assertThat(refused.statusCode()).as("%s %s without a token: %s", c[0], path, refused.body()).isEqualTo(401);
            }
            HttpResponse<String> r = send(c[0], path + query, operation, secured ? TestServer.TOKEN : null);
            // no import or watch exists here (an import needs a reachable STAC API): their example ids are unknown
            boolean noSuchResourceYet = c[1].startsWith("/api/v1/imports/") || c[1].endsWith("/watch");
            assertThat(r.statusCode()).as("%s %s%s: %s", c[0], path, query, r.body()).isNotIn(noSuchResourceYet ? new Integer[] {401, 405}
                    : new Integer[] {401, 404, 405}).isLessThan(500);
            if (r.statusCode() < 300) {
                // a success the document declares, of a declared media type
                JsonNode declared = operation.get("responses").get(Integer.toString(r.statusCode()));
                assertThat(declared).as("%s %s: status %d is declared", c[0], path, r.statusCode()).isNotNull();
                String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0];
                if (r.statusCode() != 204) {
                    assertThat(declared.get("content").has(type)).as("%s %s answers %s", c[0], path, type).isTrue();
                }
            }
            called++;
        }
        assertThat(called).isEqualTo(documented().size());
        assertThat(server.get("/api/v1/sites/" + siteId).statusCode()).isEqualTo(404); // the DELETEs ran
    }

    /** {@code body}: the example of the first declared JSON request body, else nothing. */
    private HttpResponse<String> send(String method, String pathAndQuery, JsonNode operation, String token) throws Exception {
        String type = null;
        String body = "";
        for (Iterator<Map.Entry<String, JsonNode>> it = operation.path("requestBody").path("content").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().contains("json") && e.getValue().has("example")) {
                type = e.getKey();
                body = e.getValue().get("example").toString();
                break;
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(pathAndQuery)))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        if (token != null) b.header("Authorization", "Bearer " + token);
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathTemplateParameterIsDeclaredAsARequiredPathParameter() {
        Pattern param = Pattern.compile("\\{([^}]+)}");
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            List<String> names = new ArrayList<>();
            Matcher m = param.matcher(path);
            while (m.find()) names.add(m.group(1));
            for (Iterator<JsonNode> ops = doc.get("paths").get(path).elements(); ops.hasNext(); ) {
                JsonNode op = ops.next();
                List<String> declared = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    if (p.get("in").asText().equals("path")) {
                        assertThat(p.get("required").asBoolean()).as(path).isTrue();
                        declared.add(p.get("name").asText());
                    }
                }
                assertThat(declared).as(path).containsExactlyElementsOf(names);
            }
        }
    }

    @Test
    void everyJsonSuccessHasASchemaAndAnExampleAndEveryErrorTheErrorSchema() {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                assertThat(op.getValue().get("summary").asText()).as(path.getKey()).isNotBlank();
                for (Iterator<Map.Entry<String, JsonNode>> rs = op.getValue().get("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    JsonNode json = r.getValue().path("content").path("application/json");
                    if (json.isMissingNode()) continue;
                    String where = op.getKey() + " " + path.getKey() + " " + r.getKey();
                    assertThat(json.has("schema")).as(where).isTrue();
                    if (r.getKey().startsWith("2")) {
                        if (!path.getKey().startsWith("/wm") && !path.getKey().equals("/ows")) {
                            assertThat(json.has("example")).as(where).isTrue(); // OGC feature info has no single example
                        }
                    } else if (path.getKey().equals("/health/ready")) { // a state report (catalog, listener), like Kubernetes probes read
                        assertThat(json.at("/schema/properties/listener")).as(where).isNotNull();
                        assertThat(json.has("example")).as(where).isTrue();
                    } else if (!r.getKey().equals("304")) {
                        assertThat(json.at("/schema/$ref").asText()).as(where).isEqualTo("#/components/schemas/Error");
                        assertThat(json.at("/example/status").asInt()).as(where).isEqualTo(Integer.parseInt(r.getKey()));
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(doc.at("/components/schemas/Error/required").toString()).isEqualTo("[\"error\",\"detail\",\"status\"]");
        assertThat(doc.at("/components/schemas/Error/properties").has("field")).isTrue();
    }

    @Test
    void schemasComeFromTheStatisticsTheEnumsAndTheIndexRegistry() {
        JsonNode stats = doc.at("/components/schemas/Statistics/properties");
        List<String> keys = new ArrayList<>();
        stats.fieldNames().forEachRemaining(keys::add);
        // the fields of every statistics object in the API, in their JSON order
        assertThat(keys).containsExactly("mean", "std", "min", "max", "median", "p10", "p90", "fvc", "siteAreaM2",
                "validAreaM2", "validFraction", "clearFraction", "cloudFraction", "shadowFraction", "snowFraction", "waterFraction", "nodataFraction",
                "greenAreaM2", "greenFraction", "threshold", "classAreasM2");
        assertThat(stats.at("/siteAreaM2/description").asText()).endsWith("[m2]");
        assertThat(doc.at("/components/schemas/SeriesPoint/allOf/1/properties/quality/enum").toString()).isEqualTo("[\"ok\",\"low-valid\"]");
        List<String> indexKeys = new ArrayList<>();
        doc.at("/components/schemas/IndexKey/enum").forEach(n -> indexKeys.add(n.asText()));
        assertThat(indexKeys).containsAll(List.of("ndvi", "savi", "msavi2", "evi", "ndmi"))
                .containsExactlyElementsOf(server.services.indices().keys());
        JsonNode params = doc.at("/paths/~1api~1v1~1sites~1{id}~1timeseries/get/parameters");
        for (JsonNode p : params) {
            switch (p.get("name").asText()) {
                case "composite" -> assertThat(p.at("/schema/enum").toString()).isEqualTo("[\"none\",\"annual-max\",\"annual-median\",\"pixel-max\",\"pixel-median\"]");
                case "mode" -> assertThat(p.at("/schema/enum").toString()).isEqualTo("[\"exact\",\"center\",\"all-touched\"]");
                case "trend" -> assertThat(p.at("/schema/enum").toString())
                        .isEqualTo("[\"mean\",\"median\",\"fvc\",\"greenAreaM2\",\"greenFraction\"]");
                default -> { }
            }
        }
        assertThat(params.findValuesAsText("name")).contains("id", "index", "from", "to", "threshold", "minValid", "composite", "mode", "trend", "format");
        assertThat(doc.at("/paths/~1api~1v1~1scenes/post/requestBody/content/multipart~1form-data/schema/properties/sensor/enum").toString())
                .contains("\"sentinel2-l2a\"", "\"landsat-c2l2\"", "\"generic\"");
        // every reference resolves
        for (JsonNode ref : doc.findValues("$ref")) {
            assertThat(doc.at(ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse();
        }
    }

    @Test
    void swaggerUiIsServedFromTheJarOverTheDocument() throws Exception {
        HttpResponse<String> page = server.get("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/api/docs/swagger-ui-bundle.js\"></script>", "/api/docs/swagger-ui.css")
                .doesNotContain("https://");
        HttpResponse<String> bundle = server.get("/api/docs/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(bundle.body()).contains("SwaggerUIBundle").hasSizeGreaterThan(100_000);
        assertThat(server.get("/api/docs/swagger-ui.css").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/docs/init.js").body()).contains("url: \"/api/v1/openapi.json\"");
        HttpResponse<String> missing = server.get("/api/docs/no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("not_found");
        assertThat(server.get("/api/docs/index.html").statusCode()).isEqualTo(404); // only scripts, styles and icons
    }

    private Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> out.add(m.toUpperCase() + " " + p.getKey()));
        }
        return out;
    }
}
