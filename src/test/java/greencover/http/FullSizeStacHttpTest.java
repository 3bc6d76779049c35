package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cogs;
import greencover.testing.FullSizeStac;
import greencover.testing.RangeFileServer;
import greencover.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-size walk-through: a local STAC API ({@link FullSizeStac}: static items, collection and a {@code search}
 * answer) of one Sentinel-2 L2A-style item, B04 and B08 10980 x 10980 at 10 m and SCL 5490 x 5490 at 20 m, COGs in
 * GDAL's layout with 1024 x 1024 tiles, served over loopback by the counting range server; the Zijinshan dump of the
 * bundled samples ({@code sample-tiles/sites.geojson}) as the site; the item found through {@code search} and ingested
 * by {@code POST /api/v1/scenes {"stacItem": url}}.
 *
 * <p>Expected from the construction: every pixel the dump touches holds B04 = 1700 and B08 = 3300 DN (NDVI exactly
 * 1600 / 5000 = 0.32) and SCL 4, so every value statistic of the site is 0.32, its spread 0, valid fraction 1, cloud
 * 0, green fraction 1 (0.32 is above the site's threshold 0.3), FVC (0.32 - 0.2) / (0.86 - 0.2). The read: per 10 m
 * band at most its window's block rows + 2 requests and 1.5 x its touched tiles' compressed bytes (the header
 * included), read from the files' TileOffsets/TileByteCounts by the test; in all at most 3 % of the three files; and
 * the scene stores at most 10 MB.
 */
class FullSizeStacHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aFullSizeItemIsReadAroundTheDumpOnlyWithTheConstructedStatistics() throws Exception {
        Path stac = Files.createDirectories(dir.resolve("stac"));
        String dump = FullSizeStac.dumpFeature(Path.of("sample-tiles/sites.geojson"));
        try (RangeFileServer files = new RangeFileServer(stac);
             TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                     .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build())) {
            List<FullSizeStac.Item> items = FullSizeStac.write(stac, files.url(""), 1, FullSizeStac.patch(dump));
            FullSizeStac.Item item = items.get(0);
            assertThat(item.redDn()).isEqualTo(1700);
            assertThat(item.nirDn()).isEqualTo(3300);
            assertThat(server.postJson("/api/v1/sites", dump).statusCode()).isEqualTo(201);

            // the STAC API: POST /search over the dump answers the item; its self link is what is ingested
            HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(files.url("search")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"collections\":[\""
                            + FullSizeStac.COLLECTION + "\"],\"intersects\":" + JSON.readTree(dump).get("geometry") + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode feature = JSON.readTree(search.body()).at("/features/0");
            String self = null;
            for (JsonNode l : feature.get("links")) if (l.get("rel").asText().equals("self")) self = l.get("href").asText();
            assertThat(self).isEqualTo(item.url());

            HttpResponse<String> res = server.postJson("/api/v1/scenes", "{\"stacItem\":\"" + self + "\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(res.body());
            JsonNode st = body.get("statistics").get(0);
            assertThat(st.get("site").asText()).isEqualTo("zijinshan-dump");
            for (String k : new String[] {"mean", "median", "p10", "p90", "min", "max"}) {
                assertThat(st.get(k).asDouble()).as(k).isCloseTo(0.32, within(1e-4));
            }
            assertThat(st.get("std").asDouble()).isCloseTo(0, within(1e-4));
            assertThat(st.get("validFraction").asDouble()).isCloseTo(1, within(1e-9));
            assertThat(st.get("cloudFraction").asDouble()).isCloseTo(0, within(1e-9));
            assertThat(st.get("greenFraction").asDouble()).isCloseTo(1, within(1e-9));
            assertThat(st.get("fvc").asDouble()).isCloseTo((0.32 - 0.2) / (0.86 - 0.2), within(1e-4));
            assertThat(body.at("/scene/source/offsetRule").asText()).isEqualTo("earthsearch:boa_offset_applied");

            // what was read: the window's block rows, its tiles and the header
            String[] w = body.at("/scene/source/window").asText().split(",");
            int c0 = Integer.parseInt(w[0]), r0 = Integer.parseInt(w[1]), c1 = c0 + Integer.parseInt(w[2]), r1 = r0 + Integer.parseInt(w[3]);
            int rows = (r1 - 1) / 1024 - r0 / 1024 + 1;
            long touched = 0;
            for (int ty = r0 / 1024; ty <= (r1 - 1) / 1024; ty++) {
                for (int tx = c0 / 1024; tx <= (c1 - 1) / 1024; tx++) touched += Cogs.tileBytes(item.red(), tx, ty);
            }
            String red = stac.relativize(item.red()).toString(), nir = stac.relativize(item.nir()).toString();
            String scl = stac.relativize(item.scl()).toString();
            assertThat(files.requests(red)).isLessThanOrEqualTo(rows + 2);
            assertThat(files.bytes(red)).isLessThanOrEqualTo((long) (1.5 * touched));
            assertThat(files.requests(nir)).isLessThanOrEqualTo(rows + 2);
            long read = files.bytes(red) + files.bytes(nir) + files.bytes(scl);
            assertThat(read).as("bytes read of " + item.fileBytes()).isLessThanOrEqualTo((long) (0.03 * item.fileBytes()));

            // what is stored: the scene's folder (index rasters over the window, no source copy)
            Path sceneDir = server.dataDir.resolve("scenes").resolve(body.at("/scene/id").asText());
            long stored;
            try (Stream<Path> s = Files.walk(sceneDir)) {
                stored = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            assertThat(stored).isPositive().isLessThanOrEqualTo(10_000_000L);

            // the series has the point, with its provenance
            JsonNode series = JSON.readTree(server.get("/api/v1/sites/zijinshan-dump/timeseries").body());
            assertThat(series.get("points")).hasSize(1);
            assertThat(series.at("/points/0/mean").asDouble()).isCloseTo(0.32, within(1e-4));
        }
    }

    /**
     * The same path through an import, as the README shows it: {@code POST /api/v1/imports} over the dump against the
     * local STAC API of two full-size items (two dates), then the dump's series (one point per item, each with its
     * NDVI from the construction, (B08 - B04) / (B08 + B04) of the item's DNs, and the item it came from), and the map:
     * an XYZ tile over the dump's centre has drawn pixels, a tile 30 km east of it (inside the 110 km item, outside
     * the window read around the dump) has none.
     */
    @Test
    void anImportOfFullSizeItemsGivesTheDumpsSeriesWithProvenanceAndMapsOverTheWindow() throws Exception {
        Path stac = Files.createDirectories(dir.resolve("stac"));
        String dump = FullSizeStac.dumpFeature(Path.of("sample-tiles/sites.geojson"));
        try (RangeFileServer files = new RangeFileServer(stac);
             TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                     .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build())) {
            List<FullSizeStac.Item> items = FullSizeStac.write(stac, files.url(""), 2, FullSizeStac.patch(dump));
            assertThat(server.postJson("/api/v1/sites", dump).statusCode()).isEqualTo(201);
            String api = files.url("").replaceAll("/+$", "");
            HttpResponse<String> started = server.postJson("/api/v1/imports", "{\"stacApi\":\"" + api + "\",\"collections\":[\""
                    + FullSizeStac.COLLECTION + "\"],\"sites\":[\"zijinshan-dump\"],\"datetime\":\"2015-01-01/2030-12-31\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = JSON.readTree(started.body()).get("id").asText();
            JsonNode status = null;
            for (int i = 0; i < 1200; i++) {
                status = JSON.readTree(server.get("/api/v1/imports/" + id).body());
                if (List.of("done", "failed", "cancelled").contains(status.get("status").asText())) break;
                Thread.sleep(100);
            }
            assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("done");
            assertThat(status.at("/items/found").asInt()).isEqualTo(2);
            assertThat(status.at("/items/ingested").asInt()).isEqualTo(2);
            assertThat(status.at("/items/failed").asInt()).isZero();
            assertThat(status.get("bytesRead").asLong()).isPositive()
                    .isLessThanOrEqualTo((long) (0.03 * (items.get(0).fileBytes() + items.get(1).fileBytes())));

            JsonNode series = JSON.readTree(server.get("/api/v1/sites/zijinshan-dump/timeseries").body());
            assertThat(series.get("points")).hasSize(2);
            for (FullSizeStac.Item item : items) {
                JsonNode point = null;
                for (JsonNode p : series.get("points")) if (p.get("date").asText().equals(item.date().toString())) point = p;
                assertThat(point).as(item.date().toString()).isNotNull();
                double ndvi = (item.nirDn() - item.redDn()) / (double) (item.nirDn() + item.redDn());
                assertThat(point.get("mean").asDouble()).isCloseTo(ndvi, within(1e-4));
                assertThat(point.at("/provenance/0/kind").asText()).isEqualTo("stac");
                assertThat(point.at("/provenance/0/collection").asText()).isEqualTo(FullSizeStac.COLLECTION);
                assertThat(point.at("/provenance/0/itemId").asText()).isEqualTo(item.id());
            }

            org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope();
            extend(e, JSON.readTree(dump).at("/geometry/coordinates"));
            String time = items.get(0).date().toString();
            assertThat(drawnPixels(server, 14, e.centre().x, e.centre().y, time)).isPositive();
            assertThat(drawnPixels(server, 14, e.centre().x + 0.3, e.centre().y, time)).isZero();
        }
    }

    private static void extend(org.locationtech.jts.geom.Envelope e, JsonNode coords) {
        if (coords.size() >= 2 && coords.get(0).isNumber()) e.expandToInclude(coords.get(0).asDouble(), coords.get(1).asDouble());
        else for (JsonNode c : coords) extend(e, c);
    }

    /** The pixels with some opacity in the NDVI XYZ tile at zoom {@code z} holding (lon, lat), on {@code time}. */
    private static int drawnPixels(TestServer server, int z, double lon, double lat, String time) throws Exception {
        int n = 1 << z;
        int x = (int) Math.floor((lon + 180) / 360 * n);
        double r = Math.toRadians(lat);
        int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
        HttpResponse<byte[]> res = server.getBytes("/tiles/ndvi/" + z + "/" + x + "/" + y + ".png?time=" + time);
        assertThat(res.statusCode()).isEqualTo(200);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(res.body()));
        int drawn = 0;
        for (int j = 0; j < img.getHeight(); j++) {
            for (int i = 0; i < img.getWidth(); i++) if ((img.getRGB(i, j) >>> 24) != 0) drawn++;
        }
        return drawn;
    }
}
