package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Alerts through the real server, on 4 × 4 Sentinel-2 scenes (EPSG:32650) of one NDVI everywhere over a site that is
 * the whole grid, so each observation's mean is that NDVI. Only the annual-drop rule is on (drop 0.1): 2019 is 0.6;
 * 2020 (0.4 and 0.41: median 0.405) is 0.195 lower, which opens the alert; the second 2020 scene leaves it open (the
 * same episode); 2021 (0.5) is higher than 2020, which clears it.
 */
class AlertsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"a","properties":{"name":"Alerted"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""";
    private static final String ONLY_DROP = "\"rules\":{\"negativeTrend\":{\"enabled\":false},\"belowBaseline\":{\"enabled\":false},"
            + "\"noClearObservation\":{\"enabled\":false},\"annualDrop\":{\"drop\":0.1}}";
    private static final String SECRET = "a-shared-secret-of-some-length";

    @TempDir Path dir;
    TestServer server;
    HttpServer receiver;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (receiver != null) receiver.stop(0);
    }

    private void ingest(String date, double ndvi) throws Exception {
        int[][] red = new int[4][4], nir = new int[4][4], mask = new int[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                nir[r][c] = (int) Math.round(5000 * (1 + ndvi));
                red[r][c] = (int) Math.round(5000 * (1 - ndvi));
                mask[r][c] = 4;
            }
        }
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", tiff("r" + date, red)}, {"nir", tiff("n" + date, nir)}, {"mask", tiff("m" + date, mask)}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    private Path tiff(String name, int[][] band) throws Exception {
        return TestTiffs.write(dir.resolve(name + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {band});
    }

    private HttpResponse<String> putRules(String body) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/sites/a/alert-rules"))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode alerts() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/alerts?site=a");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("alerts");
    }

    @Test
    void anAlertOpensOnceStaysOneEpisodeAndClearsAndTheAtomFeedSaysSo() throws Exception {
        server = new TestServer(dir.resolve("data"));
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        JsonNode defaults = JSON.readTree(server.get("/api/v1/sites/a/alert-rules").body()).get("rules");
        assertThat(defaults.at("/annualDrop/drop").asDouble()).isEqualTo(0.1);
        assertThat(defaults.at("/negativeTrend/years").asDouble()).isEqualTo(3);
        assertThat(defaults.at("/belowBaseline/k").asDouble()).isEqualTo(3);
        assertThat(defaults.at("/noClearObservation/days").asDouble()).isEqualTo(90);
        HttpResponse<String> set = putRules("{" + ONLY_DROP + "}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).at("/rules/belowBaseline/enabled").asBoolean()).isFalse();

        ingest("2019-06-10", 0.6);
        assertThat(alerts()).isEmpty();
        ingest("2020-06-10", 0.4);
        JsonNode opened = alerts();
        assertThat(opened).hasSize(1);
        String id = opened.get(0).get("id").asText();
        assertThat(opened.get(0).get("rule").asText()).isEqualTo("annualDrop");
        assertThat(opened.get(0).get("state").asText()).isEqualTo("open");
        assertThat(opened.get(0).get("value").asDouble()).isCloseTo(0.2, within(1e-3));
        assertThat(opened.get(0).get("observedOn").asText()).isEqualTo("2020-06-10");

        ingest("2020-08-10", 0.41);   // 2020's median 0.405: still 0.195 below 2019, the same episode
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).get("id").asText()).isEqualTo(id);
        assertThat(alerts().get(0).get("state").asText()).isEqualTo("open");
        // still the same episode (same id, same opening), its observation and value brought up to the latest evaluation
        assertThat(alerts().get(0).get("openedAt").asText()).isEqualTo(opened.get(0).get("openedAt").asText());
        assertThat(alerts().get(0).get("observedOn").asText()).isEqualTo("2020-08-10");
        assertThat(alerts().get(0).get("value").asDouble()).isCloseTo(0.6 - 0.405, within(1e-3));
        assertThat(JSON.readTree(server.get("/api/v1/alerts?state=open").body()).get("alerts")).hasSize(1);

        ingest("2021-06-10", 0.5);
        JsonNode cleared = alerts();
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).get("id").asText()).isEqualTo(id);
        assertThat(cleared.get(0).get("state").asText()).isEqualTo("cleared");
        Instant clearedAt = Instant.parse(cleared.get(0).get("clearedAt").asText());
        assertThat(clearedAt).isAfter(Instant.parse(cleared.get(0).get("openedAt").asText()));
        assertThat(JSON.readTree(server.get("/api/v1/alerts?state=open").body()).get("alerts")).isEmpty();

        HttpResponse<String> atom = server.get("/api/v1/alerts.atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(atom.body().getBytes(StandardCharsets.UTF_8)));
        Element feed = doc.getDocumentElement();
        String ns = "http://www.w3.org/2005/Atom";
        assertThat(feed.getNamespaceURI()).isEqualTo(ns);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        for (String required : List.of("id", "title", "updated", "author")) {
            assertThat(children(feed, ns, required)).as("feed/" + required).hasSize(1);
        }
        assertThat(children(feed, ns, "link").stream().anyMatch(l -> l.getAttribute("rel").equals("self"))).isTrue();
        List<Element> entries = children(feed, ns, "entry");
        assertThat(entries).hasSize(1);
        Element e = entries.get(0);
        assertThat(text(e, ns, "id")).isEqualTo("urn:uuid:" + id);
        assertThat(text(e, ns, "title")).contains("Alerted").contains("annualDrop").contains("cleared");
        assertThat(Instant.parse(text(e, ns, "updated"))).isEqualTo(clearedAt);
        assertThat(Instant.parse(text(feed, ns, "updated"))).isEqualTo(clearedAt);
        assertThat(children(e, ns, "link").get(0).getAttribute("href")).endsWith("/api/v1/sites/a/report");
    }

    @Test
    void unknownRulesAndPrivateWebhooksAreRefusedAndChangeNothing() throws Exception {
        server = new TestServer(dir.resolve("data"));
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        String before = server.get("/api/v1/sites/a/alert-rules").body();
        String[][] cases = {
            {"{\"rules\":{\"greening\":{}}}", "rules.greening"},
            {"{\"rules\":{\"annualDrop\":{\"dorp\":0.2}}}", "rules.annualDrop.dorp"},
            {"{\"rules\":{\"annualDrop\":{\"drop\":-0.2}}}", "rules.annualDrop.drop"},
            {"{\"rules\":{\"annualDrop\":{\"drop\":\"much\"}}}", "rules.annualDrop.drop"},
            {"{\"rules\":{\"belowBaseline\":{\"k\":2.5}}}", "rules.belowBaseline.k"},
            {"{\"rules\":{\"noClearObservation\":{\"enabled\":\"yes\"}}}", "rules.noClearObservation.enabled"},
            {"{\"webhook\":{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"" + SECRET + "\"}}", "webhook.url"},
            {"{\"webhook\":{\"url\":\"http://192.168.1.10/hook\",\"secret\":\"" + SECRET + "\"}}", "webhook.url"},
            {"{\"webhook\":{\"url\":\"http://[::1]/hook\",\"secret\":\"" + SECRET + "\"}}", "webhook.url"},
            {"{\"webhook\":{\"url\":\"ftp://example.org/hook\",\"secret\":\"" + SECRET + "\"}}", "webhook.url"},
            {"{\"extra\":1}", "extra"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = putRules(c[0]);
            assertThat(r.statusCode()).as(c[0] + " → " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("field").asText()).as(r.body()).isEqualTo(c[1]);
        }
        assertThat(server.get("/api/v1/sites/a/alert-rules").body()).isEqualTo(before);
        assertThat(server.get("/api/v1/alerts?state=closed").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/alerts?site=nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aWebhookIsRetriedAfterA500AndReceivedWithAVerifiableSignature() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(Map.of("body", new String(body, StandardCharsets.UTF_8),
                    "signature", String.valueOf(ex.getRequestHeaders().getFirst("X-GreenCover-Signature")),
                    "delivery", String.valueOf(ex.getRequestHeaders().getFirst("X-GreenCover-Delivery")),
                    "event", String.valueOf(ex.getRequestHeaders().getFirst("X-GreenCover-Event"))));
            int status = calls.incrementAndGet() == 1 ? 500 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        HttpResponse<String> set = putRules("{" + ONLY_DROP + ",\"webhook\":{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).at("/webhook/secretSet").asBoolean()).isTrue();
        assertThat(set.body()).doesNotContain(SECRET);
        ingest("2019-06-10", 0.6);
        ingest("2020-06-10", 0.4);

        JsonNode log = null;
        for (int i = 0; i < 300; i++) {   // the retry comes after about a second; wait up to 30 s
            log = JSON.readTree(server.get("/api/v1/sites/a/webhook/deliveries").body()).get("deliveries");
            if (log.size() >= 2) break;
            Thread.sleep(100);
        }
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(log.get(0).get("delivered").asBoolean()).isTrue();
        assertThat(log.get(0).get("status").asInt()).isEqualTo(204);
        assertThat(log.get(1).get("attempt").asInt()).isEqualTo(1);
        assertThat(log.get(1).get("delivered").asBoolean()).isFalse();
        assertThat(log.get(1).get("status").asInt()).isEqualTo(500);
        assertThat(log.get(0).get("id").asText()).isEqualTo(log.get(1).get("id").asText());

        assertThat(received).hasSize(2);
        for (Map<String, String> r : received) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.get("body").getBytes(StandardCharsets.UTF_8)));
            assertThat(r.get("signature")).isEqualTo(expected);
            assertThat(r.get("event")).isEqualTo("opened");
            assertThat(r.get("delivery")).isEqualTo(log.get(0).get("id").asText());
            JsonNode body = JSON.readTree(r.get("body"));
            assertThat(body.get("event").asText()).isEqualTo("opened");
            assertThat(body.at("/alert/rule").asText()).isEqualTo("annualDrop");
            assertThat(body.at("/alert/site").asText()).isEqualTo("a");
        }
        assertThat(received.get(0).get("body")).isEqualTo(received.get(1).get("body"));
    }

    private static List<Element> children(Element parent, String ns, String name) {
        List<Element> out = new java.util.ArrayList<>();
        NodeList all = parent.getChildNodes();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element el && ns.equals(el.getNamespaceURI()) && name.equals(el.getLocalName())) out.add(el);
        }
        return out;
    }

    private static String text(Element parent, String ns, String name) { return children(parent, ns, name).get(0).getTextContent(); }
}
