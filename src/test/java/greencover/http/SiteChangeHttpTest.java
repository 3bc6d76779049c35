package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change route and a site's change layers ({@code <site>:greencover-change}, {@code <site>:ndvi-change}) count and
 * draw the scenes as the per-date statistics see them: the outline valid on each date, permanent water, the mask
 * buffer, the month window and the site's own green threshold. Sentinel-2 scenes of n × n pixels of 10 m, EPSG:32650,
 * upper-left (500000, 2800000) on zone 50's central meridian, so a pixel is 100 / 0.9996² m² on the ground; NDVI is
 * set exactly per pixel (red + NIR DNs sum to 10000 before the BOA offset); SCL 4, or 9 for cloud. Maps are asked in
 * the scenes' grid at their resolution, so one map pixel is one scene pixel.
 */
class SiteChangeHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRS = "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}}";
    private static final double PX = 100 / (0.9996 * 0.9996);
    private static final int GAINED = 0xFF1A9850, LOST = 0xFFD7301F, STABLE = 0xFF91CF60, NOT_GREEN = 0xFFD9D9D9;
    private static final double CLOUD = Double.NaN;

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** A rectangle of pixel columns c0..c1 − 1 and rows r0..r1 − 1, in EPSG:32650 coordinates. */
    private static String box(int c0, int c1, int r0, int r1) {
        double x0 = 500000 + 10 * c0, x1 = 500000 + 10 * c1, y0 = 2800000 - 10 * r1, y1 = 2800000 - 10 * r0;
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],["
                + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]}";
    }

    private void site(String id, String geometry, String extra) throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/sites", "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"name\":\""
                + id + "\"" + extra + "}," + CRS + ",\"geometry\":" + geometry + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** A scene of {@code v} (NDVI per pixel [row][col]; NaN: cloud). */
    private void ingest(String date, double[][] v) throws Exception {
        int n = v.length, off = date.compareTo("2022-01-25") >= 0 ? 1000 : 0;
        int[][] red = new int[n][n], nir = new int[n][n], mask = new int[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double x = Double.isNaN(v[r][c]) ? 0.5 : v[r][c];
                nir[r][c] = (int) Math.round(5000 * (1 + x)) + off;
                red[r][c] = (int) Math.round(5000 * (1 - x)) + off;
                mask[r][c] = Double.isNaN(v[r][c]) ? 9 : 4;
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

    /** An n × n field of {@code x}. */
    private static double[][] field(int n, double x) {
        double[][] v = new double[n][n];
        for (double[] row : v) java.util.Arrays.fill(row, x);
        return v;
    }

    private JsonNode change(String site, String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/" + site + "/change" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The map of {@code layer} over the n × n grid at its resolution; {@code extra} is appended to the query. */
    private BufferedImage map(String layer, int n, String extra) throws Exception {
        HttpResponse<byte[]> r = server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + layer
                + "&STYLES=&CRS=EPSG:32650&BBOX=500000," + (2800000 - 10 * n) + "," + (500000 + 10 * n) + ",2800000&WIDTH=" + n
                + "&HEIGHT=" + n + "&FORMAT=image/png&TRANSPARENT=TRUE" + extra);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    /** How many pixels of {@code img} are {@code argb}. */
    private static int count(BufferedImage img, int argb) {
        int k = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if (img.getRGB(x, y) == argb) k++;
        return k;
    }

    /**
     * 6 × 6 pixels, the site the whole grid (36 px) with {@code maskBufferM} 10 and permanent water on columns 4–5 (12
     * px) whose pixels SCL calls vegetation; green threshold 0.3.
     * <pre>
     *   2019-06-10  every pixel 0.5, except the patch rows 0–2 × columns 0–2 (9 px) at 0.1 and the pond at 0.1
     *   2025-06-10  every pixel 0.5, except the patch at 0.7, the pond at 0.7 and a cloud at row 4, column 1
     * </pre>
     * By hand: the pond is water in both periods (never land); the 10 m buffer grows the cloud onto its four edge
     * neighbours (3,1) (5,1) (4,0) (4,2), so 5 px are not clear in 2025. Clear land in both: 36 − 12 − 5 = 19 px;
     * gained 9 px (bare → dense), stable green 15 − 5 = 10 px (moderate → moderate), lost and stable bare 0; mean
     * change 9 · 0.6 / 19. Without the masks the pond would add 12 px gained and the buffer 4 px stable green.
     */
    @Test
    void aPatchTurningDenseBesidePermanentWaterAndABufferedCloudIsCountedAndDrawnAlike() throws Exception {
        site("pit", box(0, 6, 0, 6), ",\"greenThreshold\":0.3,\"maskBufferM\":10,\"permanentWater\":" + box(4, 6, 0, 6));
        double[][] a = field(6, 0.5), b = field(6, 0.5);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 6; c++) {
                if ((r < 3 && c < 3) || c >= 4) {
                    a[r][c] = 0.1;
                    b[r][c] = 0.7;
                }
            }
        }
        b[4][1] = CLOUD;
        ingest("2019-06-10", a);
        ingest("2025-06-10", b);

        // the per-date statistics of 2025 see the same masks: water 12/36, cloud 5/36
        JsonNode points = JSON.readTree(server.get("/api/v1/sites/pit/timeseries").body()).get("points");
        JsonNode p2025 = points.get(1);
        assertThat(p2025.get("waterFraction").asDouble()).isCloseTo(12 / 36.0, within(1e-9));
        assertThat(p2025.get("cloudFraction").asDouble()).isCloseTo(5 / 36.0, within(1e-9));

        JsonNode c = change("pit", "?from=2019&to=2025");
        assertThat(c.get("siteAreaM2").asDouble()).isCloseTo(36 * PX, within(0.5));
        double px = c.get("siteAreaM2").asDouble() / 36;
        assertThat(c.get("clearInBothAreaM2").asDouble()).isCloseTo(19 * px, within(1e-6));
        assertThat(c.get("clearInBothFraction").asDouble()).isCloseTo(19 / 36.0, within(1e-9));
        assertThat(c.get("gainedGreenAreaM2").asDouble()).isCloseTo(9 * px, within(1e-6));
        assertThat(c.get("stableGreenAreaM2").asDouble()).isCloseTo(10 * px, within(1e-6));
        assertThat(c.get("lostGreenAreaM2").asDouble()).isZero();
        assertThat(c.get("stableBareAreaM2").asDouble()).isZero();
        assertThat(c.get("meanIndexChange").asDouble()).isCloseTo(9 * 0.6 / 19, within(1e-9));
        assertThat(c.at("/transitionsM2/bare/dense").asDouble()).isCloseTo(9 * px, within(1e-6));
        assertThat(c.at("/transitionsM2/moderate/moderate").asDouble()).isCloseTo(10 * px, within(1e-6));
        assertThat(c.at("/outline/versions")).hasSize(1);
        assertThat(c.at("/outline/versions/0/validFrom").isNull()).isTrue();

        // the site's map: 9 gained and 10 stable-green pixels, the pond and the buffered cloud transparent
        BufferedImage img = map("pit:greencover-change", 6, "&TIME=2019/2025");
        assertThat(count(img, GAINED)).isEqualTo(9);
        assertThat(count(img, STABLE)).isEqualTo(10);
        assertThat(count(img, LOST) + count(img, NOT_GREEN)).isZero();
        assertThat(count(img, GAINED) * px).isCloseTo(c.get("gainedGreenAreaM2").asDouble(), within(1e-6));
        assertThat(count(img, STABLE) * px).isCloseTo(c.get("stableGreenAreaM2").asDouble(), within(1e-6));
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                boolean masked = x >= 4 || (y == 4 && Math.abs(x - 1) <= 1) || (x == 1 && Math.abs(y - 4) == 1);
                if (masked) assertThat(img.getRGB(x, y) >>> 24).as("%d,%d", x, y).isZero();
                else assertThat(img.getRGB(x, y)).as("%d,%d", x, y).isEqualTo(y < 3 && x < 3 ? GAINED : STABLE);
            }
        }
        BufferedImage diff = map("pit:ndvi-change", 6, "&TIME=2019/2025");
        assertThat(diff.getRGB(5, 0) >>> 24).as("the pond has no change").isZero();
        assertThat(diff.getRGB(0, 0) >>> 24).as("the patch has").isEqualTo(0xFF);
        // the layer over all data knows no site: the pond is land there, and only the stored cloud pixel is masked
        BufferedImage all = map("greencover-change", 6, "&TIME=2019/2025");
        assertThat(count(all, GAINED)).isEqualTo(21);
        assertThat(count(all, STABLE)).isEqualTo(14);

        // a version of the same outline from 2020: the dates it covers keep the site's pond and buffer, in the per-date
        // statistics (recomputed for 2025) and in the change (over the intersection of the two equal outlines)
        HttpResponse<String> v = put("/api/v1/sites/pit/geometry", "{\"validFrom\":\"2020-01-01\"," + CRS + ",\"geometry\":" + box(0, 6, 0, 6) + "}");
        assertThat(v.statusCode()).as(v.body()).isEqualTo(201);
        p2025 = JSON.readTree(server.get("/api/v1/sites/pit/timeseries").body()).get("points").get(1);
        assertThat(p2025.get("waterFraction").asDouble()).isCloseTo(12 / 36.0, within(1e-9));
        assertThat(p2025.get("cloudFraction").asDouble()).isCloseTo(5 / 36.0, within(1e-9));
        JsonNode again = change("pit", "?from=2019&to=2025");
        assertThat(again.at("/outline/versions")).hasSize(2);
        assertThat(again.get("gainedGreenAreaM2").asDouble()).isCloseTo(9 * px, within(1e-3));
        assertThat(again.get("stableGreenAreaM2").asDouble()).isCloseTo(10 * px, within(1e-3));
        BufferedImage redrawn = map("pit:greencover-change", 6, "&TIME=2019/2025");
        assertThat(count(redrawn, GAINED)).isEqualTo(9);
        assertThat(count(redrawn, STABLE)).isEqualTo(10);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.TOKEN).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * 6 × 6 pixels, every pixel 0.1 in 2019-06-10 and 2023-06-10 and 0.7 in 2025-06-10. The site's own outline is
     * columns 0–3 (24 px); from 2022-01-01 it is columns 2–5 with a 10 m inner buffer, so what counts is columns 3–4,
     * rows 1–4 (8 px). 2019 → 2025 is compared over the intersection of the two counted outlines: column 3, rows 1–4
     * (4 px), all gained. 2023 → 2025 lies within the version: its 8 px, all gained.
     */
    @Test
    void aChangeAcrossAnOutlineVersionIsOverTheIntersectionOfTheOutlinesOfItsDates() throws Exception {
        site("g", box(0, 4, 0, 6), ",\"greenThreshold\":0.3");
        ingest("2019-06-10", field(6, 0.1));
        ingest("2023-06-10", field(6, 0.1));
        ingest("2025-06-10", field(6, 0.7));
        // before the version: the own outline, 24 px gained (this map is cached; the version must change its key)
        assertThat(count(map("g:greencover-change", 6, "&TIME=2019/2025"), GAINED)).isEqualTo(24);
        HttpResponse<String> v = put("/api/v1/sites/g/geometry", "{\"validFrom\":\"2022-01-01\",\"innerBufferM\":10," + CRS
                + ",\"geometry\":" + box(2, 6, 0, 6) + "}");
        assertThat(v.statusCode()).as(v.body()).isEqualTo(201);

        JsonNode c = change("g", "?from=2019&to=2025");
        assertThat(c.get("siteAreaM2").asDouble()).isCloseTo(4 * PX, within(0.05));
        assertThat(c.at("/outline/areaM2").asDouble()).isEqualTo(c.get("siteAreaM2").asDouble());
        assertThat(c.at("/outline/versions")).hasSize(2);
        assertThat(c.at("/outline/versions/0/validFrom").isNull()).isTrue();
        assertThat(c.at("/outline/versions/0/countedAreaM2").asDouble()).isCloseTo(24 * PX, within(0.2));
        assertThat(c.at("/outline/versions/1/validFrom").asText()).isEqualTo("2022-01-01");
        assertThat(c.at("/outline/versions/1/innerBufferM").asDouble()).isEqualTo(10.0);
        assertThat(c.at("/outline/versions/1/countedAreaM2").asDouble()).isCloseTo(8 * PX, within(0.1));
        assertThat(c.get("gainedGreenAreaM2").asDouble()).isCloseTo(4 * PX, within(0.05));
        assertThat(c.get("clearInBothFraction").asDouble()).isCloseTo(1, within(1e-6));
        String[] csv = server.get("/api/v1/sites/g/change?from=2019&to=2025&format=csv").body().trim().split("\n");
        java.util.List<String> head = java.util.List.of(csv[0].split(",")), row = java.util.List.of(csv[1].split(",", -1));
        assertThat(row.get(head.indexOf("outlineValidFrom"))).isEqualTo("own;2022-01-01");
        assertThat(server.get("/api/v1/sites/g/report").body())
                .contains("Compared over the intersection of the outlines valid on the dates compared (the site&#39;s own, the version from 2022-01-01), 400.3 m²");

        BufferedImage img = map("g:greencover-change", 6, "&TIME=2019/2025");
        assertThat(count(img, GAINED)).isEqualTo(4);
        for (int y = 1; y <= 4; y++) assertThat(img.getRGB(3, y)).as("3,%d", y).isEqualTo(GAINED);

        JsonNode later = change("g", "?from=2023&to=2025");
        assertThat(later.at("/outline/versions")).hasSize(1);
        assertThat(later.at("/outline/versions/0/validFrom").asText()).isEqualTo("2022-01-01");
        assertThat(later.get("siteAreaM2").asDouble()).isCloseTo(8 * PX, within(0.1));
        assertThat(later.get("gainedGreenAreaM2").asDouble()).isCloseTo(8 * PX, within(0.1));
        assertThat(count(map("g:greencover-change", 6, "&TIME=2023/2025"), GAINED)).isEqualTo(8);

        // an outline moved off its old ground: no ground was part of the site in both years, a 400 naming to; the map
        // has nothing to draw
        site("moved", box(0, 2, 0, 6), "");
        assertThat(put("/api/v1/sites/moved/geometry", "{\"validFrom\":\"2022-01-01\"," + CRS + ",\"geometry\":" + box(4, 6, 0, 6) + "}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> refused = server.get("/api/v1/sites/moved/change?from=2019&to=2025");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("no_overlap");
        assertThat(JSON.readTree(refused.body()).get("field").asText()).isEqualTo("to");
        BufferedImage none = map("moved:greencover-change", 6, "&TIME=2019/2025");
        assertThat(count(none, GAINED) + count(none, STABLE) + count(none, LOST) + count(none, NOT_GREEN)).isZero();
        assertThat(server.get("/api/v1/sites/moved/report").body()).contains("do not overlap");
    }

    /**
     * 4 × 4 pixels, the site the grid with green threshold 0.5: 2019-06-10 0.1 everywhere; 2025-06-10 0.7; 2025-03-10
     * −0.5. In months 5–9, 2025 is 0.7: all 16 px gained, mean change 0.6. Over the whole year 2025's median is
     * (0.7 − 0.5) / 2 = 0.1: all 16 px stable not green, mean change 0.
     */
    @Test
    void aMonthWindowLeavesOutADateOutsideItInTheRouteAndTheMaps() throws Exception {
        site("m", box(0, 4, 0, 4), ",\"greenThreshold\":0.5");
        ingest("2019-06-10", field(4, 0.1));
        ingest("2025-03-10", field(4, -0.5));
        ingest("2025-06-10", field(4, 0.7));

        JsonNode season = change("m", "?from=2019&to=2025&months=5-9");
        double px = season.get("siteAreaM2").asDouble() / 16;
        assertThat(season.get("gainedGreenAreaM2").asDouble()).isCloseTo(16 * px, within(1e-6));
        assertThat(season.get("meanIndexChange").asDouble()).isCloseTo(0.6, within(1e-9));
        assertThat(season.at("/to/sceneIds")).hasSize(1);
        JsonNode year = change("m", "?from=2019&to=2025");
        assertThat(year.get("stableBareAreaM2").asDouble()).isCloseTo(16 * px, within(1e-6));
        assertThat(year.get("meanIndexChange").asDouble()).isCloseTo(0, within(1e-9));

        assertThat(count(map("m:greencover-change", 4, "&TIME=2019/2025&MONTHS=5-9"), GAINED)).isEqualTo(16);
        assertThat(count(map("m:greencover-change", 4, "&TIME=2019/2025"), NOT_GREEN)).isEqualTo(16);
        // the layer over all data takes the window too (its threshold is the default 0.3: 0.1 → 0.7 gained, 0.1 → 0.1 not)
        assertThat(count(map("greencover-change", 4, "&TIME=2019/2025&MONTHS=5-9"), GAINED)).isEqualTo(16);
        assertThat(count(map("greencover-change", 4, "&TIME=2019/2025"), NOT_GREEN)).isEqualTo(16);
        // the default TIME (first/latest date) with the window: 2019-06-10 to 2025-06-10
        assertThat(count(map("m:greencover-change", 4, "&MONTHS=5-9"), GAINED)).isEqualTo(16);

        // XYZ takes months= too (a tile over the site in Web Mercator: the site's pixels are gained, or not green)
        JsonNode ring = JSON.readTree(server.get("/api/v1/sites/m").body()).at("/geometry/coordinates/0");
        double lon = (ring.get(0).get(0).asDouble() + ring.get(2).get(0).asDouble()) / 2; // the site's centre, WGS84
        double lat = Math.toRadians((ring.get(0).get(1).asDouble() + ring.get(2).get(1).asDouble()) / 2);
        int z = 15, n = 1 << z;
        int tx = (int) ((lon + 180) / 360 * n);
        int ty = (int) ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        HttpResponse<byte[]> t1 = server.getBytes("/tiles/m:greencover-change/" + z + "/" + tx + "/" + ty + ".png?time=2019/2025&months=5-9");
        HttpResponse<byte[]> t2 = server.getBytes("/tiles/m:greencover-change/" + z + "/" + tx + "/" + ty + ".png?time=2019/2025");
        assertThat(t1.statusCode()).isEqualTo(200);
        assertThat(t2.statusCode()).isEqualTo(200);
        BufferedImage i1 = ImageIO.read(new ByteArrayInputStream(t1.body())), i2 = ImageIO.read(new ByteArrayInputStream(t2.body()));
        assertThat(count(i1, GAINED)).isPositive();
        assertThat(count(i1, NOT_GREEN)).isZero();
        assertThat(count(i2, NOT_GREEN)).isPositive();
        assertThat(count(i2, GAINED)).isZero();
        assertThat(t1.headers().firstValue("ETag")).isNotEqualTo(t2.headers().firstValue("ETag"));
        JsonNode tileJson = JSON.readTree(server.get("/tiles/m:greencover-change/tilejson.json?time=2019/2025&months=5-9").body());
        assertThat(tileJson.at("/tiles/0").asText()).contains("months=5-9");
        // WMTS too, on the layer over all data (WMTS offers no per-site copies)
        String wmts = "/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=greencover-change&STYLE=default"
                + "&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=" + z + "&TILEROW=" + ty + "&TILECOL=" + tx + "&FORMAT=image/png&TIME=2019/2025";
        HttpResponse<byte[]> w1 = server.getBytes(wmts + "&MONTHS=5-9"), w2 = server.getBytes(wmts);
        assertThat(w1.statusCode()).isEqualTo(200);
        assertThat(count(ImageIO.read(new ByteArrayInputStream(w1.body())), GAINED)).isPositive();
        assertThat(count(ImageIO.read(new ByteArrayInputStream(w2.body())), GAINED)).isZero();

        // a bad window is a clear 400 on every surface, naming the parameter
        HttpResponse<String> bad = server.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=m:greencover-change&STYLES="
                + "&CRS=EPSG:32650&BBOX=500000,2799960,500040,2800000&WIDTH=4&HEIGHT=4&FORMAT=image/png&TIME=2019/2025&MONTHS=9-5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("MONTHS");
        HttpResponse<String> badTile = server.get("/tiles/m:greencover-change/" + z + "/" + tx + "/" + ty + ".png?months=13");
        assertThat(badTile.statusCode()).isEqualTo(400);
        assertThat(badTile.body()).contains("months");
    }

    /**
     * Two sites on one 4 × 4 grid, green thresholds 0.3 and 0.6: 2019-06-10 0.1 everywhere; 2025-06-10 columns 0.2,
     * 0.4, 0.5, 0.7. At 0.3 columns 1–3 are gained (12 px) and column 0 stays not green; at 0.6 only column 3 is gained
     * (4 px) and columns 0–2 stay not green.
     */
    @Test
    void eachSitesChangeLayerFollowsItsOwnGreenThreshold() throws Exception {
        site("t3", box(0, 4, 0, 4), ",\"greenThreshold\":0.3");
        site("t6", box(0, 4, 0, 4), ",\"greenThreshold\":0.6");
        ingest("2019-06-10", field(4, 0.1));
        double[][] b = new double[4][];
        for (int r = 0; r < 4; r++) b[r] = new double[] {0.2, 0.4, 0.5, 0.7};
        ingest("2025-06-10", b);

        JsonNode c3 = change("t3", "?from=2019&to=2025"), c6 = change("t6", "?from=2019&to=2025");
        double px = c3.get("siteAreaM2").asDouble() / 16;
        assertThat(c3.get("threshold").asDouble()).isEqualTo(0.3);
        assertThat(c6.get("threshold").asDouble()).isEqualTo(0.6);
        assertThat(c3.get("gainedGreenAreaM2").asDouble()).isCloseTo(12 * px, within(1e-6));
        assertThat(c3.get("stableBareAreaM2").asDouble()).isCloseTo(4 * px, within(1e-6));
        assertThat(c6.get("gainedGreenAreaM2").asDouble()).isCloseTo(4 * px, within(1e-6));
        assertThat(c6.get("stableBareAreaM2").asDouble()).isCloseTo(12 * px, within(1e-6));

        BufferedImage m3 = map("t3:greencover-change", 4, "&TIME=2019/2025"), m6 = map("t6:greencover-change", 4, "&TIME=2019/2025");
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(m3.getRGB(x, y)).as("t3 %d,%d", x, y).isEqualTo(x >= 1 ? GAINED : NOT_GREEN);
                assertThat(m6.getRGB(x, y)).as("t6 %d,%d", x, y).isEqualTo(x == 3 ? GAINED : NOT_GREEN);
            }
        }
        assertThat(count(m3, GAINED) * px).isCloseTo(c3.get("gainedGreenAreaM2").asDouble(), within(1e-6));
        assertThat(count(m6, GAINED) * px).isCloseTo(c6.get("gainedGreenAreaM2").asDouble(), within(1e-6));
    }
}
