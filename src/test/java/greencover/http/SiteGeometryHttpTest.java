package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outline versions through the real server, on 4 × 4 Sentinel-2 scenes (10 m, EPSG:32650, upper-left (500000, 2800000),
 * on zone 50's central meridian, so the grid is the site's UTM zone and metres of the inner buffer are grid metres).
 * NDVI per column, the same on every row:
 * <pre>
 *   2020-06-10  0.1  0.1  0.7  0.7
 *   2024-06-10  0.2  0.2  0.8  0.8
 *   2025-06-10  0.3  0.3  0.9  0.9   (ingested after the outline changes)
 * </pre>
 * The site's own outline is columns 0–1 (x 500000–500020). From 2022-01-01 the outline is the whole grid, so 2020 keeps
 * mean 0.1 over half the grid and 2024 becomes (0.2 + 0.8) / 2 = 0.5 over the whole grid, green (NDVI &gt; 0.3) 1/2. From
 * 2023-01-01 the outline is columns 1–3 with a 10 m inner buffer: what counts is column 2, rows 1–2 (2 pixels, 1/8 of
 * the grid), so 2024 is 0.8 and all green, and 2025 (ingested later) 0.9; 2020 still 0.1.
 */
class SiteGeometryHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRS = "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}}";
    private static final String SITE = "{\"type\":\"Feature\",\"id\":\"g\",\"properties\":{\"name\":\"Versions\",\"greenThreshold\":0.3}," + CRS
            + ",\"geometry\":" + box(500000, 500020) + "}";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private static String box(double x0, double x1) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + ",2799960],[" + x1 + ",2799960],[" + x1 + ",2800000],[" + x0 + ",2800000],[" + x0 + ",2799960]]]}";
    }

    private void ingest(String date, double[] v) throws Exception {
        int off = date.compareTo("2022-01-25") >= 0 ? 1000 : 0;
        int[][] red = new int[4][4], nir = new int[4][4], mask = new int[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                nir[r][c] = (int) Math.round(5000 * (1 + v[c])) + off;
                red[r][c] = (int) Math.round(5000 * (1 - v[c])) + off;
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

    private HttpResponse<String> put(String path, String body) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode series() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/g/timeseries");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("points");
    }

    private static JsonNode on(JsonNode points, String date) {
        for (JsonNode p : points) if (p.get("date").asText().equals(date)) return p;
        throw new AssertionError("no point of " + date + " in " + points);
    }

    @Test
    void anOutlineChangeOnAKnownDateCountsTheNewOutlineFromThatDateOnAndOnlyThen() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2020-06-10", new double[] {0.1, 0.1, 0.7, 0.7});
        ingest("2024-06-10", new double[] {0.2, 0.2, 0.8, 0.8});
        JsonNode before = series();
        double half = on(before, "2020-06-10").get("siteAreaM2").asDouble();
        // 800 m² of grid on the central meridian (scale 0.9996): 800 / 0.9996² on the ground
        assertThat(half).isCloseTo(800 / (0.9996 * 0.9996), within(0.5));
        assertThat(on(before, "2024-06-10").get("mean").asDouble()).isCloseTo(0.2, within(1e-4));

        HttpResponse<String> r = put("/api/v1/sites/g/geometry", "{\"validFrom\":\"2022-01-01\"," + CRS + ",\"geometry\":" + box(500000, 500040) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode h = JSON.readTree(r.body()).get("versions");
        assertThat(h).hasSize(2);
        assertThat(h.get(0).get("validFrom").isNull()).isTrue();
        assertThat(h.get(0).get("validTo").asText()).isEqualTo("2022-01-01");
        assertThat(h.get(1).get("areaM2").asDouble() / h.get(0).get("areaM2").asDouble()).isCloseTo(2.0, within(1e-6));

        JsonNode after = series();
        assertThat(on(after, "2020-06-10").get("mean").asDouble()).isCloseTo(0.1, within(1e-4));
        assertThat(on(after, "2020-06-10").get("siteAreaM2").asDouble()).isCloseTo(half, within(1e-6));
        JsonNode p2024 = on(after, "2024-06-10");
        assertThat(p2024.get("mean").asDouble()).isCloseTo(0.5, within(1e-4));
        assertThat(p2024.get("siteAreaM2").asDouble()).isCloseTo(2 * half, within(1e-3));
        assertThat(p2024.get("greenFraction").asDouble()).isCloseTo(0.5, within(1e-9));

        // columns 1-3 less a 10 m band along the edge: column 2, rows 1-2
        r = put("/api/v1/sites/g/geometry", "{\"validFrom\":\"2023-01-01\",\"innerBufferM\":10," + CRS + ",\"geometry\":" + box(500010, 500040) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        h = JSON.readTree(r.body()).get("versions");
        assertThat(h).hasSize(3);
        assertThat(h.get(1).get("validTo").asText()).isEqualTo("2023-01-01");
        assertThat(h.get(2).get("areaM2").asDouble() / h.get(0).get("areaM2").asDouble()).isCloseTo(1.5, within(1e-6));
        assertThat(h.get(2).get("countedAreaM2").asDouble() / h.get(0).get("areaM2").asDouble()).isCloseTo(0.25, within(1e-6));
        ingest("2025-06-10", new double[] {0.3, 0.3, 0.9, 0.9});
        JsonNode last = series();
        assertThat(on(last, "2020-06-10").get("mean").asDouble()).isCloseTo(0.1, within(1e-4));
        assertThat(on(last, "2024-06-10").get("mean").asDouble()).isCloseTo(0.8, within(1e-4));
        assertThat(on(last, "2024-06-10").get("greenFraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(on(last, "2024-06-10").get("siteAreaM2").asDouble()).isCloseTo(half / 4, within(1e-3));
        assertThat(on(last, "2025-06-10").get("mean").asDouble()).isCloseTo(0.9, within(1e-4));
        assertThat(on(last, "2025-06-10").get("siteAreaM2").asDouble()).isCloseTo(half / 4, within(1e-3));
        assertThat(JSON.readTree(server.get("/api/v1/sites/g/geometry/history").body()).get("versions")).hasSize(3);
    }

    @Test
    void badVersionsAreRefusedWithA4xxAndChangeNothing() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2024-06-10", new double[] {0.2, 0.2, 0.8, 0.8});
        assertThat(put("/api/v1/sites/g/geometry", "{\"validFrom\":\"2022-01-01\"," + CRS + ",\"geometry\":" + box(500000, 500040) + "}").statusCode())
                .isEqualTo(201);
        String history = server.get("/api/v1/sites/g/geometry/history").body();
        String points = series().toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        String bowtie = "{\"type\":\"Polygon\",\"coordinates\":[[[500000,2799960],[500040,2800000],[500040,2799960],[500000,2800000],[500000,2799960]]]}";
        String[][] cases = {
            {"{\"validFrom\":\"2022-01-01\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "409", "validFrom"},
            {"{\"validFrom\":\"2021-06-01\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "409", "validFrom"},
            {"{\"validFrom\":\"" + tomorrow + "\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "validFrom"},
            {"{\"validFrom\":\"2023-02-30\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "validFrom"},
            {"{" + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "validFrom"},
            {"{\"validFrom\":\"2023-01-01\"," + CRS + ",\"geometry\":" + bowtie + "}", "400", "geometry"},
            {"{\"validFrom\":\"2023-01-01\"," + CRS + ",\"geometry\":{\"type\":\"Point\",\"coordinates\":[500000,2800000]}}", "400", "geometry"},
            {"{\"validFrom\":\"2023-01-01\",\"innerBufferM\":25," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "innerBufferM"},
            {"{\"validFrom\":\"2023-01-01\",\"innerBufferM\":-1," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "innerBufferM"},
            {"{\"validFrom\":\"2023-01-01\",\"colour\":\"red\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}", "400", "colour"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = put("/api/v1/sites/g/geometry", c[0]);
            assertThat(r.statusCode()).as(c[0] + " → " + r.body()).isEqualTo(Integer.parseInt(c[1]));
            JsonNode err = JSON.readTree(r.body());
            assertThat(err.get("field").asText()).as(r.body()).isEqualTo(c[2]);
            assertThat(err.get("detail").asText()).isNotBlank();
        }
        assertThat(put("/api/v1/sites/nope/geometry", "{\"validFrom\":\"2023-01-01\"," + CRS + ",\"geometry\":" + box(500010, 500040) + "}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> noToken = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/sites/g/geometry")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/sites/g/geometry/history").body()).isEqualTo(history);
        assertThat(series().toString()).isEqualTo(points);
        // a site's own inner buffer is checked when the site is added
        HttpResponse<String> bad = server.postJson("/api/v1/sites", SITE.replace("\"id\":\"g\"", "\"id\":\"g2\"").replace("\"greenThreshold\":0.3",
                "\"greenThreshold\":0.3,\"innerBufferM\":\"wide\""));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("properties.innerBufferM");
        assertThat(server.get("/api/v1/sites/g2").statusCode()).isEqualTo(404);
    }
}
