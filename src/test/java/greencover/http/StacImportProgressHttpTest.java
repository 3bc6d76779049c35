package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import counts, over time and across a restart, and a watch driven by its own timer, all through the HTTP
 * API of a real server: a watch picks up an item added to the catalog after it was set, polls again without storing
 * it twice, and stops when deleted; an import stopped with the server half-way carries on from the counts it stored;
 * each import's {@code bytesRead} is the bytes the range server served for its own items' assets.
 *
 * <p>The COGs: red and NIR 512 x 512 pixels of 10 m in EPSG:32650 from (500000, 2800000), tiled 256, copied once per
 * item ({@code red-k.tif}, {@code nir-k.tif}) so that the range server counts each item's bytes apart; the site the
 * square x 504000..504600, y 2795000..2795600 inside them.
 */
class StacImportProgressHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;
    /** Generous waits for background work (not timing assertions). */
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir Path dir;
    private Path cogs;
    private RangeFileServer files;
    private StacApiServer stac;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeRandomRedNir(cogs, 7);
        files = new RangeFileServer(cogs);
        stac = new StacApiServer();
        server = open(dir.resolve("data"));
        HttpResponse<String> site = server.postJson("/api/v1/sites", SITE);
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    /** A server on {@code data} whose watches may poll every 500 ms (the production minimum is a minute). */
    private TestServer open(Path data) {
        return new TestServer(AppConfig.forTests(data, TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, Duration.ofMillis(10)))
                .watchMinEvery(Duration.ofMillis(500)).build());
    }

    @AfterEach
    void stop() {
        server.close();
        stac.close();
        files.close();
    }

    /** Item {@code k}: an Earth Search v1 item of tile 50RMN sensed on 2023-06-{k} whose assets are red-k.tif and nir-k.tif. */
    private String item(int k) throws Exception {
        for (String band : new String[] {"red", "nir"}) {
            Path copy = cogs.resolve(band + "-" + k + ".tif");
            if (!Files.exists(copy)) Files.copy(cogs.resolve(band + ".tif"), copy);
        }
        String day = String.format("%02d", k);
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2B_50RMN_202306" + day + "_0_L2A\",\"collection\":\"sentinel-2-l2a\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"2023-06-" + day + "T03:12:00Z\",\"platform\":\"sentinel-2b\","
                + "\"created\":\"2023-07-01T00:00:00Z\",\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"s2:mgrs_tile\":\"50RMN\","
                + "\"eo:cloud_cover\":10,\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + files.url("red-" + k + ".tif") + "\"" + rb + "},\"nir\":{\"href\":\""
                + files.url("nir-" + k + ".tif") + "\"" + rb + "}}}";
    }

    /** The bytes the range server served for items {@code ks}' assets. */
    private long served(int... ks) {
        long n = 0;
        for (int k : ks) n += files.bytes("red-" + k + ".tif") + files.bytes("nir-" + k + ".tif");
        return n;
    }

    private String importBody(int limit) {
        return "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\"sentinel-2-l2a\"],\"sites\":[\"dump\"],"
                + "\"datetime\":\"2023-01-01/2023-12-31\",\"maxCloud\":50,\"limit\":" + limit + "}";
    }

    private String started(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return JSON.readTree(res.body()).get("id").asText();
    }

    private JsonNode status(String id) throws Exception { return JSON.readTree(server.get("/api/v1/imports/" + id).body()); }

    private JsonNode waitFinished(String id) throws Exception {
        return waitFor(() -> status(id), s -> List.of("done", "failed", "cancelled").contains(s.get("status").asText()), "import " + id + " to finish");
    }

    private JsonNode scenes() throws Exception { return JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes"); }

    private JsonNode imports() throws Exception { return JSON.readTree(server.get("/api/v1/imports").body()).get("imports"); }

    private interface Read { JsonNode get() throws Exception; }

    /** Reads until {@code done} holds, within {@link #DEADLINE}. */
    private static JsonNode waitFor(Read read, Predicate<JsonNode> done, String what) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            JsonNode n = read.get();
            if (done.test(n)) return n;
            if (System.nanoTime() > end) throw new AssertionError("waited " + DEADLINE + " for " + what + "; last: " + n);
            Thread.sleep(100);
        }
    }

    @Test
    void aWatchPicksUpAnItemAddedAfterItWasSetPollsAgainIdempotentlyAndStopsWhenDeleted() throws Exception {
        stac.add(item(1));
        String watch = "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\"sentinel-2-l2a\"],\"maxCloud\":50,\"every\":\"PT1S\","
                + "\"from\":\"2023-01-01T00:00:00Z\"}";
        HttpResponse<String> tooOften = server.send("PUT", "/api/v1/sites/dump/watch", watch.replace("PT1S", "PT0.1S"));
        assertThat(tooOften.statusCode()).as(tooOften.body()).isEqualTo(400); // below this server's minimum of 500 ms
        assertThat(JSON.readTree(tooOften.body()).get("field").asText()).isEqualTo("every");

        HttpResponse<String> put = server.send("PUT", "/api/v1/sites/dump/watch", watch);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        waitFor(this::scenes, s -> s.size() == 1, "the first poll's scene");

        stac.add(item(2)); // after the watch was set: only its timer can find it
        JsonNode two = waitFor(this::scenes, s -> s.size() == 2, "the timer's poll to ingest the item added later");
        assertThat(two.findValuesAsText("itemId")).containsExactlyInAnyOrder("S2B_50RMN_20230601_0_L2A", "S2B_50RMN_20230602_0_L2A");

        // a later poll finds both items stored: two duplicates, nothing ingested again
        JsonNode later = waitFor(this::imports, all -> {
            for (JsonNode i : all) if (i.get("status").asText().equals("done") && i.at("/items/duplicate").asInt() == 2) return true;
            return false;
        }, "a poll after the second item was stored");
        int ingested = 0;
        for (JsonNode i : later) {
            assertThat(i.get("watchSite").asText()).isEqualTo("dump");
            ingested += i.at("/items/ingested").asInt();
        }
        assertThat(ingested).as(later.toString()).isEqualTo(2); // each item once over every poll
        assertThat(later.size()).isGreaterThanOrEqualTo(3);       // the first poll and at least two of the timer's
        assertThat(scenes()).hasSize(2);
        assertThat(JSON.readTree(server.get("/api/v1/sites/dump/timeseries").body()).get("points")).hasSize(2);

        HttpResponse<String> get = server.get("/api/v1/sites/dump/watch");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode w = JSON.readTree(get.body());
        assertThat(w.get("every").asText()).isEqualTo("PT1S");
        assertThat(w.get("lastPollAt").isTextual()).isTrue();
        assertThat(w.get("lastImport").asText()).startsWith("/api/v1/imports/imp-");

        assertThat(server.delete("/api/v1/sites/dump/watch").statusCode()).isEqualTo(204);
        assertThat(server.get("/api/v1/sites/dump/watch").statusCode()).isEqualTo(404);
        Thread.sleep(1500); // a poll already under way when the watch was deleted may still start its import
        JsonNode settled = waitFor(this::imports, all -> {
            for (JsonNode i : all) if (!List.of("done", "failed", "cancelled").contains(i.get("status").asText())) return false;
            return true;
        }, "the last poll's import to finish");
        Thread.sleep(3000); // three intervals of the deleted watch
        assertThat(imports()).as("no poll after the delete").hasSize(settled.size());
        assertThat(scenes()).hasSize(2);
    }

    @Test
    void anImportStoppedHalfWayByAServerStopCarriesOnFromItsStoredCountsAndCountsEachItemOnce() throws Exception {
        for (int k = 1; k <= 4; k++) stac.add(item(k));
        files.stallFirst("red-3.tif", "nir-3.tif"); // item 3's first read holds until the server is stopped
        String id = started(server.postJson("/api/v1/imports", importBody(10)));
        assertThat(files.awaitStalled()).isTrue();
        JsonNode mid = status(id);
        assertThat(mid.get("status").asText()).isEqualTo("running");
        assertThat(mid.at("/items/found").asInt()).isEqualTo(4);
        assertThat(mid.at("/items/ingested").asInt()).as(mid.toString()).isEqualTo(2); // items 1 and 2, stored as each completed
        assertThat(mid.get("bytesRead").asLong()).isEqualTo(served(1, 2));
        long requestsOf1 = files.requests("red-1.tif") + files.requests("nir-1.tif");
        long requestsOf2 = files.requests("red-2.tif") + files.requests("nir-2.tif");

        server.close(); // while item 3 is being read: the import stays running in the catalog
        files.releaseStalled(); // the held request answers 503 to a server that is gone, and serves no byte
        server = open(dir.resolve("data"));

        JsonNode resumed = status(id); // before anything more is done: the stored counts, not zero
        assertThat(resumed.at("/items/ingested").asInt()).as(resumed.toString()).isGreaterThanOrEqualTo(2);
        assertThat(resumed.get("bytesRead").asLong()).isGreaterThanOrEqualTo(served(1, 2));

        JsonNode s = waitFinished(id);
        assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
        // four items, each counted once: 1 and 2 before the stop, 3 and 4 after it
        assertThat(s.at("/items/found").asInt()).isEqualTo(4);
        assertThat(s.at("/items/ingested").asInt()).as(s.toString()).isEqualTo(4);
        assertThat(s.at("/items/duplicate").asInt()).isZero();
        assertThat(s.at("/items/skipped").asInt()).isZero();
        assertThat(s.at("/items/failed").asInt()).isZero();
        assertThat(s.get("bytesRead").asLong()).isEqualTo(served(1, 2, 3, 4));
        assertThat(s.get("errors").toString()).contains("interrupted by a restart");
        // items 1 and 2 were not read again
        assertThat(files.requests("red-1.tif") + files.requests("nir-1.tif")).isEqualTo(requestsOf1);
        assertThat(files.requests("red-2.tif") + files.requests("nir-2.tif")).isEqualTo(requestsOf2);
        JsonNode scenes = scenes();
        assertThat(scenes).hasSize(4);
        assertThat(scenes.findValuesAsText("itemId")).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void eachImportsBytesReadAreTheBytesServedForItsOwnItemsNotTheServersTotal() throws Exception {
        for (int k = 1; k <= 3; k++) stac.add(item(k));
        stac.holdPage2();
        String a = started(server.postJson("/api/v1/imports", importBody(2)));
        assertThat(stac.awaitPage2()).isTrue();
        // while import A searches, another request reads other files: item 9, posted as a scene
        HttpResponse<String> other = server.postJson("/api/v1/scenes", "{\"stacItem\":" + item(9) + "}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        assertThat(served(9)).isPositive();
        stac.release();
        JsonNode sa = waitFinished(a);
        assertThat(sa.at("/items/ingested").asInt()).as(sa.toString()).isEqualTo(3);
        assertThat(sa.get("bytesRead").asLong()).isEqualTo(served(1, 2, 3));

        for (int k = 4; k <= 5; k++) stac.add(item(k));
        JsonNode sb = waitFinished(started(server.postJson("/api/v1/imports", importBody(2))));
        assertThat(sb.at("/items/ingested").asInt()).as(sb.toString()).isEqualTo(2);  // 4 and 5
        assertThat(sb.at("/items/duplicate").asInt()).isEqualTo(3);                  // 1 to 3, stored: no byte read
        assertThat(sb.get("bytesRead").asLong()).isEqualTo(served(4, 5));
        List<Long> each = new ArrayList<>();
        for (int k : new int[] {1, 2, 3, 4, 5, 9}) each.add(served(k));
        assertThat(each).allMatch(n -> n > 0);
        assertThat(sa.get("bytesRead").asLong() + sb.get("bytesRead").asLong()).isEqualTo(served(1, 2, 3, 4, 5)).isLessThan(served(1, 2, 3, 4, 5, 9));
    }
}
