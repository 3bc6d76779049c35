package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/sites/{id}/change} and the {@code greencover-change} map layer through the real server, on 4 × 4
 * Sentinel-2 scenes (10 m, EPSG:32650, upper-left (500000, 2800000)) and a site that is exactly the 4 × 4 grid, so each
 * pixel is 1/16 of the site's ground area A. NDVI per column (red + NIR DNs sum to 10000 before the offset, so NDVI is
 * exact); "cloud" = SCL 9:
 * <pre>
 *   2019-06-10  0.1  0.1  0.5     0.5 (row 0: cloud)
 *   2025-06-10  0.7  0.7  0.5     0.1
 *   2025-08-10  0.7  0.7  cloud   0.1
 *   2025-03-10  0.9  0.9  0.9     0.9   (outside months 5-9)
 * </pre>
 * months 5-9, pixel-median, threshold 0.3: columns 0 and 1 go bare → dense (gained, 8 px), column 2 stays moderate
 * (stable green, 4 px; 2025's median of its one clear value), column 3 goes moderate → bare (lost) on rows 1–3
 * (3 px) and is cloud in 2019 on row 0 (not clear in both). So clear in both 15/16, gained 8/16 A, lost 3/16 A,
 * stable green 4/16 A, stable not green 0; mean change (8·0.6 + 4·0 − 3·0.4)/15 = 0.24.
 */
class PeriodChangeHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"ch","properties":{"name":"Change","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""";
    private static final double N = Double.NaN;

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** Columns with NDVI {@code v} (NaN: cloud), every row; {@code cloudRow0Col} (or -1) is cloud on row 0. */
    private void ingest(String date, double[] v, int cloudRow0Col) throws Exception {
        int off = date.compareTo("2022-01-25") >= 0 ? 1000 : 0;
        int[][] red = new int[4][4], nir = new int[4][4], mask = new int[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                boolean cloud = Double.isNaN(v[c]) || (r == 0 && c == cloudRow0Col);
                double x = Double.isNaN(v[c]) ? 0.5 : v[c];
                nir[r][c] = (int) Math.round(5000 * (1 + x)) + off;
                red[r][c] = (int) Math.round(5000 * (1 - x)) + off;
                mask[r][c] = cloud ? 9 : 4;
            }
        }
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", tiff("r" + date, red)}, {"nir", tiff("n" + date, nir)}, {"mask", tiff("m" + date, mask)}},
                TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    private Path tiff(String name, int[][] band) throws Exception {
        return TestTiffs.write(dir.resolve(name + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {band});
    }

    private void load() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2019-06-10", new double[] {0.1, 0.1, 0.5, 0.5}, 3);
        ingest("2025-03-10", new double[] {0.9, 0.9, 0.9, 0.9}, -1);
        ingest("2025-06-10", new double[] {0.7, 0.7, 0.5, 0.1}, -1);
        ingest("2025-08-10", new double[] {0.7, 0.7, N, 0.1}, -1);
    }

    private JsonNode change(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/ch/change" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aPatchThatTurnsGreenIsCountedInGroundAreaAndDrawnOnExactlyItsPixels() throws Exception {
        load();
        JsonNode c = change("?from=2019&to=2025&months=5-9");
        double a = c.get("siteAreaM2").asDouble();
        // 1600 m² of grid on the central meridian of zone 50 (scale 0.9996): 1600 / 0.9996² on the ground
        assertThat(a).isCloseTo(1600 / (0.9996 * 0.9996), within(1.0));
        double px = a / 16;
        assertThat(c.get("composite").asText()).isEqualTo("pixel-median");
        assertThat(c.get("months").asText()).isEqualTo("5-9");
        assertThat(c.get("clearInBothFraction").asDouble()).isCloseTo(15 / 16.0, within(1e-9));
        assertThat(c.get("clearInBothAreaM2").asDouble()).isCloseTo(15 * px, within(1e-6));
        assertThat(c.get("gainedGreenAreaM2").asDouble()).isCloseTo(8 * px, within(1e-6));
        assertThat(c.get("lostGreenAreaM2").asDouble()).isCloseTo(3 * px, within(1e-6));
        assertThat(c.get("stableGreenAreaM2").asDouble()).isCloseTo(4 * px, within(1e-6));
        assertThat(c.get("stableBareAreaM2").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(c.get("meanIndexChange").asDouble()).isCloseTo(0.24, within(1e-9));
        assertThat(c.at("/transitionsM2/bare/dense").asDouble()).isCloseTo(8 * px, within(1e-6));
        assertThat(c.at("/transitionsM2/moderate/moderate").asDouble()).isCloseTo(4 * px, within(1e-6));
        assertThat(c.at("/transitionsM2/moderate/bare").asDouble()).isCloseTo(3 * px, within(1e-6));
        assertThat(c.at("/transitionsM2/bare/bare").asDouble()).isZero();
        assertThat(c.at("/from/sceneIds")).hasSize(1);
        assertThat(c.at("/to/sceneIds")).hasSize(2);

        // the whole year: 2025-03 enters, the median of column 3 is then median(0.9, 0.1, 0.1) = 0.1, of column 2
        // (0.9 + 0.5)/2 = 0.7: same classes except column 2 moderate → dense
        JsonNode all = change("?from=2019&to=2025");
        assertThat(all.at("/to/sceneIds")).hasSize(3);
        assertThat(all.at("/transitionsM2/moderate/dense").asDouble()).isCloseTo(4 * px, within(1e-6));
        // pixel-max of 2025 in 5-9: column 3 is 0.1 in both scenes, so the same areas as the median here
        assertThat(change("?from=2019&to=2025&months=5-9&composite=pixel-max").get("lostGreenAreaM2").asDouble())
                .isCloseTo(3 * px, within(1e-6));

        String[] csv = server.get("/api/v1/sites/ch/change?from=2019&to=2025&months=5-9&format=csv").body().trim().split("\n");
        assertThat(csv).hasSize(2);
        java.util.List<String> head = java.util.List.of(csv[0].split(",")), row = java.util.List.of(csv[1].split(",", -1));
        assertThat(Double.parseDouble(row.get(head.indexOf("gainedGreenAreaM2")))).isCloseTo(8 * px, within(1e-6));
        assertThat(Double.parseDouble(row.get(head.indexOf("bareToDenseM2")))).isCloseTo(8 * px, within(1e-6));

        // the map of the same periods (whole years, no MONTHS) draws gained on exactly columns 0
        // and 1: 8 pixels of the site's 16, as the route counts for the whole years
        HttpResponse<byte[]> map = server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=greencover-change"
                + "&STYLES=&CRS=EPSG:32650&BBOX=500000,2799960,500040,2800000&WIDTH=4&HEIGHT=4&FORMAT=image/png"
                + "&TRANSPARENT=TRUE&TIME=2019/2025");
        assertThat(map.statusCode()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(map.body()));
        int gained = 0xFF1A9850, lost = 0xFFD7301F, stable = 0xFF91CF60;
        int gainedPixels = 0, lostPixels = 0;
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int argb = img.getRGB(x, y);
                if (argb == gained) gainedPixels++;
                if (argb == lost) lostPixels++;
                if (x < 2) assertThat(argb).as("%d,%d", x, y).isEqualTo(gained);
                if (x == 2) assertThat(argb).as("%d,%d", x, y).isEqualTo(stable);
                if (x == 3 && y > 0) assertThat(argb).as("%d,%d", x, y).isEqualTo(lost);
            }
        }
        assertThat(img.getRGB(3, 0) >>> 24).as("cloud in 2019: not clear in both").isZero();
        assertThat(gainedPixels * px).isCloseTo(all.get("gainedGreenAreaM2").asDouble(), within(1e-6));
        assertThat(lostPixels * px).isCloseTo(all.get("lostGreenAreaM2").asDouble(), within(1e-6));
        // ndvi-change over the same composites: +0.6 is past the ramp's +0.5 end (full green)
        HttpResponse<byte[]> diff = server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi-change"
                + "&STYLES=&CRS=EPSG:32650&BBOX=500000,2799960,500040,2800000&WIDTH=4&HEIGHT=4&FORMAT=image/png"
                + "&TRANSPARENT=TRUE&TIME=2019/2025");
        BufferedImage d = ImageIO.read(new ByteArrayInputStream(diff.body()));
        assertThat(d.getRGB(0, 2)).isEqualTo(0xFF1A9850);
    }

    private void refused(String query, int status, String field) throws Exception {
        HttpResponse<String> r = server.get(query);
        assertThat(r.statusCode()).as(query + " " + r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body());
        assertThat(e.get("error").asText()).as(query).isNotBlank();
        assertThat(e.get("detail").asText()).as(query).isNotBlank();
        if (field != null) assertThat(e.get("field").asText()).as(query).isEqualTo(field);
    }

    @Test
    void badInputIsAClear4xx() throws Exception {
        load();
        refused("/api/v1/sites/ch/change?from=2025&to=2019", 400, "from");
        refused("/api/v1/sites/ch/change?to=2025", 400, "from");
        refused("/api/v1/sites/ch/change?from=19&to=2025", 400, "from");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&months=9-5", 400, "months");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&months=may", 400, "months");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&index=forest", 400, "index");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&composite=annual-max", 400, "composite");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&format=xml", 400, "format");
        refused("/api/v1/sites/ch/change?from=2020&to=2025", 400, "from");
        refused("/api/v1/sites/ch/change?from=2019&to=2025&months=10-12", 400, "from");
        refused("/api/v1/sites/nope/change?from=2019&to=2025", 404, null);
        // 2021 has a scene, but every pixel is cloud: a period with no clear data, not a 200 of zero areas
        ingest("2021-06-10", new double[] {N, N, N, N}, -1);
        refused("/api/v1/sites/ch/change?from=2021&to=2025", 400, "from");
        refused("/api/v1/sites/ch/change?from=2019&to=2021", 400, "to");
        HttpResponse<String> r = server.get("/api/v1/sites/ch/change?from=2021&to=2025");
        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("no pixel of the site is clear land in 2021");
        // nothing changed: the other periods answer as before
        assertThat(change("?from=2019&to=2025").get("clearInBothAreaM2").asDouble()).isPositive();
    }

    @Test
    void theOpenApiDocumentListsTheRouteAndItsRequiredYears() throws Exception {
        JsonNode get = JSON.readTree(server.get("/api/v1/openapi.json").body()).at("/paths/~1api~1v1~1sites~1{id}~1change/get");
        assertThat(get.isMissingNode()).isFalse();
        java.util.Map<String, JsonNode> byName = new java.util.HashMap<>();
        for (JsonNode p : get.get("parameters")) byName.put(p.get("name").asText(), p);
        assertThat(byName.get("from").get("required").asBoolean()).isTrue();
        assertThat(byName.get("composite").at("/schema/enum")).extracting(JsonNode::asText).containsExactly("pixel-median", "pixel-max");
    }
}
