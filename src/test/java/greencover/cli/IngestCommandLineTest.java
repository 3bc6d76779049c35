package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.fs.DataDirectoryLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} as a user meets it, in a JVM of its own started in an empty folder: without arguments it prints its
 * help and creates nothing; beside a process holding the data directory it prints one line with what to do, no stack
 * trace, and leaves no file behind (no H2 trace file either).
 */
class IngestCommandLineTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private List<String> filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(f -> !f.equals(d)).map(f -> d.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void ingestWithoutArgumentsPrintsItsHelpAndCreatesNothing() throws Exception {
        Run r = run("ingest");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).startsWith("Usage: java -jar greencover.jar ingest");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aMissingPieceIsOneLineBeforeAnythingIsCreated() throws Exception {
        Run r = run("ingest", "--sensor", "sentinel2-l2a", "--red", "B04.tif", "--nir", "B08.tif");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue("--acquired is required (an ISO date such as 2024-06-01)");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void ingestBesideARunningServerSaysWhatToDoAndLeavesNoFiles() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path red = Files.writeString(dir.resolve("B04.tif"), "not read");
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            List<String> before = filesIn(data);
            Run r = run("ingest", "--data", data.toString(), "--sensor", "sentinel2-l2a", "--acquired", "2024-06-01",
                    "--red", red.toString(), "--nir", red.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN "))).containsExactly(
                    "the data directory " + data.toAbsolutePath() + " is in use by another GreenCover process (pid "
                            + ProcessHandle.current().pid() + "): stop it, or upload through POST /api/v1/scenes");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(filesIn(data)).isEqualTo(before);
            assertThat(filesIn(dir)).noneMatch(f -> f.endsWith(".trace.db"));
        }
    }
}
