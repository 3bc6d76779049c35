package greencover.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A GreenCover server in a JVM of its own ({@code greencover.cli.Main serve} on this test run's classpath, a free
 * loopback port, no samples), configured by environment variables as an operator would, so that a test can
 * {@link #kill} it as {@code kill -9} does: no shutdown hook, no {@code finally}, sockets closed by the kernel.
 */
public final class ChildServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    public final HttpClient http = HttpClient.newHttpClient();

    private ChildServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code serve --data dataDir} with {@code env} added to this process's environment, and waits (up to a
     * minute) until its {@code /health/ready} answers 200.
     */
    public static ChildServer start(Path dataDir, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-da:org.h2...", "-cp", System.getProperty("java.class.path"),
                "greencover.cli.Main", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port), "--data", dataDir.toString(),
                "--no-samples"));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ChildServer c = new ChildServer(pb.start(), port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (c.get("/health/ready").statusCode() == 200) return c;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!c.process.isAlive()) throw new IllegalStateException("the child server stopped: " + java.nio.file.Files.readString(log));
            if (System.nanoTime() > deadline) {
                c.kill();
                throw new IllegalStateException("the child server was not ready within 60 s: " + java.nio.file.Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    public URI url(String path) { return URI.create("http://127.0.0.1:" + port + path); }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Kills the process with SIGKILL ({@link Process#destroyForcibly} on Unix) and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The process's output so far. */
    public String log() throws IOException { return java.nio.file.Files.readString(log); }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) kill();
    }
}
