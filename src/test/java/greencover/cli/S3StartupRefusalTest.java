package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --scene-store s3://…} whose endpoint does not answer (a loopback port nobody listens on) prints one
 * line naming the store, the endpoint and what to check, no stack trace, and exits non-zero; a malformed bucket
 * name is a usage error (exit 2) before anything is opened.
 */
class S3StartupRefusalTest {
    @TempDir Path dir;

    private Process serve(String... extra) throws Exception {
        Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(jvm.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--data", dir.resolve("data").toString(), "--port", "0", "--no-samples"));
        cmd.addAll(java.util.List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_ACCESS_KEY_ID", "k");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "s");
        pb.environment().put("GREENCOVER_TOKEN", "t");
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void anUnreachableBucketStopsServeWithOneLine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Process p = serve("--scene-store", "s3://gc-nowhere/p", "--s3-endpoint", "http://127.0.0.1:" + closed);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err.lines().filter(l -> l.startsWith("cannot reach the scene store s3://gc-nowhere/p/ at http://127.0.0.1:" + closed + ": ")))
                .hasSize(1).allMatch(l -> l.endsWith("(check GREENCOVER_S3_ENDPOINT / --s3-endpoint and the network)"));
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedBucketNameIsAUsageError() throws Exception {
        Process p = serve("--scene-store", "s3://Not_A_Bucket/p");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).startsWith("'Not_A_Bucket' is not a bucket name").doesNotContain("\tat ");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
