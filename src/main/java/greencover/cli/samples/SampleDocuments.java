package greencover.cli.samples;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON documents of the sample set: {@code sites.geojson} (the bundled outlines with
 * {@code greenThreshold}) and {@code manifest.json} (the scene list). Output uses "\n" line ends and a
 * fixed key order, so it is byte-identical for identical input.
 */
final class SampleDocuments {

    static final double GREEN_THRESHOLD = 0.3;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SampleDocuments() {
    }

    /** Writes the site outlines with id, name and greenThreshold first in each feature's properties. */
    static void writeSites(Path file, SiteCatalog catalog) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "FeatureCollection");
        root.put("name", "greencover_sample_sites");
        root.put("note", "APPROXIMATE outlines: hand-designed polygons placed on published anchor points and scaled to "
                + "reported or assumed areas, not digitised from imagery (positional uncertainty 0.5-2 km, see "
                + "properties.positional_uncertainty_m). Fine for demos and tests; re-digitise for real statistics.");
        root.put("crs_note", "EPSG:4326 lon/lat (RFC 7946 ring orientation).");
        ArrayNode features = root.putArray("features");
        for (JsonNode source : catalog.collection().path("features")) {
            JsonNode sourceProps = source.path("properties");
            String id = sourceProps.path("id").asText(source.path("id").asText());
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            feature.put("id", id);
            ObjectNode props = feature.putObject("properties");
            props.put("id", id);
            props.put("name", sourceProps.path("name").asText(id));
            props.put("greenThreshold", GREEN_THRESHOLD);
            for (Iterator<Map.Entry<String, JsonNode>> it = sourceProps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("id") && !e.getKey().equals("name")) {
                    props.set(e.getKey(), e.getValue());
                }
            }
            props.put("approximate", true);
            feature.set("geometry", source.path("geometry"));
        }
        write(file, root);
    }

    /** Writes the manifest listing {@code scenes} (expected in date order). */
    static void writeManifest(Path file, long seed, List<GeneratedScene> scenes) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("synthetic", true);
        root.put("seed", seed);
        root.put("note", "Synthetic, not real Sentinel-2 data: simulated L2A-like scenes (B04, B08 at 10 m, SCL at 20 m) "
                + "over approximate site outlines, generated deterministically from the seed by "
                + "greencover.cli.samples.SampleGenerator.");
        root.put("sites", "sites.geojson");
        ArrayNode list = root.putArray("scenes");
        for (GeneratedScene s : scenes) {
            ObjectNode node = list.addObject();
            node.put("name", s.name());
            node.put("sensor", "sentinel2-l2a");
            node.put("acquired", s.acquired().toString());
            node.put("processingBaseline", s.processingBaseline());
            node.put("crs", "EPSG:" + s.epsg());
            ObjectNode files = node.putObject("files");
            files.put("red", s.file("B04"));
            files.put("nir", s.file("B08"));
            files.put("mask", s.file("SCL"));
        }
        write(file, root);
    }

    private static void write(Path file, JsonNode root) throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
        String text = MAPPER.writer(printer).writeValueAsString(root) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
