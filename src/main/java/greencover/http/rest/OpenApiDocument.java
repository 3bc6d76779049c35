package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.core.index.SpectralIndices;
import greencover.core.raster.SensorParameter;
import greencover.core.raster.SensorProvider;
import greencover.core.raster.SensorProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json}: the hand-written template {@code /openapi.json}
 * with the schema of every {@code index} parameter generated from the {@link SpectralIndices} the server runs
 * with ({@code enum} of the registry's keys, default {@code ndvi}), so that a newly registered index is documented
 * without editing the template; likewise the scene upload's {@code sensor} enum and each sensor's fields come from
 * the {@link SensorProviders}. Built once; immutable.
 */
public final class OpenApiDocument {
    private final byte[] json;

    /**
     * @throws UncheckedIOException when the template cannot be read or parsed
     */
    public OpenApiDocument(SpectralIndices indices, SensorProviders sensors) {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IOException("resource /openapi.json is missing");
            ObjectNode doc = (ObjectNode) mapper.readTree(in);
            for (JsonNode path : doc.path("paths")) {
                for (JsonNode operation : path) {
                    for (JsonNode p : operation.path("parameters")) {
                        if ("index".equals(p.path("name").asText()) && p instanceof ObjectNode param) {
                            ObjectNode schema = param.putObject("schema").put("type", "string").put("default", "ndvi");
                            ArrayNode keys = schema.putArray("enum");
                            indices.keys().forEach(keys::add);
                        }
                    }
                }
            }
            JsonNode upload = doc.at("/paths/~1api~1v1~1scenes/post");
            if (upload instanceof ObjectNode post) sensorFields(post, sensors);
            this.json = mapper.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the OpenAPI document", e);
        }
    }

    /** The multipart fields of the upload: sensor (enum of the registry), acquired, name, then every sensor's own. */
    private static void sensorFields(ObjectNode post, SensorProviders sensors) {
        ObjectNode props = post.putObject("requestBody").putObject("content").putObject("multipart/form-data")
                .putObject("schema").put("type", "object").putObject("properties");
        ArrayNode ids = props.putObject("sensor").put("type", "string").putArray("enum");
        sensors.ids().forEach(ids::add);
        props.putObject("acquired").put("type", "string").put("description", "ISO date or date-time (UTC)");
        props.putObject("name").put("type", "string");
        for (SensorProvider p : sensors.all()) {
            for (SensorParameter q : p.parameters()) {
                ObjectNode f = props.putObject(q.name());
                f.put("type", switch (q.type()) {
                    case NUMBER -> "number";
                    case INTEGER -> "integer";
                    case TEXT, INTEGER_LIST -> "string";
                });
                f.put("description", p.id() + ": " + q.description());
                if (q.defaultValue() != null) f.put("default", q.defaultValue());
            }
        }
    }

    /** The document as UTF-8 JSON (a copy). */
    public byte[] json() { return json.clone(); }
}
