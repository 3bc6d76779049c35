package greencover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A local STAC API for tests on 127.0.0.1, port 0: {@code POST /search} over the items {@link #add added}, filtered
 * by {@code collections} and the cloud bound in either form ({@code query} {@code eo:cloud_cover.lte}, or a CQL2-JSON
 * {@code filter} {@code <=}), {@code limit} items a page. Pages alternate the two paging forms catalogs use: after
 * page 1 a next link {@code "method": "POST", "body": {"token": "p2"}, "merge": true} (Earth Search's form), after
 * page 2 a plain GET link {@code /search?token=p3} (Planetary Computer's), and so on; the last page has none.
 * Every request is recorded ({@link #requests}). Quirks for the guards: {@link #rejectQuery} (400 for the query
 * form), {@link #noNextLink} (no link even after a full page), {@link #loop} (page 2 links to itself), and
 * {@link #holdPage2} (page 2 waits for {@link #release}).
 */
public final class StacApiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<String> items = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    public volatile boolean rejectQuery, noNextLink, loop;
    private volatile CountDownLatch hold;
    /** The hold page 2 is waiting on now, if any (so that {@link #release} frees a request already held). */
    private volatile CountDownLatch holding;
    private final CountDownLatch page2Asked = new CountDownLatch(1);

    public StacApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The API's landing page URL. */
    public String url() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/stac"; }

    public void add(String itemJson) { items.add(itemJson); }

    /** Each request as {@code METHOD path?query body}. */
    public List<String> requests() { return Collections.unmodifiableList(requests); }

    /** Page 2 waits until {@link #release} (every request for it until then). */
    public void holdPage2() { hold = new CountDownLatch(1); }

    public void release() {
        CountDownLatch h = hold;
        if (h != null) h.countDown();
        CountDownLatch w = holding;
        if (w != null) w.countDown();
    }

    /** Waits until page 2 was asked for. */
    public boolean awaitPage2() throws InterruptedException { return page2Asked.await(20, TimeUnit.SECONDS); }

    private void handle(HttpExchange ex) throws IOException {
        try {
            answer(ex);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // a defect of the fixture: shown, and a 500 rather than a dropped connection
            send(ex, 500, "{\"code\":\"fixture\",\"description\":\"" + e + "\"}");
        } finally {
            ex.close();
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String q = ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + (q == null ? "" : "?" + q) + " " + body);
            if (!ex.getRequestURI().getPath().equals("/stac/search")) {
                send(ex, 404, "{\"code\":\"NotFound\"}");
                return;
            }
            JsonNode req;
            String token;
            if (ex.getRequestMethod().equals("GET")) {
                token = q == null ? null : q.replaceFirst(".*token=([^&]*).*", "$1");
                req = lastPostBody();
            } else {
                req = JSON.readTree(body);
                token = req.path("token").asText(null);
            }
            if (rejectQuery && req.has("query")) {
                send(ex, 400, "{\"code\":\"BadRequest\",\"description\":\"the query extension is not supported; use filter\"}");
                return;
            }
            int page = token == null ? 1 : Integer.parseInt(token.substring(1));
            if (page == 2) {
                page2Asked.countDown();
                CountDownLatch h = hold;
                if (h != null) { // until released (the latch stays set, so that release finds it)
                    holding = h;
                    try {
                        h.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            int limit = req.path("limit").asInt(10);
            List<JsonNode> matching = new ArrayList<>();
            for (String s : items) {
                JsonNode it = JSON.readTree(s);
                boolean inCollections = false;
                for (JsonNode c : req.path("collections")) inCollections |= c.asText().equals(it.path("collection").asText());
                double cloud = it.path("properties").path("eo:cloud_cover").asDouble(0);
                Double max = null;
                if (req.at("/query/eo:cloud_cover/lte").isNumber()) max = req.at("/query/eo:cloud_cover/lte").asDouble();
                else if (req.at("/filter/args/1").isNumber()) max = req.at("/filter/args/1").asDouble();
                if (inCollections && (max == null || cloud <= max)) matching.add(it);
            }
            int from = (page - 1) * limit, to = Math.min(matching.size(), from + limit);
            ObjectNode out = JSON.createObjectNode().put("type", "FeatureCollection");
            ArrayNode features = out.putArray("features");
            for (int i = from; i < to; i++) features.add(matching.get(i));
            ArrayNode links = out.putArray("links");
            boolean more = to < matching.size() || (to - from == limit);
            if (loop && page == 2) {
                links.addObject().put("rel", "next").put("href", url() + "/search?token=p2").put("method", "GET");
            } else if (more && !noNextLink) {
                int next = page + 1;
                if (page % 2 == 1) {
                    ObjectNode l = links.addObject().put("rel", "next").put("href", url() + "/search").put("method", "POST").put("merge", true);
                    l.putObject("body").put("token", "p" + next);
                } else {
                    links.addObject().put("rel", "next").put("href", url() + "/search?token=p" + next).put("method", "GET");
                }
            }
            send(ex, 200, JSON.writeValueAsString(out));
        }
    }

    private JsonNode lastPostBody() throws IOException {
        for (int i = requests.size() - 1; i >= 0; i--) {
            String r = requests.get(i);
            if (r.startsWith("POST ")) return JSON.readTree(r.substring(r.indexOf(' ', 5) + 1));
        }
        return JSON.createObjectNode();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/geo+json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
