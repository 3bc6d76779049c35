package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.app.Background;
import greencover.app.Services;
import greencover.testing.MovableClock;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "no clear observation for D days" rule while no data arrives: {@code serve} evaluates every site periodically,
 * on a clock the test moves ({@link MovableClock}); and a scene delete evaluates the sites it met. The scenes are
 * {@link AlertsHttpTest}'s 4 × 4 Sentinel-2 grids of one NDVI (0.5), every pixel clear (SCL 4), over a site that is
 * the whole grid. Only {@code noClearObservation} is on, with {@code days} 30: it holds when the latest clear
 * observation is more than 30 days before today.
 */
class PeriodicAlertsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"a","properties":{"name":"Alerted"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""";
    private static final String ONLY_NO_CLEAR = "{\"rules\":{\"negativeTrend\":{\"enabled\":false},\"belowBaseline\":{\"enabled\":false},"
            + "\"annualDrop\":{\"enabled\":false},\"noClearObservation\":{\"days\":30}}}";

    @TempDir Path dir;
    private TestServer server;
    private final MovableClock clock = new MovableClock();
    private int ingested;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void open(Background bg) throws Exception {
        AppConfig cfg = AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN);
        server = new TestServer(cfg, Services.open(cfg, bg.withClock(clock)), routes -> { });
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        HttpResponse<String> rules = server.send("PUT", "/api/v1/sites/a/alert-rules", ONLY_NO_CLEAR);
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
    }

    /** Ingests a clear scene of NDVI 0.5 acquired on {@code date}; returns its id. */
    private String ingest(String date) throws Exception {
        int[][] red = new int[4][4], nir = new int[4][4], mask = new int[4][4];
        int k = ++ingested; // files of other bytes each time (the same bytes are the same scene)
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                nir[r][c] = 7500 + 3 * k; // (5000 + 2k) / (10000 + 4k) = 0.5
                red[r][c] = 2500 + k;
                mask[r][c] = 4;
            }
        }
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", tiff("r" + date, red)}, {"nir", tiff("n" + date, nir)}, {"mask", tiff("m" + date, mask)}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
        return JSON.readTree(resp.body()).at("/scene/id").asText();
    }

    private Path tiff(String name, int[][] band) throws Exception {
        return TestTiffs.write(dir.resolve(name + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {band});
    }

    private JsonNode alerts() throws Exception { return JSON.readTree(server.get("/api/v1/alerts?site=a").body()).get("alerts"); }

    private int atomEntries() throws Exception {
        Matcher m = Pattern.compile("<entry[ >]").matcher(server.get("/api/v1/alerts.atom").body());
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** Waits until the periodic evaluation ran {@code more} more times. */
    private void awaitEvaluations(int more) throws Exception {
        long from = server.services.alerts().evaluationsOfAll();
        assertThat(eventually(30_000, () -> server.services.alerts().evaluationsOfAll() >= from + more)).isTrue();
    }

    private static boolean eventually(long boundMs, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + boundMs * 1_000_000;
        while (true) {
            if (check.call()) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
    }

    @Test
    void noClearObservationOpensOnceWhileNoDataArrivesAndClearsWithANewClearScene() throws Exception {
        clock.set(Instant.parse("2020-06-10T12:00:00Z"));
        open(Background.SERVE.withAlertEvery(Duration.ofSeconds(1)));
        ingest("2020-06-01");
        awaitEvaluations(2);
        assertThat(alerts()).as("9 days without a clear observation: under 30").isEmpty();

        clock.set(Instant.parse("2020-07-15T12:00:00Z")); // 44 days after the latest clear observation, and no data since
        assertThat(eventually(30_000, () -> alerts().size() == 1)).as("the periodic evaluation opens it").isTrue();
        JsonNode opened = alerts().get(0);
        assertThat(opened.get("rule").asText()).isEqualTo("noClearObservation");
        assertThat(opened.get("state").asText()).isEqualTo("open");
        assertThat(opened.get("observedOn").asText()).isEqualTo("2020-06-01");
        awaitEvaluations(3);
        assertThat(alerts()).as("one alert per episode, however often evaluated").hasSize(1);
        assertThat(alerts().get(0).get("id").asText()).isEqualTo(opened.get("id").asText());
        assertThat(alerts().get(0).get("openedAt").asText()).isEqualTo(opened.get("openedAt").asText());
        assertThat(atomEntries()).isEqualTo(1);

        ingest("2020-07-14"); // a clear scene one day old
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).get("id").asText()).isEqualTo(opened.get("id").asText());
        assertThat(alerts().get(0).get("state").asText()).isEqualTo("cleared");
        awaitEvaluations(2);
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).get("state").asText()).isEqualTo("cleared");
        assertThat(atomEntries()).isEqualTo(1);
    }

    @Test
    void aSceneDeleteEvaluatesTheSitesItMet() throws Exception {
        clock.set(Instant.parse("2020-07-15T12:00:00Z"));
        open(Background.SERVE); // daily: no periodic evaluation within this test
        ingest("2020-06-01");
        assertThat(alerts()).as("44 days: the ingest's evaluation opens it").hasSize(1);
        String recent = ingest("2020-07-14");
        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).get("state").asText()).isEqualTo("cleared");

        assertThat(server.delete("/api/v1/scenes/" + recent).statusCode()).isEqualTo(204);
        JsonNode after = alerts();
        assertThat(after).as("the delete leaves 2020-06-01 the latest clear observation again: a new episode").hasSize(2);
        assertThat(after.findValuesAsText("state")).containsExactlyInAnyOrder("open", "cleared");
        assertThat(server.services.alerts().evaluationsOfAll()).as("not the periodic evaluation").isZero();
    }
}
