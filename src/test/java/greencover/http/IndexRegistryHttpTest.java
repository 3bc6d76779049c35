package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists of indices the server publishes follow the registry it runs with: the {@code index} parameter enums of
 * the OpenAPI document and the {@code indices} of {@code /api/v1/layers} (which the viewer's time-series list
 * reads) hold exactly the registry's keys, in its order, with ndvi among them. Likewise the upload's
 * {@code sensor} enum and sensor fields follow the sensor registry.
 */
class IndexRegistryHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void openApiIndexAndSensorEnumsAndTheLayerDocumentListTheRegistries() throws Exception {
        List<String> registry = server.services.indices().keys();
        assertThat(registry).contains("ndvi", "savi", "msavi2", "evi", "ndmi");

        HttpResponse<String> api = server.get("/api/v1/openapi.json");
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(api.body());
        for (String path : List.of("/api/v1/sites/{id}/timeseries", "/api/v1/scenes/{id}/index.tif")) {
            JsonNode index = null;
            for (JsonNode p : doc.at("/paths").get(path).at("/get/parameters")) if (p.path("name").asText().equals("index")) index = p;
            assertThat(index).as(path).isNotNull();
            assertThat(texts(index.at("/schema/enum"))).as(path).isEqualTo(registry);
            assertThat(index.at("/schema/default").asText()).isEqualTo("ndvi");
        }

        JsonNode sensor = doc.at("/paths").get("/api/v1/scenes").at("/post/requestBody/content/multipart~1form-data/schema/properties");
        assertThat(texts(sensor.at("/sensor/enum"))).isEqualTo(server.services.sensors().ids());
        assertThat(texts(sensor.at("/sensor/enum"))).contains("sentinel2-l2a", "landsat-c2l2", "generic");
        assertThat(sensor.at("/processingBaseline/type").asText()).isEqualTo("string");
        assertThat(sensor.at("/scale/default").asText()).isEqualTo("1");

        HttpResponse<String> layers = server.get("/api/v1/layers");
        assertThat(layers.statusCode()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        for (JsonNode ix : JSON.readTree(layers.body()).get("indices")) keys.add(ix.get("key").asText());
        assertThat(keys).isEqualTo(registry);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }
}
