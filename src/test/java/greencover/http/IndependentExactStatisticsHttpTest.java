package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.geotools.api.referencing.operation.MathTransform;
import org.geotools.geometry.jts.JTS;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Acceptance: the statistics the real server returns for generated scenes agree with an independent exact
 * computation done here, without any GreenCover main code.
 *
 * <p>The reference decides every pixel's class and NDVI (in double) from the DNs and mask values this test
 * generated, with the published rules: Sentinel-2 L2A reflectance = (DN + offset) / 10000 with offset −1000 from
 * processing baseline 04.00, DN 0 and SCL 0/1 no data, SCL 8, 9, 10 cloud, 2, 3 shadow, 11 snow, 6 water; Landsat C2
 * L2 reflectance = DN × 0.0000275 − 0.2, DN 0 and QA_PIXEL bit 0 no data, bits 1–3 cloud, bit 4 shadow, bit 5 snow,
 * bit 7 water, in the priority no data &gt; cloud &gt; shadow &gt; snow &gt; water &gt; valid; clear = valid + water. Each pixel's covered area is the JTS area of
 * {@code site ∩ cell}, brute force over the site's window. The site is the polygon the server itself sees: the
 * UTM polygon sent to the server as WGS84 and transformed back to the scene CRS, vertex by vertex.
 *
 * <p>Acceptance tolerances: every fraction, the mean and FVC within 0.002, areas within 0.2 %. The largest
 * differences seen are printed per test (about 1e-6 for mean and FVC, from the 1e-4 quantisation of stored NDVI; 1e-10 for fractions).
 */
class IndependentExactStatisticsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeometryFactory GF = new GeometryFactory();
    private static final double TOLERANCE = 0.002, AREA_REL_TOLERANCE = 0.002;
    private static final int VALID = 0, CLOUD = 1, SNOW = 2, WATER = 3, NODATA = 4, SHADOW = 5;
    private static final String[] FRACTIONS = {"validFraction", "cloudFraction", "snowFraction", "waterFraction", "nodataFraction",
        "shadowFraction", "clearFraction"};

    @TempDir Path dir;
    TestServer server;
    /** Largest |server − reference| per statistic in this test (relative for areas), printed at the end. */
    final Map<String, Double> maxDiff = new TreeMap<>();

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() {
        server.close();
        StringBuilder sb = new StringBuilder("max |server - reference| (areas relative):");
        maxDiff.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.2e", k, v)));
        System.out.println(sb);
    }

    // ---- the scenes --------------------------------------------------------------------------------------------

    /**
     * Sentinel-2 in UTM 33S, baseline 05.09 from the processingBaseline field (offset −1000), B04/B08 at 10 m
     * (odd size 181 x 143), SCL at 20 m (91 x 72) with cloud, snow, water and no-data patches and DN 0 patches in
     * both bands. The site is a 24-vertex star polygon with a hole, reaching beyond the eastern edge of the scene.
     */
    @Test
    void sentinel2WithA20mSclAndAHoledSiteHalfOutsideTheSceneAgreesWithTheReference() throws Exception {
        Random rnd = new Random(3301);
        int epsg = 32733, w = 181, h = 143;
        double minX = 600020, maxY = 8200040;
        Polygon utm = star(rnd, minX + 1620, maxY - 700, 24, 260, 460, 1);
        Geometry site = roundTrip(utm, epsg);
        assertThat(site.getEnvelopeInternal().getMaxX()).isGreaterThan(minX + w * 10); // part of it outside the scene
        assertThat(((Polygon) site.getGeometryN(0)).getNumInteriorRing()).isEqualTo(1);
        post(siteFeature("utm33s", site4326(utm, epsg), null, null));

        int[][] red = new int[h][w], nir = new int[h][w];
        fillS2(rnd, red, nir, 1000);
        int sw = (w + 1) / 2, sh = (h + 1) / 2;
        int[][] scl = new int[sh][sw];
        for (int[] row : scl) for (int x = 0; x < sw; x++) row[x] = new int[] {4, 5, 7}[rnd.nextInt(3)];
        double sx = 162 / 2.0, sy = 70 / 2.0; // site centre in SCL pixels
        for (int v : new int[] {9, 8, 3, 2, 10, 11, 6, 6, 0, 1}) {
            disc(scl, sx + rnd.nextDouble(-13, 13), sy + rnd.nextDouble(-13, 13), rnd.nextDouble(2, 5), v);
        }
        disc(red, 150, 60, 4.5, 0);
        disc(nir, 170, 85, 3.5, 0);

        SceneRef scene = new SceneRef(epsg, minX, maxY, 10, w, h, new byte[w * h], new double[w * h]);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                scene.cls[i] = (byte) (red[r][c] == 0 || nir[r][c] == 0 ? NODATA : sclClass(scl[r / 2][c / 2]));
                scene.ndvi[i] = ndvi((red[r][c] - 1000) / 10000.0, (nir[r][c] - 1000) / 10000.0);
            }
        }
        Path b04 = TestTiffs.write(dir.resolve("b04.tif"), epsg, minX, maxY, 10, new int[][][] {red});
        Path b08 = TestTiffs.write(dir.resolve("b08.tif"), epsg, minX, maxY, 10, new int[][][] {nir});
        Path sclTif = TestTiffs.write(dir.resolve("scl.tif"), epsg, minX, maxY, 20, new int[][][] {scl});
        JsonNode ingested = ingest(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2023-07-15T09:50:31Z"},
            {"name", "generated-utm33s"}, {"processingBaseline", "05.09"}}, b04, b08, sclTif);
        assertThat(ingested.at("/scene/offsetDn").asInt()).isEqualTo(-1000);

        Reference exact = exact(scene, site, site.getArea());
        assertThat(exact.classAreaM2[CLOUD]).isGreaterThan(0);
        assertThat(exact.classAreaM2[SNOW]).isGreaterThan(0);
        assertThat(exact.classAreaM2[WATER]).isGreaterThan(0);
        assertThat(exact.classAreaM2[NODATA]).isGreaterThan(0);
        Reference center = center(scene, site, site.getArea());
        checkSite("utm33s", ingested, exact, center, 0.3, 0.2, 0.86);

        // the ad-hoc statistics endpoint, same polygon given in WGS84, own threshold and end-members
        ObjectNode body = JSON.createObjectNode().put("threshold", 0.5).put("ndviSoil", 0.1).put("ndviVeg", 0.7);
        body.set("geometry", site4326(utm, epsg));
        HttpResponse<String> adhoc = server.postJson("/api/v1/statistics", body.toString());
        assertThat(adhoc.statusCode()).as(adhoc.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(adhoc.body()).get("results");
        assertThat(results).hasSize(1);
        compare(results.get(0), exact.at(0.5, 0.1, 0.7), "utm33s ad hoc");
    }

    /**
     * Sentinel-2 in UTM 17N dated 2019 with no baseline field and no _Nxxyy_ in the name, so the date decides a
     * baseline before 04.00 (no offset); SCL at 10 m on the band grid; the site is a MultiPolygon of two stars,
     * one inside the scene and one across its southern edge.
     */
    @Test
    void sentinel2BeforeTheOffsetWithA10mMaskAndAMultiPolygonSiteAgreesWithTheReference() throws Exception {
        Random rnd = new Random(1702);
        int epsg = 32617, w = 127, h = 96;
        double minX = 350000, maxY = 4500000;
        Polygon a = star(rnd, minX + 330, maxY - 380, 19, 150, 280, 0);
        Polygon b = star(rnd, minX + 900, maxY - 900, 17, 120, 230, 0);
        MultiPolygon utm = GF.createMultiPolygon(new Polygon[] {a, b});
        assertThat(utm.isValid()).isTrue();
        Geometry site = roundTrip(utm, epsg);
        assertThat(site.getEnvelopeInternal().getMinY()).isLessThan(maxY - h * 10);
        post(siteFeature("utm17n", site4326(utm, epsg), null, null));

        int[][] red = new int[h][w], nir = new int[h][w];
        fillS2(rnd, red, nir, 0);
        int[][] scl = new int[h][w];
        for (int[] row : scl) for (int x = 0; x < w; x++) row[x] = new int[] {4, 5}[rnd.nextInt(2)];
        for (int v : new int[] {8, 9, 3, 11, 6, 0}) disc(scl, rnd.nextDouble(15, 50), rnd.nextDouble(20, 50), rnd.nextDouble(4, 9), v);
        for (int v : new int[] {10, 11, 6, 1}) disc(scl, rnd.nextDouble(75, 110), rnd.nextDouble(75, 95), rnd.nextDouble(3, 7), v);
        disc(red, 40, 30, 3, 0);

        SceneRef scene = new SceneRef(epsg, minX, maxY, 10, w, h, new byte[w * h], new double[w * h]);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                scene.cls[i] = (byte) (red[r][c] == 0 || nir[r][c] == 0 ? NODATA : sclClass(scl[r][c]));
                scene.ndvi[i] = ndvi(red[r][c] / 10000.0, nir[r][c] / 10000.0);
            }
        }
        Path b04 = TestTiffs.write(dir.resolve("b04.tif"), epsg, minX, maxY, 10, new int[][][] {red});
        Path b08 = TestTiffs.write(dir.resolve("b08.tif"), epsg, minX, maxY, 10, new int[][][] {nir});
        Path sclTif = TestTiffs.write(dir.resolve("scl.tif"), epsg, minX, maxY, 10, new int[][][] {scl});
        JsonNode ingested = ingest(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2019-06-20"}}, b04, b08, sclTif);
        assertThat(ingested.at("/scene/baselineRule").asText()).isEqualTo("date");
        assertThat(ingested.at("/scene/offsetDn").asInt()).isZero();

        Reference exact = exact(scene, site, site.getArea());
        assertThat(exact.classAreaM2[CLOUD] * exact.classAreaM2[SNOW] * exact.classAreaM2[WATER] * exact.classAreaM2[NODATA]).isGreaterThan(0);
        checkSite("utm17n", ingested, exact, center(scene, site, site.getArea()), 0.3, 0.2, 0.86);
    }

    /**
     * Landsat C2 L2 in UTM 34N with 30 m pixels and QA_PIXEL flag combinations (fill, dilated cloud, cirrus,
     * cloud, shadow, snow, water, snow + water, water + shadow, fill + cloud); the site, given in the scene CRS by
     * a legacy GeoJSON crs member, has two holes, its own threshold 0.35 and end-members 0.15 / 0.8.
     */
    @Test
    void landsatWithQaPixelFlagsAndATwoHoledSiteAgreesWithTheReference() throws Exception {
        Random rnd = new Random(3434);
        int epsg = 32634, w = 93, h = 71;
        double minX = 440010, maxY = 4790010;
        Polygon utm = star(rnd, minX + 1400, maxY - 1050, 28, 700, 980, 2);
        assertThat(utm.getNumInteriorRing()).isEqualTo(2);
        Geometry site = roundTrip(utm, epsg); // given in EPSG:32634, stored as WGS84, used in EPSG:32634
        ObjectNode props = JSON.createObjectNode().put("greenThreshold", 0.35).put("ndviSoil", 0.15).put("ndviVeg", 0.8);
        post(siteFeature("landsat", geometryJson(utm), props, "EPSG:32634"));

        int[][] red = new int[h][w], nir = new int[h][w], qa = new int[h][w];
        double[] f = smoothField(rnd, w, h), g = smoothField(rnd, w, h);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = -0.1 + 0.92 * f[r * w + c], rr = 0.02 + 0.1 * g[r * w + c];
                red[r][c] = (int) Math.round((rr + 0.2) / 0.0000275);
                nir[r][c] = (int) Math.round((rr * (1 + v) / (1 - v) + 0.2) / 0.0000275);
                qa[r][c] = 21824; // clear, low-confidence bits as in real products
            }
        }
        int[] flags = {1, 1 << 1, 1 << 2, (1 << 3) | (1 << 1), 1 << 4, 1 << 5, 1 << 7, 1 << 7, (1 << 5) | (1 << 7),
            (1 << 7) | (1 << 4), 1 | (1 << 3)};
        for (int fl : flags) disc(qa, rnd.nextDouble(25, 70), rnd.nextDouble(15, 55), rnd.nextDouble(2, 5), (21824 & ~(1 << 6)) | fl);
        disc(nir, 30, 50, 2.5, 0);

        SceneRef scene = new SceneRef(epsg, minX, maxY, 30, w, h, new byte[w * h], new double[w * h]);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c, q = qa[r][c];
                scene.cls[i] = (byte) (red[r][c] == 0 || nir[r][c] == 0 || (q & 1) != 0 ? NODATA
                        : (q & 0b1110) != 0 ? CLOUD : (q & 0b10000) != 0 ? SHADOW : (q & 0b100000) != 0 ? SNOW : (q & 0b10000000) != 0 ? WATER : VALID);
                scene.ndvi[i] = ndvi(red[r][c] * 0.0000275 - 0.2, nir[r][c] * 0.0000275 - 0.2);
            }
        }
        Path b4 = TestTiffs.write(dir.resolve("b4.tif"), epsg, minX, maxY, 30, new int[][][] {red});
        Path b5 = TestTiffs.write(dir.resolve("b5.tif"), epsg, minX, maxY, 30, new int[][][] {nir});
        Path qaTif = TestTiffs.write(dir.resolve("qa.tif"), epsg, minX, maxY, 30, new int[][][] {qa});
        JsonNode ingested = ingest(new String[][] {{"sensor", "landsat-c2l2"}, {"acquired", "2021-08-10T09:31:00Z"},
            {"name", "LC08_L2SP_186031_20210810_20210819_02_T1"}}, b4, b5, qaTif);

        Reference exact = exact(scene, site, site.getArea());
        assertThat(exact.classAreaM2[CLOUD] * exact.classAreaM2[SNOW] * exact.classAreaM2[WATER] * exact.classAreaM2[NODATA] * exact.classAreaM2[SHADOW]).isGreaterThan(0);
        checkSite("landsat", ingested, exact, center(scene, site, site.getArea()), 0.35, 0.15, 0.8);
    }

    /**
     * Two Sentinel-2 scenes of one date in UTM 18N, 100 x 80 pixels each on one 10 m lattice, the second shifted by
     * (440, −360) m and of a newer processing baseline (05.11 against 05.10), with different NDVI fields, a cloud over
     * the overlap in the first and snow over the overlap in the second; their union covers the site, neither alone
     * does. The date's point is the same-date merge, done here cell by cell of the common lattice: every cell takes the
     * class and NDVI of the scene whose class ranks highest (clear &gt; snow &gt; shadow &gt; cloud &gt; no data,
     * outside a scene no data), the newer scene among equals. So the first scene's cloud is filled in from the second,
     * the second's snow from the first, and every ground is counted once; this holds for a site added before the
     * ingests and one added after them (backfill). Deleting the newer scene gives the site to the older one alone.
     */
    @Test
    void twoOverlappingScenesOfOneDateCountEveryGroundOnce() throws Exception {
        Random rnd = new Random(1818);
        int epsg = 32618, w = 100, h = 80;
        double ax = 500000, ay = 4000000, bx = ax + 440, by = ay - 360;
        Polygon utm = star(rnd, ax + 740, ay - 600, 21, 230, 310, 0);
        Geometry site = roundTrip(utm, epsg);
        Polygon rectA = rect(ax, ay - h * 10, ax + w * 10, ay), rectB = rect(bx, by - h * 10, bx + w * 10, by);
        assertThat(rectA.union(rectB).covers(site)).isTrue();
        assertThat(site.difference(rectA).getArea()).isGreaterThan(0.01 * site.getArea());
        assertThat(site.difference(rectB).getArea()).isGreaterThan(0.01 * site.getArea());
        post(siteFeature("overlap", site4326(utm, epsg), null, null));

        SceneRef[] scenes = new SceneRef[2];
        Path[][] files = new Path[2][];
        for (int k = 0; k < 2; k++) {
            int[][] red = new int[h][w], nir = new int[h][w];
            fillS2(rnd, red, nir, 1000);
            int[][] scl = new int[h / 2][w / 2];
            for (int[] row : scl) Arrays.fill(row, 4);
            if (k == 0) {
                disc(scl, 33, 26, 5, 9); // cloud in the overlap, within the site: filled in from scene 2
                disc(scl, 40, 34, 3, 6);
            } else {
                disc(scl, 14, 5, 4, 11); // snow in the overlap: filled in from scene 1
                disc(scl, 14, 22, 4, 11);
            }
            double x0 = k == 0 ? ax : bx, y0 = k == 0 ? ay : by;
            SceneRef s = new SceneRef(epsg, x0, y0, 10, w, h, new byte[w * h], new double[w * h]);
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    s.cls[r * w + c] = (byte) (red[r][c] == 0 || nir[r][c] == 0 ? NODATA : sclClass(scl[r / 2][c / 2]));
                    s.ndvi[r * w + c] = ndvi((red[r][c] - 1000) / 10000.0, (nir[r][c] - 1000) / 10000.0);
                }
            }
            scenes[k] = s;
            files[k] = new Path[] {
                TestTiffs.write(dir.resolve("r" + k + ".tif"), epsg, x0, y0, 10, new int[][][] {red}),
                TestTiffs.write(dir.resolve("n" + k + ".tif"), epsg, x0, y0, 10, new int[][][] {nir}),
                TestTiffs.write(dir.resolve("s" + k + ".tif"), epsg, x0, y0, 20, new int[][][] {scl})};
        }
        JsonNode first = ingest(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2024-05-10T15:50:11Z"},
            {"name", "S2A_MSIL2A_20240510T154941_N0510_R054_T18SUJ_20240510T212418"}}, files[0][0], files[0][1], files[0][2]);
        JsonNode second = ingest(new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2024-05-10T15:50:14Z"},
            {"processingBaseline", "N0511"}}, files[1][0], files[1][1], files[1][2]);
        assertThat(first.at("/scene/baselineRule").asText()).isEqualTo("name");
        assertThat(second.at("/scene/baselineRule").asText()).isEqualTo("field");
        post(siteFeature("overlap-late", site4326(utm, epsg), null, null));

        double area = site.getArea();
        SceneRef[] priority = {scenes[1], scenes[0]}; // the newer baseline first
        Reference onlyA = exact(scenes[0], site, area), onlyB = exact(scenes[1], site, area);
        Reference[] shares = merged(priority, site, area, false), centreShares = merged(priority, site, area, true);
        Reference both = shares[0].plus(shares[1]), centreBoth = centreShares[0].plus(centreShares[1]);
        assertThat(onlyA.classAreaM2[CLOUD]).isGreaterThan(both.classAreaM2[CLOUD] + 0.005 * area); // the cloud was filled in
        assertThat(onlyB.classAreaM2[SNOW]).isGreaterThan(both.classAreaM2[SNOW] + 0.005 * area); // and the snow
        assertThat(both.observedM2() + both.classAreaM2[NODATA]).isCloseTo(area, within(1e-6 * area));
        assertThat(both.classAreaM2[VALID]).isGreaterThan(Math.max(onlyA.classAreaM2[VALID], onlyB.classAreaM2[VALID]));

        compare(statisticsOf(first, "overlap"), onlyA.at(0.3, 0.2, 0.86), "ingest 1 (alone on its date then)");
        compare(statisticsOf(second, "overlap"), shares[0].at(0.3, 0.2, 0.86), "ingest 2 (its share of the date)");
        for (String id : new String[] {"overlap", "overlap-late"}) {
            JsonNode point = onlyPoint(id, "");
            assertThat(point.get("sceneIds")).hasSize(2);
            compare(point, both.at(0.3, 0.2, 0.86), id + " series");
            compare(onlyPoint(id, "?threshold=0.45"), both.at(0.45, 0.2, 0.86), id + " threshold 0.45");
            compare(onlyPoint(id, "?mode=center"), centreBoth.at(0.3, 0.2, 0.86), id + " center");
        }

        // deleting the newer scene gives the whole site to the older: site ∩ footprint 1, the rest no data
        assertThat(server.delete("/api/v1/scenes/" + second.at("/scene/id").asText()).statusCode()).isEqualTo(204);
        for (String id : new String[] {"overlap", "overlap-late"}) {
            JsonNode point = onlyPoint(id, "");
            assertThat(point.get("sceneIds")).hasSize(1);
            compare(point, onlyA.at(0.3, 0.2, 0.86), id + " after deleting scene 2");
    }
    }

    // ---- comparing ---------------------------------------------------------------------------------------------

    /** Compares the ingest statistics and the series (site threshold, threshold 0.45, centre mode) of one site. */
    private void checkSite(String id, JsonNode ingested, Reference exact, Reference center, double threshold,
                           double soil, double veg) throws Exception {
        compare(statisticsOf(ingested, id), exact.at(threshold, soil, veg), id + " ingest");
        compare(onlyPoint(id, ""), exact.at(threshold, soil, veg), id + " series");
        compare(onlyPoint(id, "?threshold=0.45"), exact.at(0.45, soil, veg), id + " threshold 0.45");
        compare(onlyPoint(id, "?mode=center"), center.at(threshold, soil, veg), id + " center");
    }

    private void compare(JsonNode got, Stats want, String label) {
        assertThat(got).as(label + ": no statistics").isNotNull();
        relative(got, "siteAreaM2", want.siteAreaM2(), label);
        relative(got, "validAreaM2", want.validAreaM2(), label);
        relative(got, "greenAreaM2", want.greenAreaM2(), label);
        for (int k = 0; k < FRACTIONS.length; k++) absolute(got, FRACTIONS[k], want.fractions()[k], label);
        absolute(got, "mean", want.mean(), label);
        absolute(got, "fvc", want.fvc(), label);
        absolute(got, "greenFraction", want.greenFraction(), label);
        assertThat(got.get("threshold").asDouble()).as(label + " threshold").isEqualTo(want.threshold());
    }

    private void absolute(JsonNode got, String field, double want, String label) {
        assertThat(got.get(field).isNumber()).as(label + " " + field + " is a number: " + got).isTrue();
        double d = Math.abs(got.get(field).asDouble() - want);
        maxDiff.merge(field, d, Math::max);
        assertThat(got.get(field).asDouble()).as(label + " " + field).isCloseTo(want, within(TOLERANCE));
    }

    private void relative(JsonNode got, String field, double want, String label) {
        assertThat(got.get(field).isNumber()).as(label + " " + field + " is a number: " + got).isTrue();
        double v = got.get(field).asDouble();
        maxDiff.merge(field, want == 0 ? Math.abs(v) : Math.abs(v - want) / want, Math::max);
        assertThat(v).as(label + " " + field).isCloseTo(want, within(AREA_REL_TOLERANCE * Math.abs(want) + 1e-9));
    }

    private static JsonNode statisticsOf(JsonNode ingest, String site) {
        for (JsonNode s : ingest.get("statistics")) if (site.equals(s.path("site").asText())) return s;
        return null;
    }

    private JsonNode onlyPoint(String site, String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/" + site + "/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).get("points");
        assertThat(points).as(r.body()).hasSize(1);
        return points.get(0);
    }

    // ---- the reference -----------------------------------------------------------------------------------------

    /** A generated scene as the reference sees it: its grid and each pixel's class and NDVI (row-major). */
    private record SceneRef(int epsg, double minX, double maxY, double pixelM, int w, int h, byte[] cls, double[] ndvi) {
        Polygon cell(int r, int c) {
            return rect(minX + c * pixelM, maxY - (r + 1) * pixelM, minX + (c + 1) * pixelM, maxY - r * pixelM);
        }
    }

    /** Reference statistics at one threshold; fractions in the order valid, cloud, snow, water, no data, shadow, clear. */
    private record Stats(double siteAreaM2, double validAreaM2, double[] fractions, double mean, double fvc,
                         double greenAreaM2, double greenFraction, double threshold) {}

    /** Covered area per class and the (area, NDVI) of every covered valid pixel, for a site of a given area. */
    private static final class Reference {
        final double siteAreaM2;
        final double[] classAreaM2 = new double[6];
        double[] areas = new double[1024], values = new double[1024];
        int n;

        Reference(double siteAreaM2) { this.siteAreaM2 = siteAreaM2; }

        void add(int cls, double ndvi, double areaM2) {
            if (!(areaM2 > 0)) return;
            classAreaM2[cls] += areaM2;
            if (cls != VALID) return;
            if (n == areas.length) {
                areas = Arrays.copyOf(areas, 2 * n);
                values = Arrays.copyOf(values, 2 * n);
            }
            areas[n] = areaM2;
            values[n++] = ndvi;
        }

        double observedM2() { return classAreaM2[VALID] + classAreaM2[CLOUD] + classAreaM2[SNOW] + classAreaM2[WATER] + classAreaM2[SHADOW]; }

        Reference plus(Reference o) {
            Reference r = new Reference(siteAreaM2);
            for (Reference x : new Reference[] {this, o}) {
                for (int k = 1; k < 6; k++) r.classAreaM2[k] += x.classAreaM2[k];
                for (int i = 0; i < x.n; i++) r.add(VALID, x.values[i], x.areas[i]);
            }
            return r;
        }

        /** The statistics with green threshold {@code t} and FVC end-members {@code soil}, {@code veg}. */
        Stats at(double t, double soil, double veg) {
            double valid = 0, sumV = 0, green = 0, fvc = 0;
            for (int i = 0; i < n; i++) {
                double a = areas[i], v = values[i];
                valid += a;
                sumV += a * v;
                if (v >= t) green += a;
                fvc += a * Math.min(1, Math.max(0, (v - soil) / (veg - soil)));
            }
            // centre rule: pixels may cover more than the site; the covered area is then the denominator
            double total = Math.max(siteAreaM2, observedM2() + classAreaM2[NODATA]);
            double[] fr = new double[7];
            for (int k = 0; k < 4; k++) fr[k] = classAreaM2[k] / total;
            fr[NODATA] = (total - observedM2()) / total;
            fr[SHADOW] = classAreaM2[SHADOW] / total;
            fr[6] = fr[VALID] + fr[WATER];
            return new Stats(siteAreaM2, valid, fr, sumV / valid, fvc / valid, green, green / valid, t);
        }
    }

    /** Exact coverage: every pixel weighs the area of {@code part ∩ cell}. */
    private static Reference exact(SceneRef s, Geometry part, double siteAreaM2) {
        Reference ref = new Reference(siteAreaM2);
        PreparedGeometry p = PreparedGeometryFactory.prepare(part);
        visit(s, part, (r, c) -> {
            Polygon cell = s.cell(r, c);
            double a = p.containsProperly(cell) ? cell.getArea() : p.intersects(cell) ? part.intersection(cell).getArea() : 0;
            ref.add(s.cls[r * s.w + c], s.ndvi[r * s.w + c], a);
        });
        return ref;
    }

    /**
     * The same-date merge of scenes on one lattice (their origins whole pixels apart, same pixel size), in
     * {@code priority} order: every lattice cell under the site weighs the area of {@code site ∩ cell} (or, with
     * {@code centre}, its full area when the site contains its centre) and takes the class and NDVI of the scene
     * whose class ranks highest (valid or water 4, snow 3, shadow 2, cloud 1, no data or outside 0), the earlier of
     * {@code priority} among equals; {@code shares[k]} holds the cells scene k won.
     */
    private static Reference[] merged(SceneRef[] priority, Geometry site, double siteAreaM2, boolean centre) {
        SceneRef base = priority[0];
        double px = base.pixelM;
        Reference[] shares = new Reference[priority.length];
        for (int k = 0; k < priority.length; k++) shares[k] = new Reference(siteAreaM2);
        PreparedGeometry p = PreparedGeometryFactory.prepare(site);
        Envelope e = site.getEnvelopeInternal();
        int c0 = (int) Math.floor((e.getMinX() - base.minX) / px), c1 = (int) Math.floor((e.getMaxX() - base.minX) / px);
        int r0 = (int) Math.floor((base.maxY - e.getMaxY()) / px), r1 = (int) Math.floor((base.maxY - e.getMinY()) / px);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                Polygon cell = base.cell(r, c);
                double a;
                if (centre) {
                    a = p.contains(GF.createPoint(new Coordinate(base.minX + (c + 0.5) * px, base.maxY - (r + 0.5) * px))) ? px * px : 0;
                } else {
                    a = p.containsProperly(cell) ? cell.getArea() : p.intersects(cell) ? site.intersection(cell).getArea() : 0;
                }
                if (!(a > 0)) continue;
                int best = -1, bestRank = -1, bestCls = NODATA;
                double bestNdvi = Double.NaN;
                for (int k = 0; k < priority.length; k++) {
                    SceneRef s = priority[k];
                    int sc = c - (int) Math.round((s.minX - base.minX) / px), sr = r - (int) Math.round((base.maxY - s.maxY) / px);
                    boolean inside = sc >= 0 && sc < s.w && sr >= 0 && sr < s.h;
                    int cls = inside ? s.cls[sr * s.w + sc] : NODATA;
                    int rank = cls == VALID || cls == WATER ? 4 : cls == SNOW ? 3 : cls == SHADOW ? 2 : cls == CLOUD ? 1 : 0;
                    if (rank > bestRank) {
                        best = k;
                        bestRank = rank;
                        bestCls = cls;
                        bestNdvi = inside ? s.ndvi[sr * s.w + sc] : Double.NaN;
                    }
                }
                shares[best].add(bestCls, bestNdvi, a);
            }
        }
        return shares;
    }

    /** Centre-point rule: a pixel weighs its full area when {@code part} contains its centre. */
    private static Reference center(SceneRef s, Geometry part, double siteAreaM2) {
        Reference ref = new Reference(siteAreaM2);
        PreparedGeometry p = PreparedGeometryFactory.prepare(part);
        visit(s, part, (r, c) -> {
            var centre = GF.createPoint(new Coordinate(s.minX + (c + 0.5) * s.pixelM, s.maxY - (r + 0.5) * s.pixelM));
            if (p.contains(centre)) ref.add(s.cls[r * s.w + c], s.ndvi[r * s.w + c], s.pixelM * s.pixelM);
        });
        return ref;
    }

    private interface CellVisitor {
        void visit(int row, int col);
    }

    /** Visits the pixels of {@code s} under the envelope of {@code g}. */
    private static void visit(SceneRef s, Geometry g, CellVisitor v) {
        Envelope e = g.getEnvelopeInternal();
        int c0 = Math.max(0, (int) Math.floor((e.getMinX() - s.minX) / s.pixelM));
        int c1 = Math.min(s.w - 1, (int) Math.floor((e.getMaxX() - s.minX) / s.pixelM));
        int r0 = Math.max(0, (int) Math.floor((s.maxY - e.getMaxY()) / s.pixelM));
        int r1 = Math.min(s.h - 1, (int) Math.floor((s.maxY - e.getMinY()) / s.pixelM));
        for (int r = r0; r <= r1; r++) for (int c = c0; c <= c1; c++) v.visit(r, c);
    }

    private static int sclClass(int scl) {
        return switch (scl) {
            case 0, 1 -> NODATA;
            case 8, 9, 10 -> CLOUD;
            case 2, 3 -> SHADOW;
            case 11 -> SNOW;
            case 6 -> WATER;
            default -> VALID;
        };
    }

    private static double ndvi(double red, double nir) { return (nir - red) / (nir + red); }

    // ---- generating ----------------------------------------------------------------------------------------------

    /** Fills Sentinel-2 DNs (reflectance × 10000 + {@code addDn}) from two smooth fields: NDVI −0.15..0.82, red 0.02..0.12. */
    private static void fillS2(Random rnd, int[][] red, int[][] nir, int addDn) {
        int h = red.length, w = red[0].length;
        double[] f = smoothField(rnd, w, h), g = smoothField(rnd, w, h);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = -0.15 + 0.97 * f[r * w + c], rr = 0.02 + 0.1 * g[r * w + c];
                red[r][c] = (int) Math.round(rr * 10000) + addDn;
                nir[r][c] = (int) Math.round(rr * (1 + v) / (1 - v) * 10000) + addDn;
            }
        }
    }

    /** A smooth random field in [0, 1]: seven random low-frequency waves, rescaled to the range. */
    private static double[] smoothField(Random rnd, int w, int h) {
        int k = 7;
        double[] fx = new double[k], fy = new double[k], ph = new double[k], amp = new double[k];
        for (int i = 0; i < k; i++) {
            fx[i] = rnd.nextDouble(-3.5, 3.5);
            fy[i] = rnd.nextDouble(-3.5, 3.5);
            ph[i] = rnd.nextDouble(0, 2 * Math.PI);
            amp[i] = rnd.nextDouble(0.3, 1);
        }
        double[] out = new double[w * h];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = 0;
                for (int i = 0; i < k; i++) v += amp[i] * Math.cos(2 * Math.PI * (fx[i] * c / w + fy[i] * r / h) + ph[i]);
                out[r * w + c] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (int i = 0; i < out.length; i++) out[i] = (out[i] - lo) / (hi - lo);
        return out;
    }

    /** Sets {@code m[y][x] = value} for the pixels whose centre lies within {@code radius} of ({@code cx}, {@code cy}). */
    private static void disc(int[][] m, double cx, double cy, double radius, int value) {
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[0].length; x++) {
                if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= radius) m[y][x] = value;
            }
        }
    }

    /**
     * A star-shaped polygon of {@code n} vertices around ({@code cx}, {@code cy}) at radii in [{@code rMin},
     * {@code rMax}] and jittered angles, with {@code holes} (0–2) star-shaped holes well inside radius rMin.
     */
    private static Polygon star(Random rnd, double cx, double cy, int n, double rMin, double rMax, int holes) {
        LinearRing shell = GF.createLinearRing(starRing(rnd, cx, cy, n, rMin, rMax));
        LinearRing[] hs = new LinearRing[holes];
        for (int i = 0; i < holes; i++) {
            double hx = holes == 1 ? cx + rnd.nextDouble(-0.1, 0.1) * rMin : cx + (i == 0 ? -0.45 : 0.45) * rMin;
            double hr = holes == 1 ? 0.5 * rMin : 0.3 * rMin;
            hs[i] = GF.createLinearRing(starRing(rnd, hx, cy, 9 + rnd.nextInt(5), 0.4 * hr, hr));
        }
        Polygon p = GF.createPolygon(shell, hs);
        assertThat(p.isValid()).as("generated polygon is valid").isTrue();
        return p;
    }

    private static Coordinate[] starRing(Random rnd, double cx, double cy, int n, double rMin, double rMax) {
        Coordinate[] cs = new Coordinate[n + 1];
        double phase = rnd.nextDouble(0, 2 * Math.PI);
        for (int i = 0; i < n; i++) {
            double a = phase + 2 * Math.PI * (i + rnd.nextDouble(-0.3, 0.3)) / n, r = rnd.nextDouble(rMin, rMax);
            cs[i] = new Coordinate(cx + r * Math.cos(a), cy + r * Math.sin(a));
        }
        cs[n] = cs[0].copy();
        return cs;
    }

    private static Polygon rect(double x0, double y0, double x1, double y1) {
        return GF.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1),
            new Coordinate(x0, y1), new Coordinate(x0, y0)});
    }

    // ---- coordinates and GeoJSON -----------------------------------------------------------------------------------

    private static Geometry transform(Geometry g, int from, int to) throws Exception {
        MathTransform t = CRS.findMathTransform(CRS.decode("EPSG:" + from, true), CRS.decode("EPSG:" + to, true));
        return JTS.transform(g, t);
    }

    /** {@code utm} the way the server sees it: sent as WGS84 (or converted to it on arrival), used in the scene CRS. */
    private static Geometry roundTrip(Geometry utm, int epsg) throws Exception {
        Geometry g = transform(transform(utm, epsg, 4326), 4326, epsg);
        assertThat(g.isValid()).isTrue();
        assertThat(g.getArea()).isCloseTo(utm.getArea(), within(1e-6 * utm.getArea()));
        return g;
    }

    private static ObjectNode site4326(Geometry utm, int epsg) throws Exception { return geometryJson(transform(utm, epsg, 4326)); }

    private static ObjectNode geometryJson(Geometry g) {
        ObjectNode o = JSON.createObjectNode();
        if (g instanceof Polygon p) {
            o.put("type", "Polygon");
            o.set("coordinates", rings(p));
        } else {
            o.put("type", "MultiPolygon");
            ArrayNode a = o.putArray("coordinates");
            for (int i = 0; i < g.getNumGeometries(); i++) a.add(rings((Polygon) g.getGeometryN(i)));
        }
        return o;
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode a = JSON.createArrayNode();
        List<LinearRing> rs = new ArrayList<>();
        rs.add(p.getExteriorRing());
        for (int i = 0; i < p.getNumInteriorRing(); i++) rs.add(p.getInteriorRingN(i));
        for (LinearRing r : rs) {
            ArrayNode ring = a.addArray();
            for (Coordinate c : r.getCoordinates()) ring.addArray().add(c.x).add(c.y);
        }
        return a;
    }

    private static String siteFeature(String id, ObjectNode geometry, ObjectNode properties, String crs) {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "Feature");
        f.put("id", id);
        f.set("properties", properties == null ? JSON.createObjectNode() : properties);
        if (crs != null) f.putObject("crs").put("type", "name").putObject("properties").put("name", crs);
        f.set("geometry", geometry);
        return f.toString();
    }

    private void post(String feature) throws Exception {
        HttpResponse<String> r = server.postJson("/api/v1/sites", feature);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonNode ingest(String[][] fields, Path red, Path nir, Path mask) throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", fields,
                new Object[][] {{"red", red}, {"nir", nir}, {"mask", mask}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
