package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.fs.DataDirectoryLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} on a data directory another process holds (here: this test JVM) prints one line saying so, no
 * stack trace, and exits non-zero without touching the directory.
 */
class ServeRefusalTest {
    @TempDir Path dir;

    @Test
    void serveOnADataDirectoryInUsePrintsOneLineAndExitsNonZero() throws Exception {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(dir)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "serve", "--data", dir.toString(), "--port", "0", "--no-samples").start();
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(err.lines().filter(l -> l.contains("is in use by another GreenCover process"))).containsExactly(
                    "the data directory " + dir.toAbsolutePath() + " is in use by another GreenCover process (pid "
                            + ProcessHandle.current().pid() + "): stop it, or upload through POST /api/v1/scenes");
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
