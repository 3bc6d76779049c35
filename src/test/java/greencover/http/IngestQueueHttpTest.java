package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest queue on a real server with one running ingest and none waiting: an upload whose body is still
 * arriving (a chunked body the test writes through a pipe) holds the only place, so a second upload is refused
 * with 429, {@code Retry-After} and the JSON error before its body is read, and nothing of it is stored; once the
 * first is answered the second goes through. The slow upload is sent over a raw socket with its full
 * {@code Content-Length} and only its first 100 bytes, the rest after the refusal.
 */
class IngestQueueHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "----gc-queue-test";
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .admission(AppConfig.Admission.DEFAULTS.withIngests(1, 0)).build());
    }

    @AfterEach
    void stop() { server.close(); }

    /** The multipart body of a red+nir upload of two 4 x 4 scenes (distinct by their red values). */
    private byte[] body(int redValue) throws Exception {
        Path red = TestTiffs.grid4x4(dir.resolve("red" + redValue + ".tif"), redValue, redValue, 1800, 1800);
        Path nir = TestTiffs.grid4x4(dir.resolve("nir" + redValue + ".tif"), 4500, 4500, 2200, 2200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] f : new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}}) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Object[] f : new Object[][] {{"red", red}, {"nir", nir}}) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"; filename=\"" + f[0]
                    + ".tif\"\r\nContent-Type: image/tiff\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(Files.readAllBytes((Path) f[1]));
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpRequest.Builder upload() {
        return HttpRequest.newBuilder(URI.create(server.url("/api/v1/scenes")))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Authorization", "Bearer " + TestServer.TOKEN);
    }

    private long filesUnder(Path p) throws Exception {
        if (!Files.isDirectory(p)) return 0;
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aSecondUploadWhileTheOnlyPlaceIsHeldIs429AndStoresNothing() throws Exception {
        byte[] first = body(500), second = body(600);
        try (Socket slow = new Socket("127.0.0.1", server.app.port())) {
            OutputStream feed = slow.getOutputStream();
            feed.write(("POST /api/v1/scenes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.TOKEN
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + first.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            feed.write(first, 0, 100); // part of the first field: the server is now reading the body
            feed.flush();
            while (server.services.ingestQueue().freePlaces() > 0) Thread.sleep(10);
            refuseWhileHeld(second);
            feed.write(first, 100, first.length - 100);
            feed.flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 201 Created");
        }
        while (server.services.ingestQueue().freePlaces() == 0) Thread.sleep(10); // the answer is written just before the place is given back
        HttpResponse<String> again = server.http.send(upload().POST(HttpRequest.BodyPublishers.ofByteArray(second)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(server.services.scenes().list(null, null, null)).hasSize(2);
    }

    private void refuseWhileHeld(byte[] second) throws Exception {
        long scenesFiles = filesUnder(server.dataDir.resolve("scenes"));

        HttpResponse<String> refused = server.http.send(upload().POST(HttpRequest.BodyPublishers.ofByteArray(second)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode err = JSON.readTree(refused.body());
        assertThat(err.get("error").asText()).isEqualTo("queue_full");
        assertThat(err.get("detail").asText()).contains("nothing was stored");
        assertThat(server.services.scenes().list(null, null, null)).isEmpty();
        assertThat(filesUnder(server.dataDir.resolve("scenes"))).isEqualTo(scenesFiles);
    }
}
