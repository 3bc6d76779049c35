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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports from a local STAC API ({@link StacApiServer}) whose items point at COGs on a local range server: paging in
 * both forms, one item per acquisition, a failing item among good ones, status over HTTP, cancel, resumption after a
 * restart on the same data directory, a watch, and bad requests refused with nothing stored.
 *
 * <p>The COGs: red and NIR 512 x 512 pixels of 10 m in EPSG:32650 from (500000, 2800000), tiled 256; the site the
 * square x 504000..504600, y 2795000..2795600 inside them. Every Earth Search item of a date points at those files.
 */
class StacImportHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private RangeFileServer files;
    private StacApiServer stac;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeRandomRedNir(cogs, 11);
        files = new RangeFileServer(cogs);
        stac = new StacApiServer();
        server = open(dir.resolve("data"));
        HttpResponse<String> site = server.postJson("/api/v1/sites", SITE);
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
    }

    private TestServer open(Path data) {
        return new TestServer(AppConfig.forTests(data, TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, java.time.Duration.ofMillis(10))).build());
    }

    @AfterEach
    void stop() {
        server.close();
        stac.close();
        files.close();
    }

    /** An Earth Search v1 item of tile 50RMN (platform sentinel-2b) whose red asset is {@code red}. */
    private String item(String id, String collection, String datetime, String baseline, String created, double cloud, String red) {
        String rb = ",\"raster:bands\":[{\"nodata\":0,\"data_type\":\"uint16\",\"scale\":0.0001,\"offset\":-0.1}]";
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"" + id + "\",\"collection\":\"" + collection + "\","
                + "\"geometry\":null,\"properties\":{\"datetime\":\"" + datetime + "\",\"platform\":\"sentinel-2b\",\"created\":\"" + created + "\","
                + "\"proj:epsg\":32650,\"s2:processing_baseline\":\"" + baseline + "\",\"s2:mgrs_tile\":\"50RMN\",\"eo:cloud_cover\":" + cloud + ","
                + "\"earthsearch:boa_offset_applied\":true},"
                + "\"assets\":{\"red\":{\"href\":\"" + red + "\"" + rb + "},\"nir\":{\"href\":\"" + files.url("nir.tif") + "\"" + rb + "}}}";
    }

    private String good(String id, String datetime) {
        return item(id, "sentinel-2-l2a", datetime, "05.09", "2023-07-01T00:00:00Z", 10, files.url("red.tif"));
    }

    private HttpResponse<String> postImport(String body) throws Exception { return server.postJson("/api/v1/imports", body); }

    private String importBody(String extra) {
        return "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\"sentinel-2-l2a\",\"sentinel-2-c1-l2a\"],\"sites\":[\"dump\"],"
                + "\"datetime\":\"2023-01-01/2023-12-31\",\"maxCloud\":50,\"limit\":2" + extra + "}";
    }

    private JsonNode waitFinished(String id) throws Exception {
        for (int i = 0; i < 400; i++) {
            JsonNode s = JSON.readTree(server.get("/api/v1/imports/" + id).body());
            if (List.of("done", "failed", "cancelled").contains(s.get("status").asText())) return s;
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " did not finish");
    }

    private String started(HttpResponse<String> res) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        JsonNode b = JSON.readTree(res.body());
        assertThat(b.get("status").asText()).isEqualTo("queued");
        return b.get("id").asText();
    }

    @Test
    void anImportEvaluatesTheAlertsOfTheSitesItsScenesMeetWhenItEnds() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        assertThat(JSON.readTree(server.get("/api/v1/alerts?site=dump").body()).get("alerts")).isEmpty();
        JsonNode s = waitFinished(started(postImport(importBody(""))));
        assertThat(s.get("status").asText()).isEqualTo("done");
        assertThat(s.at("/items/ingested").asInt()).isEqualTo(2);
        // the newest clear observation is 2023-06-11, years before today: "no clear observation for 90 days" is open,
        // once, on the newest date (the evaluation ran after both items, once for the import)
        JsonNode alerts = JSON.readTree(server.get("/api/v1/alerts?site=dump&state=open").body()).get("alerts");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("rule").asText()).isEqualTo("noClearObservation");
        assertThat(alerts.get(0).toString()).contains("2023-06-11");
    }

    @Test
    void threePagesInBothFormsOneItemPerAcquisitionAndAFailingItemThatStopsNoOther() throws Exception {
        // A and A2: one acquisition, processed twice (A2 newer: baseline 05.10, in the c1 collection); B another date;
        // D's red asset is missing (404); E is too cloudy and the catalog does not return it
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        stac.add(item("S2B_T50RMN_20230601T031200_L2A", "sentinel-2-c1-l2a", "2023-06-01T03:12:00.024Z", "05.10", "2024-11-01T00:00:00Z", 10,
                files.url("red.tif")));
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        stac.add(item("S2B_50RMN_20230621_0_L2A", "sentinel-2-l2a", "2023-06-21T03:12:00Z", "05.09", "2023-07-01T00:00:00Z", 10,
                files.url("missing.tif")));
        stac.add(item("S2B_50RMN_20230701_0_L2A", "sentinel-2-l2a", "2023-07-01T03:12:00Z", "05.09", "2023-07-02T00:00:00Z", 90,
                files.url("red.tif")));

        String id = started(postImport(importBody("")));
        JsonNode s = waitFinished(id);
        assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
        assertThat(s.at("/items/found").asInt()).isEqualTo(4);
        assertThat(s.at("/items/ingested").asInt()).isEqualTo(2);   // A2 and B
        assertThat(s.at("/items/skipped").asInt()).isEqualTo(1);    // A, superseded by A2
        assertThat(s.at("/items/failed").asInt()).isEqualTo(1);     // D
        assertThat(s.at("/items/duplicate").asInt()).isEqualTo(0);
        assertThat(s.get("bytesRead").asLong()).isGreaterThan(0);
        assertThat(s.get("errors")).hasSize(1);
        assertThat(s.at("/errors/0/item").asText()).isEqualTo("S2B_50RMN_20230621_0_L2A");
        assertThat(s.at("/errors/0/error").asText()).contains("missing.tif").contains("404");
        assertThat(s.get("startedAt").isTextual()).isTrue();
        assertThat(s.get("finishedAt").isTextual()).isTrue();

        // page 1 by POST with the search, page 2 by the merged POST body, page 3 by the GET token link
        List<String> searches = stac.requests().stream().filter(r -> r.contains("/stac/search")).toList();
        assertThat(searches.get(0)).startsWith("POST /stac/search ").contains("\"intersects\":{\"type\":\"Polygon\"")
                .contains("\"datetime\":\"2023-01-01T00:00:00Z/2023-12-31T23:59:59Z\"").contains("\"query\":{\"eo:cloud_cover\":{\"lte\":50.0}}");
        assertThat(searches).anyMatch(r -> r.startsWith("POST") && r.contains("\"token\":\"p2\"") && r.contains("\"collections\""));
        assertThat(searches).anyMatch(r -> r.startsWith("GET /stac/search?token=p3"));

        JsonNode scenes = JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes");
        assertThat(scenes).hasSize(2);
        assertThat(scenes.findValuesAsText("itemId")).containsExactlyInAnyOrder("S2B_T50RMN_20230601T031200_L2A", "S2B_50RMN_20230611_0_L2A");

        // each point of the series names its scene's STAC item
        JsonNode points = JSON.readTree(server.get("/api/v1/sites/dump/timeseries").body()).get("points");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).at("/provenance/0/kind").asText()).isEqualTo("stac");
        assertThat(points.get(0).at("/provenance/0/collection").asText()).isEqualTo("sentinel-2-c1-l2a");
        assertThat(points.get(0).at("/provenance/0/itemId").asText()).isEqualTo("S2B_T50RMN_20230601T031200_L2A");
        assertThat(points.get(1).at("/provenance/0/itemId").asText()).isEqualTo("S2B_50RMN_20230611_0_L2A");

        // the same import again: the stored items are duplicates, nothing new
        JsonNode again = waitFinished(started(postImport(importBody(""))));
        assertThat(again.at("/items/duplicate").asInt()).isEqualTo(2);
        assertThat(again.at("/items/ingested").asInt()).isEqualTo(0);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(2);
        JsonNode list = JSON.readTree(server.get("/api/v1/imports").body()).get("imports");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id").asText()).isNotEqualTo(id); // newest first
    }

    @Test
    void planetaryComputerItemsOfATokenPagedSearchAreSignedWithOneTokenPerContainer() throws Exception {
        Path container = Files.createDirectories(dir.resolve("cogs").resolve("sentinel2-l2"));
        for (String f : new String[] {"red.tif", "nir.tif"}) Files.copy(dir.resolve("cogs").resolve(f), container.resolve(f));
        files.requireSignature("sentinel2-l2/");
        server.close();
        server = new TestServer(AppConfig.forTests(dir.resolve("pc"), TestServer.TOKEN).toBuilder().sources(SourcePolicy.DEFAULTS
                .allowingPrivateAddresses().withRetries(0, java.time.Duration.ofMillis(10)).withSasEndpoint(URI.create(files.sasEndpoint()))).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        for (String day : new String[] {"01", "11", "21"}) {
            stac.add("{\"type\":\"Feature\",\"id\":\"S2B_MSIL2A_202306" + day + "T031200_N0509_R032_T50RMN_202306" + day + "T060000\","
                    + "\"collection\":\"sentinel-2-l2a\",\"properties\":{\"datetime\":\"2023-06-" + day + "T03:12:00Z\",\"platform\":\"Sentinel-2B\","
                    + "\"s2:mgrs_tile\":\"50RMN\",\"s2:processing_baseline\":\"05.09\",\"eo:cloud_cover\":3,\"proj:code\":\"EPSG:32650\"},"
                    + "\"assets\":{\"B04\":{\"href\":\"" + files.url("sentinel2-l2/red.tif") + "\"},\"B08\":{\"href\":\""
                    + files.url("sentinel2-l2/nir.tif") + "\"}}}");
        }
        JsonNode s = waitFinished(started(postImport(importBody(""))));
        assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
        assertThat(s.at("/items/ingested").asInt()).as(s.toString()).isEqualTo(3);
        assertThat(files.requests("token")).isEqualTo(1); // six assets in one container: one token
        JsonNode scenes = JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes");
        assertThat(scenes.findValuesAsText("profile")).containsOnly("planetary-computer-sentinel-2-l2a");
        assertThat(scenes.toString()).doesNotContain("sig=");
    }

    @Test
    void aCatalogRefusingTheQueryFormIsAskedWithACql2Filter() throws Exception {
        stac.rejectQuery = true;
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        JsonNode s = waitFinished(started(postImport(importBody(""))));
        assertThat(s.get("status").asText()).isEqualTo("done");
        assertThat(s.at("/items/ingested").asInt()).isEqualTo(1);
        assertThat(stac.requests()).anyMatch(r -> r.contains("\"filter\":{\"op\":\"<=\",\"args\":[{\"property\":\"eo:cloud_cover\"},50.0]}"));
    }

    @Test
    void aFullPageWithoutANextLinkAndANextLinkLoopAreReported() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230621_0_L2A", "2023-06-21T03:12:00Z"));
        stac.noNextLink = true;
        JsonNode s = waitFinished(started(postImport(importBody(""))));
        assertThat(s.at("/items/found").asInt()).isEqualTo(2); // page 1 only
        assertThat(s.at("/errors/0/error").asText()).contains("full").contains("no next link");
        stac.noNextLink = false;
        stac.loop = true;
        JsonNode l = waitFinished(started(postImport(importBody(""))));
        assertThat(l.get("status").asText()).isEqualTo("done");
        assertThat(l.at("/items/found").asInt()).isEqualTo(4); // pages 1 (2 items), 2 (1) and 2 again (1), then the loop is seen
        assertThat(l.at("/items/skipped").asInt()).isEqualTo(1); // page 2's item twice is one acquisition
        assertThat(l.get("errors").toString()).contains("loop");
    }

    @Test
    void aCancelledImportStopsAndIngestsNothingMore() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230621_0_L2A", "2023-06-21T03:12:00Z"));
        stac.holdPage2();
        String id = started(postImport(importBody("")));
        assertThat(stac.awaitPage2()).isTrue();
        HttpResponse<String> c = server.delete("/api/v1/imports/" + id);
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        JsonNode cancelled = JSON.readTree(c.body());
        assertThat(cancelled.get("status").asText()).as("status stays within queued|running|done|failed").isEqualTo("failed");
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        JsonNode last = cancelled.get("errors").get(cancelled.get("errors").size() - 1);
        assertThat(last.get("item").isNull()).isTrue();
        assertThat(last.get("error").asText()).startsWith("cancelled by DELETE");
        assertThat(cancelled.get("finishedAt").isNull()).isFalse();
        stac.release();
        assertThat(waitFinished(id).get("status").asText()).isEqualTo("failed");
        Thread.sleep(300); // the worker, released, must not ingest after the cancel
        JsonNode after = JSON.readTree(server.get("/api/v1/imports/" + id).body());
        assertThat(after.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("cancelled").asBoolean()).isTrue();
        assertThat(after.toString()).contains("cancelled by DELETE");
        assertThat(server.delete("/api/v1/imports/" + id).body()).as("a second DELETE answers it as it is").isEqualTo(after.toString());
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }

    @Test
    void anImportInterruptedByAStopIsResumedAtTheNextStart() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        stac.add(good("S2B_50RMN_20230621_0_L2A", "2023-06-21T03:12:00Z"));
        stac.holdPage2();
        String id = started(postImport(importBody("")));
        assertThat(stac.awaitPage2()).isTrue();
        assertThat(JSON.readTree(server.get("/api/v1/imports/" + id).body()).get("status").asText()).isEqualTo("running");
        server.close(); // while page 2 is held: the import is left running in the catalog
        stac.release();
        server = open(dir.resolve("data"));
        JsonNode s = waitFinished(id);
        assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
        assertThat(s.at("/items/found").asInt()).isEqualTo(3);
        assertThat(s.at("/items/ingested").asInt()).isEqualTo(3);
        assertThat(s.get("errors").toString()).contains("interrupted by a restart");
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(3);
    }

    @Test
    void aWatchIngestsAnItemAddedAfterItsFirstPoll() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        HttpResponse<String> put = server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + stac.url()
                + "\",\"collections\":[\"sentinel-2-l2a\"],\"maxCloud\":50,\"every\":\"PT6H\",\"from\":\"2023-01-01T00:00:00Z\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String first = JSON.readTree(put.body()).get("lastImport").asText().replace("/api/v1/imports/", "");
        assertThat(waitFinished(first).at("/items/ingested").asInt()).isEqualTo(1);

        stac.add(good("S2B_50RMN_20230611_0_L2A", "2023-06-11T03:12:00Z"));
        server.services.watches().poll("dump"); // what the timer does every 6 hours
        JsonNode w = JSON.readTree(server.get("/api/v1/sites/dump/watch").body());
        String second = w.get("lastImport").asText().replace("/api/v1/imports/", "");
        assertThat(second).isNotEqualTo(first);
        JsonNode s = waitFinished(second);
        assertThat(s.at("/items/ingested").asInt()).isEqualTo(1);
        assertThat(s.at("/items/duplicate").asInt()).isEqualTo(1);
        assertThat(s.get("watchSite").asText()).isEqualTo("dump");
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).hasSize(2);

        assertThat(server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + stac.url()
                + "\",\"collections\":[\"sentinel-2-l2a\"],\"every\":\"PT1S\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("PUT", "/api/v1/sites/nowhere/watch", "{\"stacApi\":\"" + stac.url()
                + "\",\"collections\":[\"sentinel-2-l2a\"],\"every\":\"PT6H\"}").statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/v1/sites/dump/watch").statusCode()).isEqualTo(204);
        assertThat(server.get("/api/v1/sites/dump/watch").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingASiteStopsAndDeletesItsWatch() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        HttpResponse<String> put = server.send("PUT", "/api/v1/sites/dump/watch", "{\"stacApi\":\"" + stac.url()
                + "\",\"collections\":[\"sentinel-2-l2a\"],\"every\":\"PT6H\",\"from\":\"2023-01-01T00:00:00Z\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        waitFinished(JSON.readTree(put.body()).get("lastImport").asText().replace("/api/v1/imports/", ""));
        assertThat(server.services.watches().scheduledSites()).containsExactly("dump");

        assertThat(server.delete("/api/v1/sites/dump").statusCode()).isEqualTo(204);
        assertThat(server.services.watches().scheduledSites()).as("its timer is stopped").isEmpty();
        assertThat(server.get("/api/v1/sites/dump/watch").statusCode()).isEqualTo(404);
        // a new site of the same id starts without a watch: the old one is gone from the catalog, not only hidden
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        HttpResponse<String> again = server.get("/api/v1/sites/dump/watch");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
        assertThat(server.services.watches().pollDue("dump")).isFalse();
        assertThat(JSON.readTree(server.get("/api/v1/imports").body()).get("imports")).as("no poll after the delete").hasSize(1);
    }

    @Test
    void badRequestsAreRefusedWithA4xxAndStoreNothing() throws Exception {
        stac.add(good("S2B_50RMN_20230601_0_L2A", "2023-06-01T03:12:00Z"));
        refused(postImport(importBody("").replace(stac.url(), "http://127.0.0.1:1/stac")), "catalog_unreachable", "stacApi");
        refused(postImport(importBody("").replace("\"limit\":2", "\"limit\":100000")), "invalid_field", "limit");
        refused(postImport(importBody("").replace("2023-01-01/2023-12-31", "2023-13-01/2023-12-31")), "invalid_datetime", "datetime");
        refused(postImport(importBody("").replace("2023-01-01/2023-12-31", "2023-12-31/2023-01-01")), "invalid_datetime", "datetime");
        refused(postImport(importBody("").replace("\"dump\"", "\"nowhere\"")), "unknown_site", "sites");
        refused(postImport(importBody("").replace("\"maxCloud\":50", "\"maxCloud\":150")), "invalid_field", "maxCloud");
        refused(postImport(importBody("").replace(stac.url(), stac.url().replace("/stac", "/nothing"))), "catalog_not_found", "stacApi");
        HttpRequest noToken = HttpRequest.newBuilder(URI.create(server.url("/api/v1/imports"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(importBody(""))).build();
        assertThat(server.http.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(server.get("/api/v1/imports").body()).get("imports")).isEmpty();
        assertThat(server.get("/api/v1/imports/imp-0000").statusCode()).isEqualTo(404);

        // a server with the default policy does not fetch from loopback (SSRF)
        try (TestServer strict = new TestServer(dir.resolve("strict"))) {
            assertThat(strict.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            HttpResponse<String> r = strict.postJson("/api/v1/imports", importBody(""));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("source_refused");
            assertThat(JSON.readTree(strict.get("/api/v1/imports").body()).get("imports")).isEmpty();
        }
        assertThat(stac.requests().stream().filter(r -> r.contains("/stac/search")).count()).isZero(); // only the unknown path was asked
    }

    private void refused(HttpResponse<String> res, String code, String field) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isBetween(400, 499);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).as(res.body()).isEqualTo(code);
        assertThat(e.get("field").asText()).as(res.body()).isEqualTo(field);
        assertThat(e.get("detail").asText()).isNotBlank();
    }
}
