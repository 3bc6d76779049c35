package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.app.AppConfig;
import greencover.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow request bodies do not hold server threads: a server with a 1 s body timeout and a 64 KiB bound on anonymous
 * bodies, driven over raw sockets that send headers and then stop or trickle. Each such request is answered 408 or
 * its connection closed (read with a generous 60 s socket timeout, so the bound is the server's, not a race), and
 * other requests are answered meanwhile.
 */
class BodyTimeoutHttpTest {
    private static final int GENEROUS_MS = 60_000;
    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                .admission(AppConfig.Admission.DEFAULTS.withBodyTimeoutMillis(1000).withMaxAnonymousBodyBytes(64 * 1024)).build());
    }

    @AfterEach
    void stop() { server.close(); }

    private Socket post(String path, long contentLength, String extraHeaders, byte[] firstBytes) throws Exception {
        Socket s = new Socket("127.0.0.1", server.app.port());
        s.setSoTimeout(GENEROUS_MS);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(firstBytes);
        out.flush();
        return s;
    }

    /** The status line of the answer, or "closed" when the server closed the connection without one. */
    private static String answer(Socket s) throws Exception {
        try {
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "closed" : line;
        } catch (SocketTimeoutException e) {
            return "no answer within " + GENEROUS_MS + " ms";
        } catch (java.io.IOException reset) {
            return "closed";
        }
    }

    @Test
    void aStatisticsBodyThatStopsIsAnswered408AndOtherRequestsAreServedMeanwhile() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) stalled.add(post("/api/v1/statistics", 1000, "", "{\"geometry\":".getBytes(StandardCharsets.US_ASCII)));
            HttpResponse<String> health = server.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            for (Socket s : stalled) assertThat(answer(s)).isIn("HTTP/1.1 408 Request Timeout", "closed");
        } finally {
            for (Socket s : stalled) s.close();
        }
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aStatisticsBodyTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        byte[] body = " ".repeat(10_000).getBytes(StandardCharsets.US_ASCII); // 10,000 bytes at 10 per second: 1000 s
        try (Socket s = post("/api/v1/statistics", body.length, "", new byte[0])) {
            OutputStream out = s.getOutputStream();
            Thread trickle = new Thread(() -> {
                try {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (Exception closed) { // the server gave up on the body: expected
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            String status = answer(s);
            trickle.interrupt();
            assertThat(status).isIn("HTTP/1.1 408 Request Timeout", "closed");
        }
    }

    @Test
    void anAnonymousBodyOverItsBoundIs413BeforeItIsRead() throws Exception {
        try (Socket s = post("/api/v1/statistics", 2L << 20, "", new byte[0])) {
            assertThat(answer(s)).isEqualTo("HTTP/1.1 413 Payload Too Large");
        }
    }

    @Test
    void anUploadThatStopsIsAnswered408OrClosedAndFreesItsQueuePlaceAndItsSpoolFile() throws Exception {
        String boundary = "----gc-stall";
        byte[] start = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"red\"; filename=\"red.tif\"\r\n"
                + "Content-Type: image/tiff\r\n\r\nII*\0").getBytes(StandardCharsets.ISO_8859_1);
        int places = server.services.ingestQueue().freePlaces();
        try (Socket s = new Socket("127.0.0.1", server.app.port())) {
            s.setSoTimeout(GENEROUS_MS);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/scenes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.TOKEN
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(start);
            out.flush();
            assertThat(answer(s)).isIn("HTTP/1.1 408 Request Timeout", "closed");
        }
        while (server.services.ingestQueue().freePlaces() < places) Thread.sleep(10); // given back as the request ends
        assertThat(server.services.scenes().list(null, null, null)).isEmpty();
        Path tmp = server.dataDir.resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> files = Files.walk(tmp)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }
}
