package greencover.store.fs;

import java.nio.file.Path;

/** A child process for {@link DataDirectoryLockTest}: holds the data directory {@code args[0]}, says so, waits. */
public final class HoldDataDirectory {
    private HoldDataDirectory() {}

    public static void main(String[] args) throws Exception {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
