package greencover.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests: S3Proxy 4.1.0 (its jar with dependencies, copied to
 * {@code target/s3proxy/s3proxy.jar} by the build's {@code s3proxy-for-tests} step) in a JVM of its own, on a free
 * loopback port, with jclouds' filesystem backend in a folder of the test and AWS signature checks (access key
 * {@link #ACCESS_KEY}, secret {@link #SECRET_KEY}). Its Jetty and jclouds never share a classpath with the server's.
 * Where the jar is missing or the server does not start, the test is skipped (a JUnit assumption) with the reason.
 * {@link #stop} and {@link #start} again keep the port and the objects (a bucket that went away and came back).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "greencover-test";
    public static final String SECRET_KEY = "greencover-test-secret";
    public static final String REGION = "us-east-1";
    private static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private final Path dir;
    private final int port;
    private Process process;

    private S3ProxyServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server whose objects live under {@code dir}; skips the test when it cannot. */
    public static S3ProxyServer start(Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), () -> "no " + JAR.toAbsolutePath() + " (built by the test-resources phase), skipping");
        S3ProxyServer s = new S3ProxyServer(dir, freePort());
        Files.createDirectories(dir.resolve("blobs"));
        Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + s.port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("blobs").toAbsolutePath(), ""));
        s.start();
        return s;
    }

    /** (Re)starts the process on the same port and folder, and waits until it accepts connections. */
    public void start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(), "--properties", dir.resolve("s3proxy.conf").toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    String log = Files.readString(dir.resolve("s3proxy.log"));
                    Assumptions.abort("S3Proxy stopped at start, skipping: " + log.substring(Math.max(0, log.length() - 500)));
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s");
                Thread.sleep(100);
            }
        }
    }

    /** Stops the process (the objects stay in its folder); {@link #start} brings it back on the same port. */
    public void stop() throws Exception {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        process = null;
    }

    /** The service's URL, as {@code GREENCOVER_S3_ENDPOINT}. */
    public String endpoint() { return "http://127.0.0.1:" + port; }

    /** A client of this server (path-style, signed with the test credentials); the caller closes it. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(endpoint())).forcePathStyle(true).build();
    }

    /** Creates {@code bucket}. */
    public void createBucket(String bucket) {
        try (S3Client c = client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    /** The keys under {@code prefix} in {@code bucket}, in key order. */
    public List<String> keys(String bucket, String prefix) {
        try (S3Client c = client()) {
            return c.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
        }
    }

    @Override
    public void close() throws Exception { stop(); }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
