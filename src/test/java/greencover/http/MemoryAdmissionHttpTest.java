package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.admission.MemoryBudget;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget on a real server: a server started with a 300 MiB budget (one 4096 x 4096 PNG map reserves
 * 4096² x 16 B + 1 MiB = 257 MiB, so one fits at a time) and a 200 ms admission wait. Maps, tiles and ad-hoc
 * statistics that find the budget taken answer 503 with {@code Retry-After} in their surface's error format; a
 * map that could never fit is a 400; a burst of 32 concurrent 4096² GetMaps is answered only 200 or 503.
 */
class MemoryAdmissionHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BUDGET = 300L << 20;
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        AppConfig cfg = AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .admission(AppConfig.Admission.DEFAULTS.withMemoryBudgetBytes(BUDGET).withAdmissionWaitMillis(200)).build();
        server = new TestServer(cfg);
        Path red = TestTiffs.grid4x4(dir.resolve("red.tif"), 500, 500, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("nir.tif"), 4500, 4500, 2200, 2200);
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"},
                {"acquired", "2020-06-01"}}, new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    /** A GetMap of the scene's 40 m square, shifted by {@code shift} metres so that no two share a cache entry. */
    private static String getMap(int size, String layers, double shift) {
        double x0 = 500000 + shift, y0 = 2799960 + shift;
        return "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + layers + "&STYLES=&CRS=EPSG:32650&BBOX="
                + x0 + "," + y0 + "," + (x0 + 40) + "," + (y0 + 40) + "&WIDTH=" + size + "&HEIGHT=" + size + "&FORMAT=image/png";
    }

    @Test
    void whileTheBudgetIsTakenMapsTilesAndStatisticsAnswer503WithRetryAfterAndAfterwards200() throws Exception {
        MemoryBudget budget = server.services.memory();
        assertThat(budget.capacityBytes()).isEqualTo(BUDGET);
        try (MemoryBudget.Reservation held = budget.reserve(BUDGET, "test", "the test's hold")) {
            HttpResponse<String> wms = server.get(getMap(1024, "ndvi", 0));
            assertThat(wms.statusCode()).as(wms.body()).isEqualTo(503);
            assertThat(wms.headers().firstValue("Retry-After")).isPresent();
            assertThat(wms.headers().firstValue("Content-Type").orElse("")).contains("xml");
            assertThat(wms.body()).contains("ServiceExceptionReport").contains("busy");

            // EXCEPTIONS=INIMAGE would cost the memory refused: still the report, still 503
            HttpResponse<String> inImage = server.get(getMap(1024, "ndvi", 1) + "&EXCEPTIONS=INIMAGE");
            assertThat(inImage.statusCode()).isEqualTo(503);
            assertThat(inImage.body()).contains("ServiceExceptionReport");

            HttpResponse<String> xyz = server.get("/tiles/ndvi/18/214000/114000.png");
            assertThat(xyz.statusCode()).as(xyz.body()).isEqualTo(503);
            assertThat(xyz.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(xyz.body()).get("error").asText()).isEqualTo("overloaded");

            HttpResponse<String> wmts = server.get("/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ndvi&STYLE=default"
                    + "&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=18&TILEROW=114000&TILECOL=214000&FORMAT=image/png");
            assertThat(wmts.statusCode()).as(wmts.body()).isEqualTo(503);
            assertThat(wmts.headers().firstValue("Retry-After")).isPresent();
            assertThat(wmts.body()).contains("ExceptionReport");

            HttpResponse<String> stats = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/statistics")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"crs":{"type":"name","properties":{"name":"EPSG:32650"}},
                             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).as(stats.body()).isEqualTo(503);
            assertThat(stats.headers().firstValue("Retry-After")).isPresent();
            JsonNode err = JSON.readTree(stats.body());
            assertThat(err.get("error").asText()).isEqualTo("overloaded");
            assertThat(err.get("detail").asText()).contains("statistics");
        }
        assertThat(budget.availableBytes()).isEqualTo(BUDGET);
        HttpResponse<byte[]> ok = server.getBytes(getMap(1024, "ndvi", 0));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("image/png");
        // the refused requests and the rendered one gave back what they took
        assertThat(budget.availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void aMapLargerThanTheWholeBudgetOrTheMaximumSizeIsAClientError() throws Exception {
        // two 4096² layers: 4096² x (16 + 16 + 8) B + 1 MiB = 641 MiB > 300 MiB, never admissible
        HttpResponse<String> stacked = server.get(getMap(4096, "ndvi,sites", 0));
        assertThat(stacked.statusCode()).as(stacked.body()).isEqualTo(400);
        assertThat(stacked.body()).contains("InvalidParameterValue").contains("budget");
        HttpResponse<String> wide = server.get(getMap(4097, "ndvi", 0));
        assertThat(wide.statusCode()).isEqualTo(400);
        assertThat(wide.body()).contains("InvalidParameterValue");
        assertThat(server.services.memory().availableBytes()).isEqualTo(BUDGET);
    }

    @Test
    void thirtyTwoConcurrent4096MapsAreAnsweredOnly200Or503() throws Exception {
        int clients = 32;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String q = getMap(4096, "ndvi", i * 0.01);
                answers.add(pool.submit(() -> server.http.send(HttpRequest.newBuilder(URI.create(server.url(q)))
                        .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray())));
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<HttpResponse<byte[]>> f : answers) {
                HttpResponse<byte[]> r = f.get();
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("ServiceExceptionReport");
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
                }
            }
            System.out.println("32 concurrent 4096x4096 GetMaps, 300 MiB budget: " + byStatus);
            assertThat(byStatus.keySet()).isSubsetOf(200, 503);
            assertThat(byStatus.getOrDefault(200, 0)).isPositive();
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.services.memory().availableBytes()).isEqualTo(BUDGET);
    }
}
