package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the source layer does on the wire, seen from a range server's log and from its refusals: the first request of
 * an asset is a 32 KiB header prefetch, or the asset's {@code file:header_size}; a host that sends its headers and then
 * stalls has its connection dropped, is asked again per the retry policy, then refused naming the asset
 * ({@code source_stalled}, a 400: never a 5xx, never a worker blocked for good); and the allowed-host list
 * ({@code GREENCOVER_SOURCE_HOSTS}) refuses an unlisted host before any request and reads a listed one.
 *
 * <p>The COGs: red 500 and NIR 3000 DN (constant) on 1024 x 1024 pixels of 10 m in EPSG:32650 from (500000, 2800000),
 * tiled 256; the site the square x 504000..504600, y 2795000..2795600; NDVI = 2500 / 3500 = 0.714286.
 */
class RemoteSourceLimitsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = Cogs.DUMP_SITE;

    @TempDir Path dir;
    private RangeFileServer files;
    private TestServer server;
    private Stalling stalling;

    @BeforeEach
    void start() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        Cogs.writeUniformRedNir(cogs, 1024);
        files = new RangeFileServer(cogs);
    }

    private void open(AppConfig cfg) throws Exception {
        server = new TestServer(cfg);
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
    }

    private AppConfig config(SourcePolicy sources) {
        return AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().sources(sources).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (stalling != null) stalling.close();
        files.close();
    }

    /** A user-mapped item (no collection profile): red and nir assets, the red one with {@code redFields} (JSON members). */
    private static String item(String red, String redFields, String nir) {
        return "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"item-" + Math.abs((red + redFields + nir).hashCode()) + "\","
                + "\"collection\":\"mine\",\"properties\":{\"datetime\":\"2023-06-01T03:12:00Z\"},"
                + "\"assets\":{\"r\":{\"href\":\"" + red + "\"" + redFields + "},\"n\":{\"href\":\"" + nir + "\"}}}";
    }

    private HttpResponse<String> post(String stacItem) throws Exception {
        return server.postJson("/api/v1/scenes", "{\"stacItem\":" + stacItem + ",\"collectionProfile\":{\"sensor\":\"sentinel2-l2a\","
                + "\"assets\":{\"red\":\"r\",\"nir\":\"n\"},\"fields\":{\"processingBaseline\":\"03.00\"}}}");
    }

    private void assertRefused(HttpResponse<String> res, String code, String... mentions) throws Exception {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(res.body());
        assertThat(e.get("error").asText()).isEqualTo(code);
        for (String m : mentions) assertThat(e.get("detail").asText()).contains(m);
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
    }

    @Test
    void theFirstRangeIsA32KibHeaderPrefetchAndFileHeaderSizeEnlargesIt() throws Exception {
        open(config(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(0, java.time.Duration.ofMillis(10))));
        HttpResponse<String> res = post(item(files.url("red.tif"), "", files.url("nir.tif")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JSON.readTree(res.body()).at("/statistics/0/mean").asDouble()).isCloseTo(2500.0 / 3500, within(1e-4));
        assertThat(files.rangeHeaders("red.tif").get(0)).isEqualTo("bytes=0-32767");
        assertThat(files.rangeHeaders("nir.tif").get(0)).isEqualTo("bytes=0-32767");

        int before = files.rangeHeaders("red.tif").size();
        HttpResponse<String> big = post(item(files.url("red.tif"), ",\"file:header_size\":70000", files.url("nir.tif")));
        assertThat(big.statusCode()).as(big.body()).isEqualTo(201);
        assertThat(files.rangeHeaders("red.tif").get(before)).isEqualTo("bytes=0-69999"); // the asset's own header size
    }

    @Test
    void aHostThatSendsHeadersThenStallsIsDroppedRetriedAndRefusedNamingTheAsset() throws Exception {
        stalling = new Stalling();
        open(config(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(1, java.time.Duration.ofMillis(10))
                .withTimeout(java.time.Duration.ofMillis(500))));
        String url = stalling.url("B04.tif");
        assertRefused(post(item(url, "", files.url("nir.tif"))), "source_stalled", url, "stalled", "2 attempts");
        assertThat(stalling.accepted.get()).as("one request and one retry").isEqualTo(2);
        assertThat(stalling.awaitDropped(2)).as("each stalled connection was dropped by the server").isTrue();
        assertThat(stalling.requests).allMatch(r -> r.startsWith("GET /B04.tif ") && r.toLowerCase(java.util.Locale.ROOT).contains("range: bytes=0-32767"));

        // a STAC item document whose body stalls is refused the same way
        String itemUrl = stalling.url("item.json");
        HttpResponse<String> doc = server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + itemUrl + "\"}");
        assertRefused(doc, "source_stalled", itemUrl, "stalled");
        assertThat(JSON.readTree(doc.body()).get("field").asText()).isEqualTo("stacItem");
    }

    @Test
    void theAllowedHostListRefusesAnUnlistedHostBeforeAnyRequestAndReadsAListedOne() throws Exception {
        AppConfig cfg = AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .environment(Map.of("GREENCOVER_SOURCE_HOSTS", "localhost", "GREENCOVER_SOURCE_ALLOW_PRIVATE", "true")).build();
        assertThat(cfg.sources().allowedHosts()).containsExactly("localhost");
        open(cfg);
        String unlisted = files.url("red.tif"); // http://127.0.0.1:port/red.tif: the same server by an unlisted name
        assertRefused(post(item(unlisted, "", files.url("nir.tif"))), "source_refused", "127.0.0.1", "not among the allowed source hosts");
        assertThat(files.requests("red.tif")).isZero();
        assertThat(files.requests("nir.tif")).isZero();

        String listed = files.url("red.tif").replace("127.0.0.1", "localhost");
        HttpResponse<String> res = post(item(listed, "", files.url("nir.tif").replace("127.0.0.1", "localhost")));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JSON.readTree(res.body()).at("/statistics/0/mean").asDouble()).isCloseTo(2500.0 / 3500, within(1e-4));
        assertThat(files.requests("red.tif")).isPositive();
    }

    /**
     * A raw HTTP server on 127.0.0.1 that answers every request with its headers (a 206 of 32 KiB for a GeoTIFF, a 200
     * of 4 KiB otherwise) and 16 bytes of body, then sends nothing more; it counts the connections and those the client
     * dropped (read end reached).
     */
    private static final class Stalling implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger(), dropped = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        final Thread acceptor = new Thread(this::acceptAll, "stalling-server");

        Stalling() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String name) { return "http://127.0.0.1:" + socket.getLocalPort() + "/" + name; }

        private void acceptAll() {
            while (!socket.isClosed()) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (IOException closed) {
                    return;
                }
                accepted.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "stalling-connection");
                t.setDaemon(true);
                t.start();
            }
        }

        private void serve(Socket s) {
            try {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) return;
                    head.append((char) b);
                }
                requests.add(head.toString());
                boolean tiff = head.toString().contains(".tif");
                String headers = tiff ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-32767/1000000\r\nContent-Length: 32768\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: application/geo+json\r\nContent-Length: 4096\r\n";
                OutputStream out = s.getOutputStream();
                out.write((headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(tiff ? new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} : "{\"type\":\"Feature\"".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.read() >= 0) { } // the stall: nothing more is sent; the client closing ends this read
                dropped.incrementAndGet();
            } catch (IOException e) {
                dropped.incrementAndGet(); // a reset is a drop too
            }
        }

        /** Waits (up to a minute, not a timed assertion) until {@code n} connections were dropped by the client. */
        boolean awaitDropped(int n) throws InterruptedException {
            for (int i = 0; i < 600 && dropped.get() < n; i++) Thread.sleep(100);
            return dropped.get() >= n;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) s.close();
        }
    }
}
