package greencover.cli.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mission's approximate site outlines as bundled with the generator (a copy of the shared
 * {@code domain/sites.geojson}, EPSG:4326 lon/lat, RFC 7946).
 */
final class SiteCatalog {

    static final String RESOURCE = "sites.geojson";

    private final JsonNode collection;
    private final Map<String, JsonNode> featuresById = new LinkedHashMap<>();

    private SiteCatalog(JsonNode collection) {
        this.collection = collection;
        for (JsonNode feature : collection.path("features")) {
            String id = feature.path("properties").path("id").asText(feature.path("id").asText());
            featuresById.put(id, feature);
        }
    }

    /** Loads the bundled outlines. */
    static SiteCatalog bundled() {
        try (InputStream in = SiteCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " next to " + SiteCatalog.class.getName());
            }
            return new SiteCatalog(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
        }
    }

    /** The parsed GeoJSON FeatureCollection. */
    JsonNode collection() {
        return collection;
    }

    /** Site ids in file order. */
    List<String> ids() {
        return List.copyOf(featuresById.keySet());
    }

    /** The outline of site {@code id} projected with {@code projector}. */
    SiteOutline outline(String id, LonLatProjector projector) {
        JsonNode feature = featuresById.get(id);
        if (feature == null) {
            throw new IllegalArgumentException("unknown site id " + id + "; known: " + featuresById.keySet());
        }
        JsonNode geometry = feature.path("geometry");
        if (!"Polygon".equals(geometry.path("type").asText())) {
            throw new IllegalArgumentException("site " + id + " must be a Polygon but was " + geometry.path("type").asText());
        }
        List<double[]> rings = new ArrayList<>();
        for (JsonNode ring : geometry.path("coordinates")) {
            double[] lonLat = new double[ring.size() * 2];
            for (int i = 0; i < ring.size(); i++) {
                lonLat[2 * i] = ring.get(i).get(0).asDouble();
                lonLat[2 * i + 1] = ring.get(i).get(1).asDouble();
            }
            rings.add(projector.project(lonLat));
        }
        return new SiteOutline(id, feature.path("properties").path("name").asText(id), rings);
    }
}
