package greencover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample folder built into the jar (the build copies {@code sample-tiles/} to {@code greencover/samples/}), so
 * {@code java -jar greencover.jar serve} has its samples from any working directory. The manifest names every file,
 * so the folder is copied out file by file to a temporary directory, loaded like any sample folder, then deleted:
 * ingest keeps its own copies of the scenes.
 */
final class BundledSamples {
    static final String ROOT = "/greencover/samples/";

    private BundledSamples() {}

    /** Whether this jar (or class path) holds the samples. */
    static boolean present() { return BundledSamples.class.getResource(ROOT + "manifest.json") != null; }

    /** Copies the bundled samples to a new temporary directory and returns it; {@link #delete(Path)} it after use. */
    static Path extract() throws IOException {
        Path dir = Files.createTempDirectory("greencover-samples");
        try {
            JsonNode manifest;
            try (InputStream in = open("manifest.json")) {
                manifest = new ObjectMapper().readTree(in);
            }
            List<String> names = new ArrayList<>(List.of("manifest.json", manifest.path("sites").asText("sites.geojson")));
            for (JsonNode scene : manifest.path("scenes")) scene.path("files").forEach(f -> names.add(f.asText()));
            for (String name : names) {
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) throw new IOException("bundled sample file outside its folder: " + name);
                Files.createDirectories(target.getParent());
                try (InputStream in = open(name)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = BundledSamples.class.getResourceAsStream(ROOT + name);
        if (in == null) throw new IOException("the jar lacks its bundled sample file " + name);
        return in;
    }

    /** Deletes an extracted folder, best effort. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
