package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.domain.Site;
import greencover.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit acknowledged by the catalog survives the process being killed at once (no shutdown hook, no close):
 * a child JVM commits a site on the embedded H2 catalog and is killed (SIGKILL) the moment it reports the commit;
 * the catalog reopened here holds the site. With H2's default 500 ms write delay the kill loses the commit.
 */
class AbruptStopTest {
    @TempDir Path dir;

    @Test
    void aCommittedWriteIsThereAfterTheWriterIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CommitThenWait.class.getName(), dir.toString(), "kept").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("committed")) { /* skip log lines */ }
            assertThat(line).as("the child reported its commit").isEqualTo("committed");
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        try (Store store = JdbcStore.open(null, null, null, dir)) {
            assertThat(store.sites().all()).extracting(Site::id).containsExactly("kept");
        }
    }
}
