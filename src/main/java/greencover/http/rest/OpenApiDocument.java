package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.core.index.SpectralIndices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json}: the hand-written template {@code /openapi.json}
 * with the schema of every {@code index} parameter generated from the {@link SpectralIndices} the server runs
 * with ({@code enum} of the registry's keys, default {@code ndvi}), so that a newly registered index is documented
 * without editing the template. Built once; immutable.
 */
public final class OpenApiDocument {
    private final byte[] json;

    /**
     * @throws UncheckedIOException when the template cannot be read or parsed
     */
    public OpenApiDocument(SpectralIndices indices) {
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
            this.json = mapper.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the OpenAPI document", e);
        }
    }

    /** The document as UTF-8 JSON (a copy). */
    public byte[] json() { return json.clone(); }
}
