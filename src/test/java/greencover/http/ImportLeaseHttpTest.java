package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.app.Background;
import greencover.app.Services;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.MovableClock;
import greencover.testing.PostgresServer;
import greencover.testing.RangeFileServer;
import greencover.testing.StacApiServer;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers on one PostgreSQL catalog and their background work: an import runs on the server that started it
 * (under its lease) and on no other, until that server stops and its lease expires; then the other takes it over. A
 * watch is polled once per interval, whichever server's timer fires.
 *
 * <p>The COGs are {@link StacImportHttpTest}'s: red and NIR 512 × 512 pixels of 10 m in EPSG:32650, tiled 256, under
 * the site x 504000..504600, y 2795000..2795600. Each item has files of its own (copies), so the range server's counts
 * per file are the reads of one item. The search asks 2 items a page: 3 items are 2 pages, and the import holds on
 * page 2 ({@link StacApiServer#holdPage2}) for as long as the test wants it in flight. Leases last 3 s (servers look
 * for expired ones every 1.5 s), so waits here are deadlines of polling loops, not measurements.
 */
@ExtendWith(PostgresServer.class)
class ImportLeaseHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private RangeFileServer files;
    private Path cogs;

    @BeforeEach
    void cogs() throws Exception {
        cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeRandomRedNir(cogs, 11);
        files = new RangeFileServer(cogs);
    }

    @AfterEach
    void stop() { files.close(); }

    private AppConfig config(PostgresServer.Database db) {
        return AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().jdbc(db.url(), db.user(), db.password())
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, Duration.ofMillis(10))).build();
    }

    private TestServer server(PostgresServer.Database db, Background bg) {
        AppConfig cfg = config(db);
        return new TestServer(cfg, Services.open(cfg, bg), routes -> { });
    }

    /** An Earth Search v1 item of tile 50RMN on {@code date} whose assets are copies of its own, named after it. */
    private String item(String id, String date) throws Exception {
        Files.copy(cogs.resolve("red.tif"), cogs.resolve(id + "-red.tif"));
        Files.copy(cogs.resolve("nir.tif"), cogs.resolve(id + "-nir.tif"));
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"sentinel-2-l2a\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"" + date + "T03:12:00Z\",\"platform\":\"sentinel-2b\","
                + "\"created\":\"2023-07-01T00:00:00Z\",\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"s2:mgrs_tile\":\"50RMN\","
                + "\"eo:cloud_cover\":10,\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + files.url(id + "-red.tif") + "\"" + rb + "},\"nir\":{\"href\":\""
                + files.url(id + "-nir.tif") + "\"" + rb + "}}}";
    }

    private static String importBody(StacApiServer stac) {
        return "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\"sentinel-2-l2a\"],\"sites\":[\"dump\"],"
                + "\"datetime\":\"2023-01-01/2023-12-31\",\"maxCloud\":50,\"limit\":2}";
    }

    private static String started(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return JSON.readTree(res.body()).get("id").asText();
    }

    private static JsonNode status(TestServer s, String id) throws Exception { return JSON.readTree(s.get("/api/v1/imports/" + id).body()); }

    private static JsonNode finished(TestServer s, String id) throws Exception {
        assertThat(eventually(60_000, () -> List.of("done", "failed").contains(status(s, id).get("status").asText())))
                .as("import %s finishes", id).isTrue();
        return status(s, id);
    }

    private static int scenes(TestServer s) throws Exception { return JSON.readTree(s.get("/api/v1/scenes").body()).get("scenes").size(); }

    /** The holder of the lease {@code name} as the catalog stores it (null: none). */
    private static String holder(PostgresServer.Database db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement p = c.prepareStatement("SELECT owner FROM leases WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long searches(StacApiServer stac) { return stac.requests().stream().filter(r -> r.contains("/stac/search")).count(); }

    private static boolean eventually(long boundMs, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + boundMs * 1_000_000;
        while (true) {
            if (check.call()) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
    }

    @Test
    void anImportRunsOnceOnTheServerHoldingItsLeaseAndTheOtherTakesItOverWhenThatServerStops(PostgresServer.Database db) throws Exception {
        Background bg = Background.SERVE.withImportLease(LEASE);
        TestServer a = server(db, bg);
        try (StacApiServer stac = new StacApiServer(); TestServer b = server(db, bg)) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            String[] ids = {"S2B_50RMN_20230601_0_L2A", "S2B_50RMN_20230611_0_L2A", "S2B_50RMN_20230621_0_L2A"};
            for (int k = 0; k < 3; k++) stac.add(item(ids[k], "2023-06-" + (k * 10 + 1 < 10 ? "0" : "") + (k * 10 + 1)));
            stac.holdPage2();
            String id = started(a.postJson("/api/v1/imports", importBody(stac)));
            assertThat(stac.awaitPage2()).isTrue();

            // A is in flight on page 2; B looks for expired leases at its start and every 1.5 s: 4 looks span 2 leases
            long looked = b.services.imports().scans();
            assertThat(eventually(30_000, () -> b.services.imports().scans() >= looked + 4)).isTrue();
            assertThat(status(b, id).get("status").asText()).isEqualTo("running");
            assertThat(holder(db, "import:" + id)).isEqualTo(a.services.imports().owner());
            stac.release();
            JsonNode done = finished(b, id);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.at("/items/found").asInt()).isEqualTo(3);
            assertThat(done.at("/items/ingested").asInt()).isEqualTo(3);
            assertThat(done.at("/items/duplicate").asInt()).as("no second run met the items again").isZero();
            assertThat(done.get("errors").toString()).doesNotContain("interrupted");
            assertThat(scenes(b)).isEqualTo(3);
            // one run: the probe and two pages, asked once; every item's files read once, so alike (same layout, same window)
            assertThat(searches(stac)).isEqualTo(3);
            long red = files.requests(ids[0] + "-red.tif"), nir = files.requests(ids[0] + "-nir.tif");
            assertThat(red).isPositive();
            assertThat(nir).isPositive();
            for (String item : ids) {
                assertThat(files.requests(item + "-red.tif")).as(item).isEqualTo(red);
                assertThat(files.requests(item + "-nir.tif")).as(item).isEqualTo(nir);
            }
            assertThat(eventually(10_000, () -> holder(db, "import:" + id) == null)).as("released when done").isTrue();

            // a second import in flight on A; A stops (as a crash would, its lease left behind): B takes it over once it expires
            try (StacApiServer stac2 = new StacApiServer()) {
                String[] later = {"S2B_50RMN_20230701_0_L2A", "S2B_50RMN_20230711_0_L2A", "S2B_50RMN_20230721_0_L2A"};
                for (int k = 0; k < 3; k++) stac2.add(item(later[k], "2023-07-" + (k * 10 + 1 < 10 ? "0" : "") + (k * 10 + 1)));
                stac2.holdPage2();
                String second = started(a.postJson("/api/v1/imports", importBody(stac2)));
                assertThat(stac2.awaitPage2()).isTrue();
                assertThat(holder(db, "import:" + second)).isEqualTo(a.services.imports().owner());
                a.close(); // its lease is left to expire, as a crash leaves it
                stac2.release();
                JsonNode taken = finished(b, second);
                assertThat(taken.get("status").asText()).as(taken.toString()).isEqualTo("done");
                assertThat(taken.at("/items/found").asInt()).isEqualTo(3);
                assertThat(taken.at("/items/ingested").asInt()).isEqualTo(3);
                assertThat(taken.get("errors").toString()).contains("interrupted by a restart");
                assertThat(eventually(10_000, () -> holder(db, "import:" + second) == null)).as("B ran it to the end and released it").isTrue();
                assertThat(scenes(b)).isEqualTo(6);
                // A: the probe, page 1 and the held page 2; B: pages 1 and 2 again
                assertThat(searches(stac2)).isEqualTo(5);
                for (String item : later) assertThat(files.requests(item + "-red.tif")).as(item).isEqualTo(red);
            }
        } finally {
            a.close();
        }
    }

    @Test
    void aWatchOnTwoServersIsPolledOncePerInterval(PostgresServer.Database db) throws Exception {
        MovableClock clock = new MovableClock();
        Background bg = Background.SERVE.withImportLease(LEASE).withClock(clock);
        try (StacApiServer stac = new StacApiServer(); TestServer a = server(db, bg); TestServer b = server(db, bg)) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            stac.add(item("S2B_50RMN_20230601_0_L2A", "2023-06-01"));
            HttpResponse<String> put = a.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + stac.url()
                    + "\",\"collections\":[\"sentinel-2-l2a\"],\"maxCloud\":50,\"every\":\"PT6H\",\"from\":\"2023-01-01T00:00:00Z\"}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(eventually(30_000, () -> b.services.watches().scheduledSites().contains("dump")))
                    .as("B follows the watch A set").isTrue();
            awaitImportsFinished(a);
            long afterPut = searches(stac);
            assertThat(afterPut).as("the probe and one page").isEqualTo(2);

            int intervals = 3;
            for (int k = 0; k < intervals; k++) {
                clock.advance(Duration.ofHours(6));
                // both timers fire in the interval (in either order), and each again a little later
                TestServer first = k % 2 == 0 ? a : b, second = k % 2 == 0 ? b : a;
                int polled = 0;
                for (int round = 0; round < 2; round++) {
                    if (first.services.watches().pollDue("dump")) polled++;
                    if (second.services.watches().pollDue("dump")) polled++;
                    awaitImportsFinished(a);
                    clock.advance(Duration.ofMinutes(30));
                }
                assertThat(polled).as("interval %d", k).isEqualTo(1);
            }
            assertThat(JSON.readTree(a.get("/api/v1/imports").body()).get("imports")).hasSize(1 + intervals);
            assertThat(searches(stac)).isEqualTo(afterPut + 2L * intervals);
            assertThat(scenes(b)).isEqualTo(1);
        }
    }

    private static void awaitImportsFinished(TestServer s) throws Exception {
        assertThat(eventually(60_000, () -> {
            for (JsonNode i : JSON.readTree(s.get("/api/v1/imports").body()).get("imports")) {
                if (!List.of("done", "failed").contains(i.get("status").asText())) return false;
            }
            return true;
        })).isTrue();
    }
}
