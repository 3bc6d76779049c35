package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud and shadow buffers per site ({@code maskBufferM}) on one Sentinel-2 scene (2019, reflectance = DN / 10000) of
 * 10 × 10 pixels of 10 m, EPSG:32650, every site the whole scene (100 pixels, 1 % each). SCL 4 (vegetation, red 500,
 * NIR 2000: NDVI 0.6) except: cloud SCL 9 at rows 2–3 × cols 2–3 (4 pixels); cloud shadow SCL 3 at row 7 × cols 6–7
 * (2 pixels); the cloud's edge ring — the 8 pixels one cell from the block across an edge, (1,2) (1,3) (4,2) (4,3)
 * (2,1) (3,1) (2,4) (3,4) — is haze over land, red 1000, NIR 1000 (NDVI 0), except (1,2), which is water (SCL 6).
 *
 * <ul>
 *   <li>no buffer: cloud 0.04, shadow 0.02, water 0.01, valid 0.93, mean = 86 · 0.6 / 93 = 0.554839;</li>
 *   <li>10 m (one pixel width; a disc, so the diagonal neighbours at 14.1 m stay): the 8 ring pixels become cloud (the
 *       water one too), the shadow's 6 edge neighbours (6,6) (6,7) (8,6) (8,7) (7,5) (7,8) become shadow: cloud 0.12,
 *       shadow 0.08, water 0, valid 0.80, mean 0.6;</li>
 *   <li>5 m (below a cell): as none;</li>
 *   <li>15 m: the diagonals too: cloud rows 1–4 × cols 1–4 (0.16), shadow rows 6–8 × cols 5–8 (0.12), valid 0.72,
 *       mean 0.6.</li>
 * </ul>
 */
class MaskBufferHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 10;

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    static String site(String id, String extra) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{\"name\":\"" + id + "\"" + extra + "},"
                + "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[500000,2799900],[500100,2799900],[500100,2800000],[500000,2800000],[500000,2799900]]]}}";
    }

    private void ingest() throws Exception {
        int[][] red = new int[N][N], nir = new int[N][N], scl = new int[N][N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                red[r][c] = 500;
                nir[r][c] = 2000;
                scl[r][c] = 4;
            }
        }
        for (int r = 2; r <= 3; r++) for (int c = 2; c <= 3; c++) scl[r][c] = 9;
        scl[7][6] = 3;
        scl[7][7] = 3;
        int[][] ring = {{1, 2}, {1, 3}, {4, 2}, {4, 3}, {2, 1}, {3, 1}, {2, 4}, {3, 4}};
        for (int[] p : ring) {
            red[p[0]][p[1]] = 1000;
            nir[p[0]][p[1]] = 1000;
        }
        scl[1][2] = 6;
        Path f = TestTiffs.write(dir.resolve("s.tif"), 32650, 500000, 2800000, 10, new int[][][] {red, nir, scl});
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2019-06-01"}, {"bands", "red,nir,mask"}},
                new Object[][] {{"file", f}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    private JsonNode point(String id, String query) throws Exception {
        HttpResponse<String> r = server.get("/api/v1/sites/" + id + "/timeseries" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode points = JSON.readTree(r.body()).get("points");
        assertThat(points).hasSize(1);
        return points.get(0);
    }

    private static void expect(JsonNode p, String at, double cloud, double shadow, double water, double valid, double mean) {
        assertThat(p.get("cloudFraction").asDouble()).as(at + " cloud").isCloseTo(cloud, within(1e-9));
        assertThat(p.get("shadowFraction").asDouble()).as(at + " shadow").isCloseTo(shadow, within(1e-9));
        assertThat(p.get("waterFraction").asDouble()).as(at + " water").isCloseTo(water, within(1e-9));
        assertThat(p.get("validFraction").asDouble()).as(at + " valid").isCloseTo(valid, within(1e-9));
        assertThat(p.get("clearFraction").asDouble()).as(at + " clear").isCloseTo(valid + water, within(1e-9));
        assertThat(p.get("mean").asDouble()).as(at + " mean").isCloseTo(mean, within(6e-5));
    }

    @Test
    void aBufferOfOnePixelWidthMasksTheKnownRingOfCloudAndShadowSeparately() throws Exception {
        assertThat(server.postJson("/api/v1/sites", site("plain", "")).statusCode()).isEqualTo(201);
        assertThat(server.postJson("/api/v1/sites", site("buffered", ",\"maskBufferM\":10")).statusCode()).isEqualTo(201);
        ingest();
        // created after the scene: summarised by the backfill, with the same rule
        assertThat(server.postJson("/api/v1/sites", site("late", ",\"maskBufferM\":10")).statusCode()).isEqualTo(201);
        assertThat(server.postJson("/api/v1/sites", site("small", ",\"maskBufferM\":5")).statusCode()).isEqualTo(201);
        assertThat(server.postJson("/api/v1/sites", site("wide", ",\"maskBufferM\":15")).statusCode()).isEqualTo(201);

        for (String q : new String[] {"", "?mode=center"}) { // the stored shares, and merged again from the raster
            expect(point("plain", q), "plain" + q, 0.04, 0.02, 0.01, 0.93, 86 * 0.6 / 93);
            expect(point("small", q), "small" + q, 0.04, 0.02, 0.01, 0.93, 86 * 0.6 / 93);
            expect(point("buffered", q), "buffered" + q, 0.12, 0.08, 0.0, 0.80, 0.6);
            expect(point("late", q), "late" + q, 0.12, 0.08, 0.0, 0.80, 0.6);
            expect(point("wide", q), "wide" + q, 0.16, 0.12, 0.0, 0.72, 0.6);
        }
        assertThat(JSON.readTree(server.get("/api/v1/sites/buffered").body()).at("/properties/maskBufferM").asDouble()).isEqualTo(10.0);
        assertThat(JSON.readTree(server.get("/api/v1/sites/plain").body()).at("/properties/maskBufferM").isNull()).isTrue();
    }
}
