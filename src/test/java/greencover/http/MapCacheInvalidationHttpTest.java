package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes invalidate the cached maps they change and no others, before they are answered (README "Caches").
 *
 * <p>Scenes are 4 x 4 grids of 10 m pixels in EPSG:32650. The map asked for is the 80 m x 40 m box
 * x 500000..500080, y 2799960..2800000 at 8 x 4 px, one pixel per scene pixel: a scene with its upper-left corner at
 * (500000, 2800000) fills the left half, one at (500040, 2800000) the right half, and one at (600000, 2800000),
 * 100 km east, nothing of it.
 */
class MapCacheInvalidationHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String D1 = "2020-06-01", D2 = "2021-06-01";
    private static final double LEFT = 500000, RIGHT = 500040, FAR = 600000;
    private static final String SITE = """
            {"type":"Feature","id":"pit","properties":{"name":"Pit"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500005,2799965],[500035,2799965],[500035,2799995],[500005,2799995],[500005,2799965]]]}}""";

    @TempDir Path dir;
    TestServer server;
    private int files;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    /** Ingests a scene at {@code minX} of uniform NDVI (nir − red)/(nir + red) from DNs {@code red}, {@code nir}. */
    private String ingest(String date, double minX, int red, int nir) throws Exception {
        int k = files++;
        Path r = TestTiffs.write(dir.resolve("r" + k + ".tif"), 32650, minX, 2800000, 10,
                new int[][][] {TestTiffs.columns(4, red, red, red, red)});
        Path n = TestTiffs.write(dir.resolve("n" + k + ".tif"), 32650, minX, 2800000, 10,
                new int[][][] {TestTiffs.columns(4, nir, nir, nir, nir)});
        HttpResponse<String> up = server.postMultipart("/api/v1/scenes",
                new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}}, new Object[][] {{"red", r}, {"nir", n}},
                TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        return JSON.readTree(up.body()).at("/scene/id").asText();
    }

    private HttpResponse<byte[]> map(String layer, String time) throws Exception {
        String t = time == null ? "" : "&TIME=" + time;
        return server.getBytes("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + layer + "&STYLES=&CRS=EPSG:32650"
                + "&BBOX=500000,2799960,500080,2800000&WIDTH=8&HEIGHT=4&FORMAT=image/png&TRANSPARENT=TRUE" + t);
    }

    private static String header(HttpResponse<?> r, String name) { return r.headers().firstValue(name).orElse(null); }

    private static BufferedImage image(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    /** Pixels of column 0..3 (left half) and 4..7 (right half) of row 1 that are not transparent. */
    private static int[] opaqueHalves(BufferedImage img) {
        int[] n = new int[2];
        for (int x = 0; x < 8; x++) if ((img.getRGB(x, 1) >>> 24) != 0) n[x / 4]++;
        return n;
    }

    @Test
    void aSceneWriteChangesOnlyTheMapsOfItsDateAndFootprint() throws Exception {
        ingest(D1, LEFT, 500, 4500);
        ingest(D2, LEFT, 1800, 2200);
        HttpResponse<byte[]> d1 = map("ndvi", D1), d2 = map("ndvi", D2);
        assertThat(header(d1, "X-Cache")).isEqualTo("MISS");
        assertThat(opaqueHalves(image(d2))).containsExactly(4, 0);
        assertThat(header(map("ndvi", D1), "X-Cache")).isEqualTo("HIT");
        assertThat(header(map("ndvi", D2), "X-Cache")).isEqualTo("HIT");

        String right = ingest(D2, RIGHT, 500, 4500);   // date D2, meets the box
        ingest(D1, FAR, 500, 4500);                      // date D1, 100 km away
        HttpResponse<byte[]> d1After = map("ndvi", D1);
        assertThat(header(d1After, "X-Cache")).isEqualTo("HIT");
        assertThat(header(d1After, "ETag")).isEqualTo(header(d1, "ETag"));
        assertThat(d1After.body()).isEqualTo(d1.body());
        HttpResponse<byte[]> d2After = map("ndvi", D2);
        assertThat(header(d2After, "X-Cache")).isEqualTo("MISS");
        assertThat(header(d2After, "ETag")).isNotEqualTo(header(d2, "ETag"));
        assertThat(opaqueHalves(image(d2After))).containsExactly(4, 4);
        // a period holding D2 changes too; the default (latest = D2) as well
        assertThat(opaqueHalves(image(map("ndvi", "2020/2021")))).containsExactly(4, 4);
        assertThat(opaqueHalves(image(map("ndvi", null)))).containsExactly(4, 4);

        // deleting the scene brings back the map of the data before it: same content, same ETag
        assertThat(server.delete("/api/v1/scenes/" + right).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> d2Deleted = map("ndvi", D2);
        assertThat(opaqueHalves(image(d2Deleted))).containsExactly(4, 0);
        assertThat(header(d2Deleted, "ETag")).isEqualTo(header(d2, "ETag"));
        assertThat(header(map("ndvi", D1), "X-Cache")).isEqualTo("HIT");
    }

    @Test
    void aSiteWriteChangesTheSitesLayerOnly() throws Exception {
        ingest(D1, LEFT, 500, 4500);
        HttpResponse<byte[]> ndvi = map("ndvi", D1), sites = map("sites", null);
        assertThat(opaqueHalves(image(sites))).containsExactly(0, 0);
        assertThat(header(map("sites", null), "X-Cache")).isEqualTo("HIT");

        HttpResponse<String> created = server.postJson("/api/v1/sites", SITE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<byte[]> ndviAfter = map("ndvi", D1);
        assertThat(header(ndviAfter, "X-Cache")).isEqualTo("HIT");
        assertThat(header(ndviAfter, "ETag")).isEqualTo(header(ndvi, "ETag"));
        HttpResponse<byte[]> sitesAfter = map("sites", null);
        assertThat(header(sitesAfter, "X-Cache")).isEqualTo("MISS");
        assertThat(header(sitesAfter, "ETag")).isNotEqualTo(header(sites, "ETag"));
        assertThat(opaqueHalves(image(sitesAfter))[0]).as("the outline crosses the left half").isPositive();

        assertThat(server.delete("/api/v1/sites/pit").statusCode()).isEqualTo(204);
        assertThat(opaqueHalves(image(map("sites", null)))).containsExactly(0, 0);
        assertThat(header(map("ndvi", D1), "X-Cache")).isEqualTo("HIT");
    }

    @Test
    void aReadRightAfterAWriteIsAnsweredNeverSeesTheOlderMap() throws Exception {
        // each ingest adds a later date with its own NDVI; the default map (latest date) read at once must be the map
        // of that date; each delete brings the previous date's map back
        ingest("2019-01-01", LEFT, 2000, 2000);
        List<byte[]> latest = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        latest.add(map("ndvi", null).body());
        for (int k = 1; k <= 4; k++) {
            String date = "2019-0" + (k + 1) + "-01";
            ids.add(ingest(date, LEFT, 2000 - 400 * k, 2000 + 400 * k));
            byte[] now = map("ndvi", null).body();
            assertThat(now).as("latest after ingest %d", k).isEqualTo(map("ndvi", date).body())
                    .isNotEqualTo(latest.get(k - 1));
            latest.add(now);
        }
        for (int k = 4; k >= 1; k--) {
            assertThat(server.delete("/api/v1/scenes/" + ids.get(k - 1)).statusCode()).isEqualTo(204);
            assertThat(map("ndvi", null).body()).as("latest after delete %d", k).isEqualTo(latest.get(k - 1));
        }
        assertThat(server.get("/metrics").body()).contains("greencover_map_cache_hits_total");
    }
}
