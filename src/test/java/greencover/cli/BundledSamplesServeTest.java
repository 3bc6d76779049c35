package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} started in an empty folder (no {@code ./sample-tiles}) loads the samples built into the class path
 * (as the jar has them): every site of {@code sample-tiles/sites.geojson} and every scene of its manifest, counted
 * from those files.
 */
class BundledSamplesServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @Test
    void serveOutsideTheRepositoryLoadsTheSamplesFromTheJar() throws Exception {
        int sites = JSON.readTree(Path.of("sample-tiles/sites.geojson").toFile()).path("features").size();
        int scenes = JSON.readTree(Path.of("sample-tiles/manifest.json").toFile()).path("scenes").size();
        assertThat(sites).isPositive();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--host", "127.0.0.1", "--data", "data").directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("GreenCover is serving on http://127\\.0\\.0\\.1:(\\d+)/");
            String loaded = null;
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                if (line.startsWith("loaded samples from ")) loaded = line;
                Matcher m = serving.matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
            }
            assertThat(port).as("the server started").isPositive();
            assertThat(loaded).startsWith("loaded samples from the jar: " + sites + " sites, " + scenes + " scenes");
            HttpClient http = HttpClient.newHttpClient();
            JsonNode siteList = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(siteList.path("features").size()).isEqualTo(sites);
            JsonNode sceneList = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/scenes")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode items = sceneList.isArray() ? sceneList : sceneList.path("scenes");
            assertThat(items.size()).isEqualTo(scenes);
            assertThat(Files.exists(dir.resolve("sample-tiles"))).isFalse();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
