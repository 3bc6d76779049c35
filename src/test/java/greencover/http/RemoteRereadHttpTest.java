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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site added after a scene was read in place, outside the scene's stored window, gets its statistics from the
 * source read again over its own window: the same as when the site existed at the ingest.
 *
 * <p>The scene: red and NIR 1024 x 1024 pixels of 10 m in EPSG:32650 from (500000, 2800000), SCL 512 x 512 of 20 m
 * (cloud 8 in a pattern, else 4), tiled 256, DEFLATE, seeded noise. Site {@code a} x 504000..504600, y 2795000..2795600:
 * window columns 256..512, rows 256..768 (x 502560..505120). Site {@code b} x 508000..508700, y 2791000..2791500 lies
 * outside it (columns 800..870, rows 850..900) but in the file: ingested with it, its window is columns 768..1024, rows
 * 768..1024; added later, the same window is read again.
 */
class RemoteRereadHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static String site(String id, int x0, int y0, int x1, int y1) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:32650\"}},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[" + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1
                + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0 + "]]]},\"properties\":{}}";
    }

    private static final String A = site("a", 504000, 2795000, 504600, 2795600);
    private static final String B = site("b", 508000, 2791000, 508700, 2791500);

    private String item(RangeFileServer files) {
        return "{\"stacItem\":{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"S2B_50RMN_20230601_0_L2A\",\"collection\":\"sentinel-2-l2a\","
                + "\"properties\":{\"datetime\":\"2023-06-01T03:12:00Z\",\"platform\":\"sentinel-2b\",\"s2:processing_baseline\":\"05.09\","
                + "\"earthsearch:boa_offset_applied\":true},\"assets\":{\"red\":{\"href\":\"" + files.url("red.tif") + "\"},"
                + "\"nir\":{\"href\":\"" + files.url("nir.tif") + "\"},\"scl\":{\"href\":\"" + files.url("scl.tif") + "\"}}}}";
    }

    private TestServer server(String name) {
        return new TestServer(AppConfig.forTests(dir.resolve(name), TestServer.TOKEN).toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
    }

    private static JsonNode point(TestServer s, String site) throws Exception {
        JsonNode points = JSON.readTree(s.get("/api/v1/sites/" + site + "/timeseries?minValid=0").body()).get("points");
        assertThat(points).as(site + " points").hasSize(1);
        return points.get(0);
    }

    @Test
    void aSiteAddedLaterOutsideTheWindowHasTheStatisticsOfAnIngestWithIt() throws Exception {
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        Random rnd = new Random(3);
        int[][] red = new int[1024][1024], nir = new int[1024][1024], scl = new int[512][512];
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                red[y][x] = 300 + rnd.nextInt(1200);
                nir[y][x] = 1800 + rnd.nextInt(2500);
            }
        }
        for (int y = 0; y < 512; y++) for (int x = 0; x < 512; x++) scl[y][x] = (x / 3 + y / 4) % 5 == 0 ? 8 : 4;
        Cogs.write(cogs.resolve("red.tif"), 32650, 500000, 2800000, 10, red, 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 500000, 2800000, 10, nir, 256);
        Cogs.write(cogs.resolve("scl.tif"), 32650, 500000, 2800000, 20, scl, 256);
        try (RangeFileServer files = new RangeFileServer(cogs); TestServer later = server("later"); TestServer with = server("with")) {
            // the scene ingested with site a only; b added afterwards
            assertThat(later.postJson("/api/v1/sites", A).statusCode()).isEqualTo(201);
            HttpResponse<String> res = later.postJson("/api/v1/scenes", item(files));
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            String id = JSON.readTree(res.body()).at("/scene/id").asText();
            assertThat(JSON.readTree(res.body()).at("/scene/source/window").asText()).isEqualTo("256,256,256,512");
            long before = files.requests("red.tif");
            HttpResponse<String> added = later.postJson("/api/v1/sites", B);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(files.requests("red.tif")).as("the source is read again").isGreaterThan(before);
            // the stored scene keeps its window
            assertThat(JSON.readTree(later.get("/api/v1/scenes/" + id).body()).at("/source/window").asText()).isEqualTo("256,256,256,512");

            // the same scene ingested with both sites present
            assertThat(with.postJson("/api/v1/sites", A).statusCode()).isEqualTo(201);
            assertThat(with.postJson("/api/v1/sites", B).statusCode()).isEqualTo(201);
            HttpResponse<String> both = with.postJson("/api/v1/scenes", item(files));
            assertThat(both.statusCode()).as(both.body()).isEqualTo(201);
            assertThat(JSON.readTree(both.body()).at("/scene/source/window").asText()).isEqualTo("256,256,768,768");

            JsonNode p = point(later, "b"), q = point(with, "b");
            int compared = 0;
            for (Iterator<String> it = q.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!q.get(k).isNumber()) continue;
                assertThat(p.get(k).asDouble()).as(k).isCloseTo(q.get(k).asDouble(), within(1e-4));
                compared++;
            }
            assertThat(compared).isGreaterThanOrEqualTo(5);
            assertThat(p.get("mean").asDouble()).isBetween(0.1, 0.9);
            assertThat(q.get("cloudFraction").asDouble()).isGreaterThan(0.1); // SCL read through b's window as well
            assertThat(p.get("validFraction").asDouble()).isGreaterThan(0.5); // b lies in the file: observed, not no data
        }
    }
}
