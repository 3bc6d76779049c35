package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.StacApiServer;
import greencover.testing.TestServer;
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
 * One scene per acquisition across imports, watch polls and {@code POST /api/v1/scenes}: an Earth Search v1
 * {@code sentinel-2-l2a} item imported first, then the same take from {@code sentinel-2-c1-l2a} (baseline 05.10, newer)
 * replaces it, and the v1 item met again is a duplicate. Two tiles of one date are two acquisitions: merged, not deduplicated.
 *
 * <p>The COGs: 512 x 512 pixels of 10 m in EPSG:32650 from (500000, 2800000), tiled 256; the site the square
 * x 504000..504600, y 2795000..2795600 (columns 400..460). {@code red.tif}/{@code nir.tif} hold 1300 and 4000 DN. The v1
 * item says {@code earthsearch:boa_offset_applied}: no offset, NDVI = 2700 / 5300 = 0.509434. The c1 item's
 * {@code raster:bands} offset is -0.1 over scale 0.0001 = -1000 DN: red 300, NIR 3000, NDVI = 2700 / 3300 = 0.818182; so
 * the series tells which processing is stored. For the two tiles: {@code west-*} holds 1300/4000 in columns 0..429 and 0
 * (no data) east of them, {@code east-*} 1800/2200 (NDVI 400 / 4000 = 0.1) from column 430: each covers half of the site,
 * and the date's merged mean is (0.509434 + 0.1) / 2 = 0.304717.
 */
class AcquisitionDedupHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;
    private static final String V1 = "S2B_50RMN_20230601_0_L2A", C1 = "S2B_T50RMN_20230601T031200_L2A";
    private static final double NDVI_V1 = 2700.0 / 5300, NDVI_C1 = 2700.0 / 3300;

    @TempDir Path dir;
    private RangeFileServer files;
    private StacApiServer stac;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.write(cogs.resolve("red.tif"), 32650, 500000, 2800000, 10, filled(0, 512, 1300), 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 500000, 2800000, 10, filled(0, 512, 4000), 256);
        Cogs.write(cogs.resolve("west-red.tif"), 32650, 500000, 2800000, 10, filled(0, 430, 1300), 256);
        Cogs.write(cogs.resolve("west-nir.tif"), 32650, 500000, 2800000, 10, filled(0, 430, 4000), 256);
        Cogs.write(cogs.resolve("east-red.tif"), 32650, 500000, 2800000, 10, filled(430, 512, 1800), 256);
        Cogs.write(cogs.resolve("east-nir.tif"), 32650, 500000, 2800000, 10, filled(430, 512, 2200), 256);
        files = new RangeFileServer(cogs);
        stac = new StacApiServer();
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, java.time.Duration.ofMillis(10))).build());
        HttpResponse<String> site = server.postJson("/api/v1/sites", SITE);
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        stac.close();
        files.close();
    }

    /** 512 x 512 DN: {@code value} in columns [c0, c1), 0 elsewhere. */
    private static int[][] filled(int c0, int c1, int value) {
        int[][] b = new int[512][512];
        for (int[] row : b) java.util.Arrays.fill(row, c0, c1, value);
        return b;
    }

    /** An Earth Search item of platform sentinel-2b, with red and nir assets {@code prefix}red.tif and {@code prefix}nir.tif. */
    private String item(String id, String collection, String tile, String baseline, String created, String prefix) {
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"" + collection + "\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"2023-06-01T03:12:00" + (collection.contains("c1") ? ".024" : "") + "Z\","
                + "\"platform\":\"sentinel-2b\",\"created\":\"" + created + "\",\"proj:epsg\":32650,\"s2:processing_baseline\":\"" + baseline
                + "\",\"s2:mgrs_tile\":\"" + tile + "\",\"eo:cloud_cover\":10,\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + files.url(prefix + "red.tif") + "\"" + rb + "},\"nir\":{\"href\":\""
                + files.url(prefix + "nir.tif") + "\"" + rb + "}}}";
    }

    private String v1() { return item(V1, "sentinel-2-l2a", "50RMN", "05.09", "2023-07-01T00:00:00Z", ""); }

    private String c1() { return item(C1, "sentinel-2-c1-l2a", "50RMN", "05.10", "2024-11-01T00:00:00Z", ""); }

    /** Imports the 2023 items of {@code collection} over the site and waits for the end. */
    private JsonNode importOf(String collection) throws Exception {
        HttpResponse<String> res = server.postJson("/api/v1/imports", "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\""
                + collection + "\"],\"sites\":[\"dump\"],\"datetime\":\"2023-01-01/2023-12-31\"}");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        String id = JSON.readTree(res.body()).get("id").asText();
        for (int i = 0; i < 400; i++) {
            JsonNode s = JSON.readTree(server.get("/api/v1/imports/" + id).body());
            if (List.of("done", "failed", "cancelled").contains(s.get("status").asText())) {
                assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " did not finish");
    }

    private JsonNode scenes() throws Exception { return JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes"); }

    private JsonNode points() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/dump/timeseries");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("points");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aNewerProcessingInALaterImportReplacesTheStoredSceneAndAnOlderOneIsADuplicate() throws Exception {
        stac.add(v1());
        stac.add(c1());

        JsonNode first = importOf("sentinel-2-l2a");
        assertThat(first.at("/items/ingested").asInt()).as(first.toString()).isEqualTo(1);
        JsonNode stored = scenes();
        assertThat(stored).hasSize(1);
        String v1Scene = stored.get(0).get("id").asText();
        assertThat(stored.get(0).at("/source/acquisition").asText()).isEqualTo("sentinel-2b|50RMN|2023-06-01T03:12:00");
        assertThat(points().get(0).get("mean").asDouble()).isCloseTo(NDVI_V1, within(1e-4));

        // the c1 item of the same take, newer (baseline 05.10): it replaces the v1 scene, one point for the date
        JsonNode second = importOf("sentinel-2-c1-l2a");
        assertThat(second.at("/items/ingested").asInt()).as(second.toString()).isEqualTo(1);
        assertThat(second.at("/items/duplicate").asInt()).isEqualTo(0);
        stored = scenes();
        assertThat(stored).as(stored.toString()).hasSize(1);
        String c1Scene = stored.get(0).get("id").asText();
        assertThat(c1Scene).isNotEqualTo(v1Scene);
        assertThat(stored.get(0).at("/source/itemId").asText()).isEqualTo(C1);
        assertThat(server.get("/api/v1/scenes/" + v1Scene).statusCode()).isEqualTo(404);
        JsonNode points = points();
        assertThat(points).as(points.toString()).hasSize(1);
        assertThat(points.get(0).get("mean").asDouble()).isCloseTo(NDVI_C1, within(1e-4));
        assertThat(texts(points.get(0).get("sceneIds"))).containsExactly(c1Scene);
        assertThat(points.get(0).get("provenance")).hasSize(1);
        assertThat(points.get(0).at("/provenance/0/collection").asText()).isEqualTo("sentinel-2-c1-l2a");

        // the v1 item met again (an import, then POST /scenes): a duplicate of the stored c1 scene, nothing fetched or changed
        long fetched = files.requests("red.tif");
        JsonNode third = importOf("sentinel-2-l2a");
        assertThat(third.at("/items/duplicate").asInt()).as(third.toString()).isEqualTo(1);
        assertThat(third.at("/items/ingested").asInt()).isEqualTo(0);
        HttpResponse<String> posted = server.postJson("/api/v1/scenes", "{\"stacItem\":" + v1() + "}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(posted.body());
        assertThat(answer.get("duplicate").asBoolean()).isTrue();
        assertThat(answer.at("/scene/id").asText()).isEqualTo(c1Scene);
        assertThat(answer.at("/statistics/0/mean").asDouble()).isCloseTo(NDVI_C1, within(1e-4));
        assertThat(scenes()).hasSize(1);
        points = points();
        assertThat(points).hasSize(1);
        assertThat(points.get(0).get("mean").asDouble()).isCloseTo(NDVI_C1, within(1e-4));
        assertThat(files.requests("red.tif")).as("the duplicates fetched nothing").isEqualTo(fetched);
    }

    @Test
    void aNewerProcessingPostedReplacesTheOlderAndTheAnswerSaysSo() throws Exception {
        HttpResponse<String> older = server.postJson("/api/v1/scenes", "{\"stacItem\":" + v1() + "}");
        assertThat(older.statusCode()).as(older.body()).isEqualTo(201);
        long afterFirst = files.requests("red.tif");
        HttpResponse<String> newer = server.postJson("/api/v1/scenes", "{\"stacItem\":" + c1() + "}");
        assertThat(newer.statusCode()).as(newer.body()).isEqualTo(201);
        JsonNode n = JSON.readTree(newer.body());
        assertThat(n.at("/statistics/0/mean").asDouble()).isCloseTo(NDVI_C1, within(1e-4));
        assertThat(n.get("warnings").toString()).contains("replaced-older-processing").contains(V1);
        assertThat(scenes()).hasSize(1);
        assertThat(points()).hasSize(1);
        assertThat(points().get(0).get("mean").asDouble()).isCloseTo(NDVI_C1, within(1e-4));
        long afterSecond = files.requests("red.tif");
        assertThat(afterSecond).isGreaterThan(afterFirst);

        HttpResponse<String> again = server.postJson("/api/v1/scenes", "{\"stacItem\":" + v1() + "}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(files.requests("red.tif")).as("a duplicate is recognised before any fetch").isEqualTo(afterSecond);
        assertThat(scenes()).hasSize(1);
    }

    @Test
    void twoTilesOfOneDateAreTwoAcquisitionsMergedIntoOnePoint() throws Exception {
        stac.add(item("S2B_50RMN_20230601_0_L2A", "sentinel-2-l2a", "50RMN", "05.09", "2023-07-01T00:00:00Z", "west-"));
        stac.add(item("S2B_50RMP_20230601_0_L2A", "sentinel-2-l2a", "50RMP", "05.09", "2023-07-01T00:00:00Z", "east-"));
        JsonNode s = importOf("sentinel-2-l2a");
        assertThat(s.at("/items/ingested").asInt()).as(s.toString()).isEqualTo(2);
        assertThat(s.at("/items/skipped").asInt()).isEqualTo(0);
        assertThat(scenes()).hasSize(2);
        JsonNode points = points();
        assertThat(points).as(points.toString()).hasSize(1);
        JsonNode p = points.get(0);
        assertThat(p.get("sceneIds")).hasSize(2);
        assertThat(p.get("provenance")).hasSize(2);
        assertThat(p.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo((NDVI_V1 + 0.1) / 2, within(1e-4));
    }
}
