package greencover.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.store.Store;
import greencover.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write lock of two stores on one PostgreSQL catalog (as two servers have): a writer of a date waits for another
 * store's writer of the same date, not for one of another date, and a whole-catalog writer waits for both. "Waits"
 * is read from {@code pg_locks} (an advisory lock not granted), so nothing here depends on timing.
 */
@ExtendWith(PostgresServer.class)
class AdvisoryWriteLockTest {
    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);
    @TempDir Path dir;

    @Test
    void writersOfOneDateOnTwoStoresTakeTurnsWhileOtherDatesAndTheWholeCatalogAreOrderedAsDocumented(PostgresServer.Database db) throws Exception {
        try (Store a = JdbcStore.open(db.url(), db.user(), db.password(), dir.resolve("a"));
             Store b = JdbcStore.open(db.url(), db.user(), db.password(), dir.resolve("b"));
             Connection watch = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            List<String> events = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch aHolds = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> a.writeLock().run(DAY, () -> {
                events.add("a in");
                aHolds.countDown();
                await(release);
                events.add("a out");
            }));
            assertThat(aHolds.await(10, TimeUnit.SECONDS)).isTrue();

            b.writeLock().run(DAY.plusDays(1), () -> events.add("b other date")); // runs while a holds DAY
            CompletableFuture<Void> sameDate = CompletableFuture.runAsync(() -> b.writeLock().run(DAY, () -> events.add("b same date")));
            awaitWaiters(watch, 1);
            CompletableFuture<Void> whole = CompletableFuture.runAsync(() -> b.writeLock().run(() -> events.add("b whole catalog")));
            awaitWaiters(watch, 2);
            assertThat(events).containsExactly("a in", "b other date");

            release.countDown();
            CompletableFuture.allOf(first, sameDate, whole).get(10, TimeUnit.SECONDS);
            assertThat(events.subList(0, 3)).containsExactly("a in", "b other date", "a out");
            assertThat(events.subList(3, 5)).containsExactlyInAnyOrder("b same date", "b whole catalog");
            assertThat(waiting(watch)).isZero();
        }
    }

    @Test
    void aNestedAcquisitionOnTheSameThreadDoesNotWaitForItself(PostgresServer.Database db) {
        try (Store a = JdbcStore.open(db.url(), db.user(), db.password(), dir.resolve("a"))) {
            String got = a.writeLock().holding(() -> a.writeLock().holding(DAY, () -> a.writeLock().holding(() -> "nested")));
            assertThat(got).isEqualTo("nested");
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code n} advisory lock requests are blocked (at most 10 s). */
    private static void awaitWaiters(Connection watch, int n) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (waiting(watch) < n && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(waiting(watch)).isEqualTo(n);
    }

    private static int waiting(Connection watch) throws Exception {
        try (Statement s = watch.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
