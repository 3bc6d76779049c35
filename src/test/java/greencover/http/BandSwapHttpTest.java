package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swapped red/NIR warning of an upload, through a real server. Scenes are 40 x 40 pixels of 10 m (1600 valid
 * pixels, above the 1000 the check needs), offset-free Sentinel-2 DNs ({@code offsetApplied=true}): a vegetated pixel
 * is red 500 / NIR 3500 (NDVI 0.75); swapped it is red 3500 / NIR 500 (NDVI −0.75). The warning needs more than half of
 * the valid land pixels below NDVI −0.05.
 */
class BandSwapHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** A red,nir scene whose first {@code swappedRows} rows hold swapped values. */
    private List<String> warningsOf(String name, int swappedRows) throws Exception {
        int[][] r = new int[40][40], n = new int[40][40];
        for (int y = 0; y < 40; y++) {
            java.util.Arrays.fill(r[y], y < swappedRows ? 3500 : 500);
            java.util.Arrays.fill(n[y], y < swappedRows ? 500 : 3500);
        }
        byte[] tiff = Files.readAllBytes(TestTiffs.write(dir.resolve(name + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {r, n}));
        HttpResponse<String> res = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                {"acquired", "2023-06-0" + (1 + swappedRows % 9)}, {"bands", "red,nir"}, {"processingBaseline", "05.10"},
                {"offsetApplied", "true"}}, new Object[][] {{"file", tiff}}, TestServer.TOKEN);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        List<String> out = new ArrayList<>();
        for (JsonNode w : JSON.readTree(res.body()).path("warnings")) out.add(w.asText());
        return out;
    }

    @Test
    void aSceneWithRedAndNirExchangedIsWarnedAbout() throws Exception {
        List<String> w = warningsOf("swapped", 40);
        assertThat(w).anySatisfy(s -> assertThat(s).startsWith("bands-swapped: 100.0 %"));
    }

    @Test
    void aVegetatedSceneIsNotWarnedAbout() throws Exception {
        assertThat(warningsOf("right", 0)).noneMatch(s -> s.startsWith("bands-swapped"));
    }

    @Test
    void halfTheLandRedDominatedIsNotEnough() throws Exception {
        // 20 of 40 rows: exactly 50 %, and the rule needs more than half
        assertThat(warningsOf("half", 20)).noneMatch(s -> s.startsWith("bands-swapped"));
        // 21 of 40 rows: 52.5 %
        assertThat(warningsOf("more", 21)).anySatisfy(s -> assertThat(s).startsWith("bands-swapped: 52.5 %"));
    }
}
