package greencover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.core.raster.BandRole;
import greencover.app.Services;
import greencover.geojson.GeoJsonCodec;
import greencover.service.BandInput;
import greencover.service.IngestRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Loads a sample folder (manifest.json + sites.geojson + scene GeoTIFFs) through the same services as the API.
 * Public so that tests can load the bundled samples exactly as {@code serve} does.
 */
public final class SampleLoader {
    private SampleLoader() {}

    /** Loads all sites and all scenes of the sample folder {@code dir}, reporting one summary line to {@code log}. */
    public static void load(Path dir, Services services, Consumer<String> log) throws IOException {
        load(dir, services, name -> true, log);
    }

    /**
     * Loads all sites of the sample folder {@code dir} and the scenes whose product name passes {@code sceneName}
     * (e.g. {@code n -> n.contains("_T50RMN_")} for the Zijinshan tile only).
     */
    public static void load(Path dir, Services services, Predicate<String> sceneName, Consumer<String> log)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(sceneName, "sceneName");
        Objects.requireNonNull(log, "log");
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(dir.resolve("manifest.json").toFile());
        String sitesFile = manifest.path("sites").asText("sites.geojson");
        long t0 = System.nanoTime();
        services.sites().add(GeoJsonCodec.sites(json.readTree(dir.resolve(sitesFile).toFile())));
        int n = 0;
        for (JsonNode s : manifest.path("scenes")) {
            if (!sceneName.test(s.path("name").asText())) continue;
            services.scenes().ingest(request(dir, s), null);
            n++;
        }
        log.accept(String.format("loaded samples from %s: %d sites, %d scenes in %.1f s", dir,
                services.sites().list().size(), n, (System.nanoTime() - t0) / 1e9));
    }

    static IngestRequest request(Path dir, JsonNode s) {
        List<BandInput> bands = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = s.path("files").fields();
        while (it.hasNext()) {
            var e = it.next();
            bands.add(new BandInput(BandRole.parse(e.getKey()), dir.resolve(e.getValue().asText()), 0, e.getKey()));
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>(); // the sensor's own fields, e.g. processingBaseline
        s.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !List.of("sensor", "acquired", "name").contains(e.getKey())) {
                fields.put(e.getKey(), e.getValue().asText());
            }
        });
        return new IngestRequest(bands, s.path("sensor").asText(), s.path("acquired").asText(), s.path("name").asText(null), fields);
    }
}
