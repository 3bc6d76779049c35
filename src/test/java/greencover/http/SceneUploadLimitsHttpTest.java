package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads that are not usable scenes get a 4xx naming the field, and leave the catalog and data directory unchanged. */
class SceneUploadLimitsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().maxUploadBytes(4L << 20).build());
    }

    @AfterEach
    void stop() { server.close(); }

    private Path band(String name, int epsg, int... cols) throws Exception {
        double x = epsg == 4326 ? 116.4 : 500000, y = epsg == 4326 ? 25.2 : 2800000, px = epsg == 4326 ? 0.0001 : 10;
        return TestTiffs.write(dir.resolve(name + ".tif"), epsg, x, y, px, new int[][][] {TestTiffs.columns(4, cols)});
    }

    private JsonNode upload(Object red, Object nir, int expectedStatus) throws Exception {
        HttpResponse<String> r = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-01-01"}},
                new Object[][] {{"red", red}, {"nir", nir}}, TestServer.TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }

    /** Rewrites the ImageWidth and ImageLength tags of a little-endian TIFF's first IFD. */
    private static byte[] declareSize(byte[] tiff, int width, int height) {
        ByteBuffer b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4), n = b.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + 12 * i, tag = b.getShort(e) & 0xFFFF, type = b.getShort(e + 2);
            int v = tag == 256 ? width : tag == 257 ? height : -1;
            if (v < 0) continue;
            if (type == 3) b.putShort(e + 8, (short) Math.min(v, 65535)); else b.putInt(e + 8, v);
        }
        return tiff;
    }

    @Test
    void aDeclaredSizeFarBeyondTheLimitIs413() throws Exception {
        Path n = band("n", 32650, 4500, 4500, 2200, 2200);
        byte[] huge = declareSize(Files.readAllBytes(band("r", 32650, 500, 500, 1800, 1800)), 60000, 60000);
        JsonNode e = upload(huge, n, 413);
        assertThat(e.get("error").asText()).isEqualTo("raster_too_large");
        assertThat(e.get("field").asText()).isEqualTo("red");
        assertNothingStored();
    }

    @Test
    void aTiffWithoutGeoreferencingIs400() throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        Path plain = dir.resolve("plain.tif");
        assertThat(ImageIO.write(img, "tiff", plain.toFile())).isTrue();
        JsonNode e = upload(plain, band("n", 32650, 1, 2, 3, 4), 400);
        assertThat(e.get("field").asText()).isEqualTo("red");
        assertNothingStored();
    }

    @Test
    void aGeographicCrsIs400() throws Exception {
        JsonNode e = upload(band("r", 4326, 500, 500, 1800, 1800), band("n", 4326, 4500, 4500, 2200, 2200), 400);
        assertThat(e.get("detail").asText()).contains("projected");
        assertNothingStored();
    }

    @Test
    void bandsInDifferentCrsAre400() throws Exception {
        JsonNode e = upload(band("r", 32650, 500, 500, 1800, 1800), band("n", 32651, 4500, 4500, 2200, 2200), 400);
        assertThat(e.get("error").asText()).isEqualTo("crs_mismatch");
        assertNothingStored();
    }

    @Test
    void aRawTiffBodyWithQueryFieldsIsIngestedAndAMissingBandsFieldIsNamed() throws Exception {
        Path two = TestTiffs.write(dir.resolve("two.tif"), 32650, 500000, 2800000, 10,
                new int[][][] {TestTiffs.columns(4, 500, 500, 1800, 1800), TestTiffs.columns(4, 4500, 4500, 2200, 2200)});
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes?sensor=sentinel2-l2a&acquired=2020-06-01&bands=red,nir")))
                .header("Content-Type", "image/tiff").header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofFile(two));
        HttpResponse<String> ok = server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(JSON.readTree(ok.body()).at("/scene/indices").toString()).contains("ndvi");
        HttpResponse<String> noBands = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes?sensor=sentinel2-l2a&acquired=2020-06-02")))
                .header("Content-Type", "image/tiff").header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofFile(two)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noBands.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noBands.body()).get("field").asText()).isEqualTo("bands");
        HttpResponse<String> wrongType = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes")))
                .header("Content-Type", "text/plain").header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void anUploadDeclaredOverTheByteLimitIs413BeforeItsBodyIsRead() throws Exception {
        // this server allows 4 MiB; headers only, over a raw socket, so the answer cannot race a body still being sent
        try (var socket = new java.net.Socket("127.0.0.1", server.app.port())) {
            String head = "POST /api/v1/scenes?sensor=sentinel2-l2a&acquired=2020-01-01&bands=red,nir HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.TOKEN + "\r\nContent-Type: image/tiff\r\n"
                    + "Content-Length: " + (5L << 20) + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("\"error\":\"payload_too_large\"");
        }
        assertNothingStored();
    }

    @Test
    void aStreamedUploadOverTheByteLimitIs413() throws Exception {
        // no Content-Length (chunked): the limit is enforced while the body is stored
        byte[] big = new byte[5 << 20];
        big[0] = 'I'; big[1] = 'I'; big[2] = 42;
        HttpResponse<String> r;
        try {
            r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes?sensor=sentinel2-l2a&acquired=2020-01-01&bands=red,nir")))
                    .header("Content-Type", "image/tiff").header("Authorization", "Bearer " + TestServer.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            r = null; // the server may close the connection before the client has sent everything
        }
        if (r != null) {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("payload_too_large");
        }
        assertNothingStored();
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    private void assertNothingStored() throws Exception {
        assertThat(JSON.readTree(server.get("/api/v1/scenes").body()).get("scenes")).isEmpty();
        try (var s = Files.list(server.dataDir.resolve("scenes"))) {
            assertThat(s.count()).isZero();
        }
        if (!Files.isDirectory(server.dataDir.resolve("tmp"))) return;
        try (var s = Files.list(server.dataDir.resolve("tmp"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("upload-")).count()).isZero();
        }
    }

    @Test
    void aTruncatedTiffIsRejectedNotZeroFilled() throws Exception {
        Path red = TestTiffs.write(dir.resolve("big.tif"), 32650, 500000, 2800000, 10,
                new int[][][] {new int[300][300]});
        byte[] whole = Files.readAllBytes(red);
        byte[] head = java.util.Arrays.copyOf(whole, whole.length / 3);
        // the header and block table survive, most of the data does not
        JsonNode e = upload(head, band("n", 32650, 1, 2, 3, 4), 400);
        assertThat(e.get("field").asText()).isEqualTo("red");
        assertThat(e.get("detail").asText()).contains("truncated");
        assertNothingStored();
    }

    @Test
    void aMultipartBodyWithoutABoundaryIs400() throws Exception {
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes")))
                .header("Content-Type", "multipart/form-data").header("Authorization", "Bearer " + TestServer.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\n\r\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_multipart");
        assertNothingStored();
    }
}
