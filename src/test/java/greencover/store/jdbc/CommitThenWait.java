package greencover.store.jdbc;

import greencover.domain.Site;
import greencover.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.locationtech.jts.io.WKTReader;

/**
 * A child process for {@link AbruptStopTest}: opens the embedded catalog of the data directory {@code args[0]},
 * commits one site {@code args[1]}, prints {@code committed} and then waits to be killed, never closing the store.
 */
public final class CommitThenWait {
    private CommitThenWait() {}

    public static void main(String[] args) throws Exception {
        Store store = JdbcStore.open(null, null, null, Path.of(args[0]));
        store.sites().insert(new Site(args[1], "killed right after this commit",
                new WKTReader().read("POLYGON ((118.1 24.1, 118.2 24.1, 118.2 24.2, 118.1 24.2, 118.1 24.1))"),
                "{\"type\":\"Polygon\"}", 1.0, 0.3, 0.05, 0.85, Map.of(), Instant.parse("2024-01-02T03:04:05Z")));
        System.out.println("committed");
        System.out.flush();
        Thread.sleep(60_000);
        store.close();
    }
}
