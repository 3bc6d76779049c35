package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated OpenAPI document over a real server: the routes, their parameters and the schemas. */
class OpenApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    TestServer server;
    JsonNode doc;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        HttpResponse<String> r = server.get("/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        doc = JSON.readTree(r.body());
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void listsEveryRouteOfTheApiWithItsMethods() {
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/info/title").asText()).isEqualTo("GreenCover API");
        JsonNode paths = doc.get("paths");
        String[][] expected = {
            {"/api/v1/sites", "get", "post"}, {"/api/v1/sites/{id}", "get", "delete"}, {"/api/v1/sites/{id}/timeseries", "get"},
            {"/api/v1/scenes", "get", "post"}, {"/api/v1/scenes/{id}", "get", "delete"}, {"/api/v1/scenes/{id}/index.tif", "get"},
            {"/api/v1/statistics", "post"}, {"/api/v1/openapi.json", "get"}, {"/api/v1/layers", "get"},
            {"/wms", "get"}, {"/wmts", "get"}, {"/tiles/{layer}/{z}/{x}/{y}.png", "get"}, {"/tiles/{layer}/tilejson.json", "get"},
            {"/health", "get"}, {"/metrics", "get"},
        };
        for (String[] e : expected) {
            assertThat(paths.has(e[0])).as(e[0]).isTrue();
            for (int i = 1; i < e.length; i++) {
                assertThat(paths.get(e[0]).has(e[i])).as(e[i] + " " + e[0]).isTrue();
                assertThat(paths.get(e[0]).get(e[i]).has("responses")).as(e[i] + " " + e[0]).isTrue();
            }
        }
        assertThat(paths.at("/~1api~1v1~1sites~1{id}/get/summary").asText()).isEqualTo("One site");
        assertThat(paths.at("/~1api~1v1~1sites~1{id}/get/responses/default/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Error");
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
        assertThat(doc.at("/components/schemas/Error/required").toString()).isEqualTo("[\"error\",\"detail\",\"status\"]");
        // every reference resolves
        for (JsonNode ref : doc.findValues("$ref")) {
            assertThat(doc.at(ref.asText().substring(1)).isMissingNode()).as(ref.asText()).isFalse();
        }
    }
}
