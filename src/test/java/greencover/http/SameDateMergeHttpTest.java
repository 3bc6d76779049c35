package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression of "one date's scenes are merged by grid rectangle, not by valid data" (issue 9, defect 1). The site is
 * the square [500000, 500120] × [2799880, 2800000] of EPSG:32650 (120 m × 120 m); every scene is dated 2020-05-01
 * (Sentinel-2 before baseline 04.00: reflectance = DN / 10000).
 *
 * <p><b>Two half products of one tile</b> (Earth Search's {@code _0}/{@code _1} datastrips): both are the full tile
 * grid, 12 × 12 pixels of 10 m on the site. Product W has red 500 / NIR 4500 (NDVI 0.8) in columns 0–5 and DN 0 (no
 * data) in columns 6–11; product E the reverse, with red 1800 / NIR 2200 (NDVI 0.1) in columns 6–11. Each pixel is
 * valid in exactly one product, so the date is fully valid: validFraction 1 (the footprint rule gave 0.5, as the
 * second product's rectangle was the first's), mean (0.8 + 0.1) / 2 = 0.45, both scenes listed, in either ingest
 * order. Deleting E leaves W alone: validFraction 0.5, low-valid at the default minValid 0.6, mean 0.8; ingesting E
 * again restores the date.
 *
 * <p><b>A cloudy Sentinel-2 and a clear Landsat</b>: the Sentinel-2 scene (12 × 12 pixels of 10 m, SCL in the same
 * file) has cloud (SCL 9) in columns 0–7 and vegetation (SCL 4, NDVI 0.8) in columns 8–11; the Landsat C2 L2 scene
 * (4 × 4 pixels of 30 m on the same corner, reflectance = DN × 0.0000275 − 0.2, no QA band) is clear everywhere
 * with red DN 9091 and NIR DN 21818. Sentinel-2 is the finer sensor, so its valid third is its own and the cloudy
 * two thirds come from Landsat: validFraction 1, cloudFraction 0, mean = 0.8 / 3 + 2 / 3 × NDVI(Landsat), sensor
 * lists both. Asking for Sentinel-2 only gives its own observation (valid 1/3, cloud 2/3).
 */
class SameDateMergeHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"tile","properties":{"name":"Split tile"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799880],[500120,2799880],[500120,2800000],[500000,2800000],[500000,2799880]]]}}""";
    private static final int N = 12;

    @TempDir Path dir;
    TestServer server;
    private int files;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** A half product: valid in columns [c0, c1) with the given DNs, no data (DN 0) elsewhere. */
    private Path half(int c0, int c1, int red, int nir) throws Exception {
        int[][] r = new int[N][N], n = new int[N][N];
        for (int y = 0; y < N; y++) {
            for (int x = c0; x < c1; x++) {
                r[y][x] = red;
                n[y][x] = nir;
            }
        }
        return TestTiffs.write(dir.resolve("f" + (++files) + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {r, n});
    }

    private String ingest(String sensor, String name, Path file, String bands) throws Exception {
        List<String[]> fields = new ArrayList<>(List.of(new String[] {"sensor", sensor}, new String[] {"acquired", "2020-05-01"},
                new String[] {"bands", bands}));
        if (name != null) fields.add(new String[] {"name", name});
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", fields.toArray(new String[0][]), new Object[][] {{"file", file}},
                TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).at("/scene/id").asText();
    }

    private JsonNode onlyPoint(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/tile/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).get("points");
        assertThat(points).as(r.body()).hasSize(1);
        return points.get(0);
    }

    private static void fractionsSumToOne(JsonNode p) {
        double sum = 0;
        for (String f : new String[] {"validFraction", "cloudFraction", "shadowFraction", "snowFraction", "waterFraction", "nodataFraction"}) {
            sum += p.get(f).asDouble();
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
    }

    @ParameterizedTest(name = "west product first: {0}")
    @ValueSource(booleans = {true, false})
    void twoHalfProductsOfOneTileAreOneFullyValidDateInEitherIngestOrder(boolean westFirst) throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        Path west = half(0, 6, 500, 4500), east = half(6, 12, 1800, 2200);
        String w, e;
        if (westFirst) {
            w = ingest("sentinel2-l2a", "S2A_MSIL2A_20200501T023551_N0214_R089_T50QKM_20200501T043256_0", west, "red,nir");
            e = ingest("sentinel2-l2a", "S2A_MSIL2A_20200501T023551_N0214_R089_T50QKM_20200501T043256_1", east, "red,nir");
        } else {
            e = ingest("sentinel2-l2a", "S2A_MSIL2A_20200501T023551_N0214_R089_T50QKM_20200501T043256_1", east, "red,nir");
            w = ingest("sentinel2-l2a", "S2A_MSIL2A_20200501T023551_N0214_R089_T50QKM_20200501T043256_0", west, "red,nir");
        }
        JsonNode p = onlyPoint("");
        assertThat(p.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(p.get("clearFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(p.get("nodataFraction").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo(0.45, within(1e-4));
        assertThat(p.get("quality").asText()).isEqualTo("ok");
        assertThat(p.get("sensor").asText()).isEqualTo("sentinel2-l2a");
        assertThat(texts(p.get("sceneIds"))).containsExactlyInAnyOrder(w, e);
        assertThat(p.get("qualityReasons")).isEmpty(); // baseline 02.14 from the product names
        fractionsSumToOne(p);
        assertThat(onlyPoint("?mode=center").get("validFraction").asDouble()).isCloseTo(1, within(1e-9));

        assertThat(server.delete("/api/v1/scenes/" + e).statusCode()).isEqualTo(204);
        JsonNode alone = onlyPoint("");
        assertThat(alone.get("validFraction").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(alone.get("nodataFraction").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(alone.get("mean").asDouble()).isCloseTo(0.8, within(1e-4));
        assertThat(alone.get("quality").asText()).isEqualTo("low-valid");
        assertThat(texts(alone.get("sceneIds"))).containsExactly(w);
        assertThat(texts(alone.get("qualityReasons"))).containsExactly("low-clear", "partial-scene");

        String again = ingest("sentinel2-l2a", "S2A_MSIL2A_20200501T023551_N0214_R089_T50QKM_20200501T043256_1", east, "red,nir");
        assertThat(again).isEqualTo(e);
        JsonNode back = onlyPoint("");
        assertThat(back.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(back.get("mean").asDouble()).isCloseTo(0.45, within(1e-4));
    }

    @ParameterizedTest(name = "Sentinel-2 first: {0}")
    @ValueSource(booleans = {true, false})
    void aCloudySentinel2AndAClearLandsatOfOneDateFillEachOther(boolean s2First) throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        int[][] red = new int[N][N], nir = new int[N][N], scl = new int[N][N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                red[y][x] = 500;
                nir[y][x] = 4500;
                scl[y][x] = x < 8 ? 9 : 4;
            }
        }
        Path s2 = TestTiffs.write(dir.resolve("s2.tif"), 32650, 500000, 2800000, 10, new int[][][] {red, nir, scl});
        int[][] lr = new int[4][4], ln = new int[4][4];
        for (int[] row : lr) java.util.Arrays.fill(row, 9091);
        for (int[] row : ln) java.util.Arrays.fill(row, 21818);
        Path l8 = TestTiffs.write(dir.resolve("l8.tif"), 32650, 500000, 2800000, 30, new int[][][] {lr, ln});
        String a, b;
        if (s2First) {
            a = ingest("sentinel2-l2a", null, s2, "red,nir,mask");
            b = ingest("landsat-c2l2", null, l8, "red,nir");
        } else {
            b = ingest("landsat-c2l2", null, l8, "red,nir");
            a = ingest("sentinel2-l2a", null, s2, "red,nir,mask");
        }
        double landsatRed = 9091 * 0.0000275 - 0.2, landsatNir = 21818 * 0.0000275 - 0.2;
        double landsat = (landsatNir - landsatRed) / (landsatNir + landsatRed);

        JsonNode p = onlyPoint("");
        assertThat(p.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(p.get("cloudFraction").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(p.get("mean").asDouble()).isCloseTo(0.8 / 3 + 2.0 / 3 * landsat, within(1e-4));
        assertThat(p.get("quality").asText()).isEqualTo("ok");
        assertThat(texts(p.get("sceneIds"))).containsExactlyInAnyOrder(a, b);
        assertThat(p.get("sensor").asText().split("\\+")).containsExactlyInAnyOrder("sentinel2-l2a", "landsat-c2l2");
        // no product name or baseline given: the Sentinel-2 offset rests on the acquisition date alone
        assertThat(texts(p.get("qualityReasons"))).containsExactly("mixed-sensor", "offset-unverified");
        String[] csv = server.get("/api/v1/sites/tile/timeseries?format=csv").body().trim().split("\n");
        // (qualityReasons, then the uncertainty and reference columns the series analysis adds)
        assertThat(csv[0]).contains(",qualityReasons,meanStandardError,");
        assertThat(csv[1]).contains(",ok,none,,mixed-sensor;offset-unverified,");
        fractionsSumToOne(p);

        JsonNode own = onlyPoint("?sensors=sentinel2-l2a");
        assertThat(own.get("validFraction").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(own.get("cloudFraction").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(own.get("mean").asDouble()).isCloseTo(0.8, within(1e-4));
        assertThat(texts(own.get("sceneIds"))).containsExactly(a);
        JsonNode landsatOnly = onlyPoint("?sensors=landsat-c2l2");
        assertThat(landsatOnly.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(landsatOnly.get("mean").asDouble()).isCloseTo(landsat, within(1e-4));
    }

    /**
     * Two scenes of one date in neighbouring UTM zones, near 120° E (the zone 50/51 boundary) at 25.3° N: A in zone 50
     * with 10 m pixels, valid (NDVI 0.8) in columns 0–9 and cloud (SCL 9) in columns 10–19; B in zone 51 with 20 m
     * pixels, covering the whole site, valid everywhere with NDVI 0.3 (red 700, NIR 1300). The site is the square of
     * A's columns 2–17 and rows 2–17, so half of it lies on each side of A's column 10. A is the finer sensor: its valid
     * half is its own, its cloudy half comes from B, read across the zones at A's cell centres: validFraction 1, mean
     * (0.8 + 0.3) / 2 = 0.55.
     */
    @ParameterizedTest(name = "zone 50 first: {0}")
    @ValueSource(booleans = {true, false})
    void scenesOfOneDateInTwoUtmZonesAreMergedAcrossTheirCrs(boolean aFirst) throws Exception {
        var wgs84 = org.geotools.referencing.crs.DefaultGeographicCRS.WGS84;
        var z50 = org.geotools.referencing.CRS.decode("EPSG:32650", true);
        var z51 = org.geotools.referencing.CRS.decode("EPSG:32651", true);
        double[] p = new double[2];
        org.geotools.referencing.CRS.findMathTransform(wgs84, z50, true).transform(new double[] {119.99, 25.3}, 0, p, 0, 1);
        double x0 = Math.floor(p[0] / 10) * 10, y0 = Math.floor(p[1] / 10) * 10;
        String site = """
                {"type":"Feature","id":"tile","properties":{"name":"Two zones"},
                 "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
                 "geometry":{"type":"Polygon","coordinates":[[[%1$s,%3$s],[%2$s,%3$s],[%2$s,%4$s],[%1$s,%4$s],[%1$s,%3$s]]]}}"""
                .formatted(x0 + 20, x0 + 180, y0 - 180, y0 - 20);
        assertThat(server.postJson("/api/v1/sites", site).statusCode()).isEqualTo(201);
        int[][] red = new int[20][20], nir = new int[20][20], scl = new int[20][20];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                red[y][x] = 500;
                nir[y][x] = 4500;
                scl[y][x] = x < 10 ? 4 : 9;
            }
        }
        Path a = TestTiffs.write(dir.resolve("z50.tif"), 32650, x0, y0, 10, new int[][][] {red, nir, scl});
        // B: the site's corners in zone 51, with a 100 m margin, on a 20 m lattice
        var to51 = org.geotools.referencing.CRS.findMathTransform(z50, z51, true);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double[] c : new double[][] {{x0 + 20, y0 - 180}, {x0 + 180, y0 - 180}, {x0 + 180, y0 - 20}, {x0 + 20, y0 - 20}}) {
            to51.transform(c, 0, p, 0, 1);
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double bx = Math.floor((minX - 100) / 20) * 20, by = Math.ceil((maxY + 100) / 20) * 20;
        int bw = (int) Math.ceil((maxX + 100 - bx) / 20), bh = (int) Math.ceil((by - (minY - 100)) / 20);
        int[][] br = new int[bh][bw], bn = new int[bh][bw];
        for (int[] row : br) java.util.Arrays.fill(row, 700);
        for (int[] row : bn) java.util.Arrays.fill(row, 1300);
        Path b = TestTiffs.write(dir.resolve("z51.tif"), 32651, bx, by, 20, new int[][][] {br, bn});
        if (aFirst) {
            ingest("sentinel2-l2a", null, a, "red,nir,mask");
            ingest("sentinel2-l2a", null, b, "red,nir");
        } else {
            ingest("sentinel2-l2a", null, b, "red,nir");
            ingest("sentinel2-l2a", null, a, "red,nir,mask");
        }
        JsonNode point = onlyPoint("");
        assertThat(point.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(point.get("cloudFraction").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(point.get("mean").asDouble()).isCloseTo(0.55, within(1e-4));
        assertThat(point.get("sceneIds")).hasSize(2);
        fractionsSumToOne(point);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
