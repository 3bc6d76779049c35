package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import greencover.testing.TiffEdits;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sentinel-2 BOA offset stated by the caller ({@code offsetApplied}) or by the file (GDAL scale/offset metadata),
 * through a real server. Scenes are 40 x 40 pixels of 10 m in EPSG:32650 (1600 valid pixels, enough for the dark-pixel
 * check) under a site covering them whole, every pixel alike:
 * <ul>
 *   <li>offset-free DNs red 500, NIR 3500: reflectance 0.05 / 0.35, NDVI (0.35 − 0.05) / 0.40 = 0.75;</li>
 *   <li>the same with the −1000 offset wrongly subtracted: red clamps to 0, NDVI 1;</li>
 *   <li>offset-carrying DNs red 1500, NIR 4500 read as offset-free: 0.15 / 0.45, NDVI 0.30 / 0.60 = 0.5.</li>
 * </ul>
 */
class BoaOffsetHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String S2_METADATA = "<GDALMetadata><Item name=\"OFFSET\" role=\"offset\" sample=\"0\">%s</Item>"
            + "<Item name=\"SCALE\" role=\"scale\" sample=\"0\">0.0001</Item></GDALMetadata>";

    @TempDir Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        HttpResponse<String> site = server.postJson("/api/v1/sites", "{\"type\":\"Feature\",\"id\":\"tile\",\"crs\":{\"type\":\"name\","
                + "\"properties\":{\"name\":\"EPSG:32650\"}},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[500000,2799600],"
                + "[500400,2799600],[500400,2800000],[500000,2800000],[500000,2799600]]]},\"properties\":{}}");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    /** A red,nir file of 40 x 40 pixels holding {@code red} and {@code nir} everywhere, with GDAL metadata when given. */
    private byte[] scene(String name, int red, int nir, String gdalMetadata) throws Exception {
        int[][] r = new int[40][40], n = new int[40][40];
        for (int y = 0; y < 40; y++) {
            java.util.Arrays.fill(r[y], red);
            java.util.Arrays.fill(n[y], nir);
        }
        byte[] tiff = Files.readAllBytes(TestTiffs.write(dir.resolve(name + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {r, n}));
        return gdalMetadata == null ? tiff : TiffEdits.setAscii(tiff, 42112, gdalMetadata);
    }

    private JsonNode ingest(byte[] file, String acquired, String... fields) throws Exception {
        String[][] f = new String[3 + fields.length / 2][];
        f[0] = new String[] {"sensor", "sentinel2-l2a"};
        f[1] = new String[] {"acquired", acquired};
        f[2] = new String[] {"bands", "red,nir"};
        for (int i = 0; i < fields.length; i += 2) f[3 + i / 2] = new String[] {fields[i], fields[i + 1]};
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", f, new Object[][] {{"file", file}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    @Test
    void offsetAppliedDnsWithTheTrueBaselineGiveTheHandComputedMean() throws Exception {
        JsonNode r = ingest(scene("applied", 500, 3500, null), "2023-06-01", "processingBaseline", "05.10", "offsetApplied", "true");
        assertThat(r.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        assertThat(r.at("/scene/processingBaseline").asText()).isEqualTo("05.10");
        assertThat(r.at("/scene/baselineRule").asText()).isEqualTo("field");
        assertThat(r.at("/scene/offsetDn").asInt()).isZero();
        assertThat(r.at("/scene/offsetRule").asText()).isEqualTo("offsetApplied");
        assertThat(r.at("/scene/offsetApplied").asBoolean()).isTrue();
        assertThat(r.get("warnings")).isEmpty();
        // the catalog keeps the declaration and the rule
        JsonNode listed = JSON.readTree(server.get("/api/v1/scenes/" + r.at("/scene/id").asText()).body());
        assertThat(listed.get("offsetRule").asText()).isEqualTo("offsetApplied");
        assertThat(listed.get("offsetDn").asInt()).isZero();
    }

    @Test
    void aDeclarationTheDarkPixelsContradictIsAWarning() throws Exception {
        // the true baseline without offsetApplied: -1000 is subtracted from offset-free DNs
        JsonNode wrong = ingest(scene("wrong", 500, 3501, null), "2023-06-02", "processingBaseline", "05.10");
        assertThat(wrong.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        assertThat(wrong.at("/statistics/0/mean").asDouble()).isCloseTo(1.0, within(1e-4));
        assertThat(wrong.get("warnings")).hasSize(1);
        assertThat(wrong.at("/warnings/0").asText()).startsWith("offset-contradicted:").contains("100.0 %").contains("offsetApplied=true");
        // offset-carrying DNs of a pre-04.00 date: nothing subtracted, and no dark pixel anywhere
        JsonNode carried = ingest(scene("carried", 1500, 4500, null), "2020-06-01");
        assertThat(carried.at("/scene/offsetDn").asInt()).isZero();
        assertThat(carried.at("/statistics/0/mean").asDouble()).isCloseTo(0.5, within(1e-4));
        assertThat(carried.at("/warnings/0").asText()).startsWith("offset-unverified:");
        // a malformed declaration is a 400 naming the field
        HttpResponse<String> bad = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                {"acquired", "2023-06-03"}, {"bands", "red,nir"}, {"offsetApplied", "maybe"}},
                new Object[][] {{"file", scene("bad", 500, 3502, null)}}, TestServer.TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("offsetApplied");
    }

    @Test
    void theFilesGdalOffsetIsUsedWhenPlausibleAndTheFieldWinsOverIt() throws Exception {
        // offset -0.1 declared by the file on offset-carrying DNs, though the date alone would say no offset
        JsonNode withOffset = ingest(scene("file-offset", 1500, 4500, String.format(S2_METADATA, "-0.1")), "2020-06-02");
        assertThat(withOffset.at("/scene/offsetRule").asText()).isEqualTo("file");
        assertThat(withOffset.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        assertThat(withOffset.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        assertThat(withOffset.get("warnings")).isEmpty();
        // offset 0 declared by the file on offset-free DNs of baseline 05.10
        JsonNode noOffset = ingest(scene("file-zero", 500, 3500, String.format(S2_METADATA, "0")), "2023-06-04",
                "processingBaseline", "05.10");
        assertThat(noOffset.at("/scene/offsetRule").asText()).isEqualTo("file");
        assertThat(noOffset.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        // the caller's field against the file: the field is followed, with a warning
        JsonNode conflict = ingest(scene("conflict", 1500, 4500, String.format(S2_METADATA, "0")), "2023-06-05",
                "processingBaseline", "05.10", "offsetApplied", "false");
        assertThat(conflict.at("/scene/offsetDn").asInt()).isEqualTo(-1000);
        assertThat(conflict.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        assertThat(conflict.at("/warnings/0").asText()).startsWith("offset-conflict:");
        // an implausible scale is ignored, with a warning: the baseline decides
        JsonNode odd = ingest(scene("odd", 1500, 4500, "<GDALMetadata><Item name=\"SCALE\" sample=\"0\" role=\"scale\">1</Item></GDALMetadata>"),
                "2023-06-06", "processingBaseline", "05.10");
        assertThat(odd.at("/scene/offsetRule").asText()).isEqualTo("baseline");
        assertThat(odd.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        assertThat(odd.at("/warnings/0").asText()).startsWith("file-scaling-ignored:");
    }

    /**
     * Separate red and NIR files whose GDAL metadata disagree (red offset −0.1, NIR offset 0: bands of two collections)
     * get a file-scaling-differs warning naming both; the red band's metadata decides for both, as documented: red DN 1500
     * and NIR DN 3500 minus 1000 give 0.05 / 0.25, NDVI 0.20 / 0.30 = 0.6667. Agreeing files get no warning (0.75).
     */
    @Test
    void separateBandFilesDeclaringDifferentOffsetsAreAWarning() throws Exception {
        JsonNode differ = ingestPair("differ", 1500, "-0.1", 3500, "0", "2023-06-07");
        assertThat(differ.at("/scene/offsetRule").asText()).isEqualTo("file");
        assertThat(differ.at("/statistics/0/mean").asDouble()).isCloseTo(0.6667, within(1e-4));
        assertThat(differ.get("warnings")).hasSize(1);
        assertThat(differ.at("/warnings/0").asText()).startsWith("file-scaling-differs: nir declares scale 1.0E-4, offset 0.0 but "
                + "red declares scale 1.0E-4, offset -0.1");
        JsonNode agree = ingestPair("agree", 1500, "-0.1", 4500, "-0.1", "2023-06-08");
        assertThat(agree.at("/statistics/0/mean").asDouble()).isCloseTo(0.75, within(1e-4));
        assertThat(agree.get("warnings")).isEmpty();
    }

    private JsonNode ingestPair(String name, int red, String redOffset, int nir, String nirOffset, String acquired) throws Exception {
        byte[][] files = new byte[2][];
        int[] dn = {red, nir};
        String[] offsets = {redOffset, nirOffset};
        for (int b = 0; b < 2; b++) {
            int[][] v = new int[40][40];
            for (int[] row : v) java.util.Arrays.fill(row, dn[b]);
            byte[] tiff = Files.readAllBytes(TestTiffs.write(dir.resolve(name + b + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {v}));
            files[b] = TiffEdits.setAscii(tiff, 42112, String.format(S2_METADATA, offsets[b]));
        }
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", acquired},
                {"processingBaseline", "05.10"}}, new Object[][] {{"red", files[0]}, {"nir", files[1]}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
