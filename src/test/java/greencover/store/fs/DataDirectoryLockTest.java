package greencover.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.domain.StartupRefusedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One holder per data directory: a second {@link DataDirectoryLock#acquire} is refused with a one-line message
 * naming the holder's process id, whether the holder is this JVM or another process, and the directory is free
 * again once the holder closes or dies.
 */
class DataDirectoryLockTest {
    @TempDir Path dir;

    @Test
    void aSecondHolderInTheSameProcessIsRefusedUntilTheFirstCloses() {
        long pid = ProcessHandle.current().pid();
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(StartupRefusedException.class)
                    .hasMessage("the data directory " + dir.toAbsolutePath() + " is in use by another GreenCover process (pid " + pid
                            + "): stop it, or upload through POST /api/v1/scenes");
        }
        DataDirectoryLock.acquire(dir).close();
    }

    /**
     * On Linux, closing any channel of a locked file drops the process's lock: a refused second attempt in this JVM
     * must not open (and close) a channel of its own, or another process could then take the directory.
     */
    @Test
    void aRefusedSecondAttemptInThisProcessLeavesTheDirectoryLockedForOtherProcesses() throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(StartupRefusedException.class);
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    HoldDataDirectory.class.getName(), dir.toString()).redirectErrorStream(true).start();
            try {
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(output).doesNotContain("locked").contains("is in use by another GreenCover process (pid "
                        + ProcessHandle.current().pid() + ")");
                assertThat(child.exitValue()).isNotZero();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void aDirectoryHeldByAnotherProcessIsRefusedWithItsPidAndFreedWhenItIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HoldDataDirectory.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(StartupRefusedException.class)
                    .hasMessageContaining("is in use by another GreenCover process (pid " + child.pid() + ")");
            child.destroyForcibly(); // SIGKILL: the operating system releases the lock
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        DataDirectoryLock.acquire(dir).close();
    }
}
