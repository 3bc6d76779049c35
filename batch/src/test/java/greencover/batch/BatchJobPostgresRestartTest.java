package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;

import greencover.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts while the job runs (issue 8, "bad input gets a clear error and loses nothing"): the job on Spark
 * {@code local[2]} over six {@link StacFixture} items into a real PostgreSQL catalog. The range server holds item 2's
 * first request (so items are in flight, some already stored, some not yet started), the test stops PostgreSQL
 * (fast shutdown: every session ends, as in a restart), lets item 2 go on against the stopped database, waits for the
 * job to fetch item 2 again (its first attempt failed on the catalog) and starts PostgreSQL again.
 *
 * <p>The job ends by itself with an outcome for every item (stored, or failed with a one-line reason); a re-run
 * stores exactly the failed ones; and the catalog then holds one scene per item and 6 items x 2 sites x 3 indices
 * (NDVI, SAVI and MSAVI2: the fixture has red and NIR bands only) = 36 summary rows, every scene with its 6 rows
 * and its index rasters on disk, and no scene folder without a row.
 */
@ExtendWith(PostgresServer.class)
class BatchJobPostgresRestartTest {
    private static final int ITEMS = 6, SITES = 2, INDICES = 3;
    private static JavaSparkContext spark;

    @TempDir Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobPostgresRestartTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    /** {@code retries} retries 500 ms apart and up (5: 7.5 s of backoff in all, a restart of a few seconds is ridden out). */
    private static JobSettings settings(Path data, List<String> items, Path sites, PostgresServer.Database db, int retries) {
        return new JobSettings(db.url(), db.user(), db.password(), data.toString(), items, null, List.of(), null, null, null,
                sites.toString(), null, retries, 500, ITEMS, null, true, 0, null);
    }

    @Test
    void aRestartMidJobEndsTheJobByItselfAndTheReRunCompletesItWithoutDuplicates(PostgresServer pg, PostgresServer.Database db) throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), ITEMS)) {
            Path data = dir.resolve("job");
            CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1), fetchedAgain = new CountDownLatch(1);
            AtomicInteger fetches = new AtomicInteger();
            stac.files.beforeEach("item-2.json", () -> {
                int n = fetches.incrementAndGet();
                if (n == 1) {
                    held.countDown();
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (n == 2) {
                    fetchedAgain.countDown();
                }
            });
            JobSettings s = settings(data, stac.itemUrls, stac.sitesFile(), db, 5);
            CompletableFuture<BatchJob.Report> job = CompletableFuture.supplyAsync(() -> BatchJob.run(spark, s));
            BatchJob.Report first;
            try {
                assertThat(held.await(180, TimeUnit.SECONDS)).as("item 2 was requested").isTrue();
                pg.stopServer();
                release.countDown();
                assertThat(fetchedAgain.await(180, TimeUnit.SECONDS)).as("item 2 was retried after its attempt failed on the stopped catalog").isTrue();
            } finally {
                release.countDown();
                pg.startAgain();
            }
            first = job.get(10, TimeUnit.MINUTES); // a guard against a hang, not a timing
            assertThat(first.outcomes().get(2).attempts()).as("item 2 failed on the stopped catalog at least once").isGreaterThanOrEqualTo(2);
            reRunCompletesIt(first, data, stac, db);
        }
    }

    /**
     * Without retries, the items that meet the stopped catalog fail, item 2 among them: the job reports them (one line
     * each, in the failures file) and ends; once PostgreSQL is back the re-run stores exactly those.
     */
    @Test
    void withoutRetriesTheItemsMeetingTheStoppedCatalogAreReportedAndTheReRunStoresThem(PostgresServer pg, PostgresServer.Database db) throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), ITEMS)) {
            Path data = dir.resolve("job");
            CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
            AtomicInteger fetches = new AtomicInteger();
            stac.files.beforeEach("item-2.json", () -> {
                if (fetches.incrementAndGet() > 1) return;
                held.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            JobSettings s = settings(data, stac.itemUrls, stac.sitesFile(), db, 0);
            CompletableFuture<BatchJob.Report> job = CompletableFuture.supplyAsync(() -> BatchJob.run(spark, s));
            BatchJob.Report first;
            try {
                assertThat(held.await(180, TimeUnit.SECONDS)).as("item 2 was requested").isTrue();
                pg.stopServer();
                release.countDown();
                first = job.get(10, TimeUnit.MINUTES); // ends with the catalog still stopped
            } finally {
                release.countDown();
                pg.startAgain();
            }
            assertThat(first.outcomes().get(2).status()).as(first.line()).isEqualTo(ItemOutcome.Status.FAILED);
            assertThat(first.outcomes().get(2).error()).startsWith("StoreException: ");
            assertThat(first.count(ItemOutcome.Status.STORED)).as(first.line()).isGreaterThanOrEqualTo(1); // item 0 or 1 came first
            reRunCompletesIt(first, data, stac, db);
        }
    }

    /**
     * An executor that starts while PostgreSQL is away (here: called as Spark calls it, for a partition of two items)
     * tries to open the catalog {@code 1 + retries} times, then reports both items failed with one line instead of
     * failing its task; once the database is back the job stores them.
     */
    @Test
    void anExecutorThatCannotOpenTheCatalogReportsItsItemsFailedAndTheJobStoresThemOnceItIsBack(PostgresServer pg, PostgresServer.Database db)
            throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 2)) {
            JobSettings s = new JobSettings(db.url(), db.user(), db.password(), dir.resolve("job").toString(), stac.itemUrls, null, List.of(),
                    null, null, null, stac.sitesFile().toString(), null, 1, 10, 2, null, true, 0, null);
            List<ItemOutcome> counted = new java.util.ArrayList<>();
            List<ItemOutcome> out;
            pg.stopServer();
            try {
                out = BatchJob.processPartition(s, stac.itemUrls.iterator(), counted::add);
            } finally {
                pg.startAgain();
            }
            assertThat(counted).isEqualTo(out);
            assertThat(out).extracting(ItemOutcome::item).isEqualTo(stac.itemUrls);
            assertThat(out).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(ItemOutcome.Status.FAILED);
                assertThat(o.attempts()).isEqualTo(2);
                assertThat(o.error()).startsWith("cannot open the catalog on this executor after 2 attempts: StoreException: ").doesNotContain("\n");
            });
            assertThat(stac.files.requests("item-0.json") + stac.files.requests("item-1.json")).as("items fetched").isZero();

            BatchJob.Report r = BatchJob.run(spark, s);
            Catalogs.closeAll();
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(2);
        }
    }

    /**
     * Checks {@code first}'s outcomes (one per item; a failure is one line), runs the job again and checks that it
     * stores exactly the failed items, then that the catalog holds the hand-counted rows and files, once each.
     */
    private static void reRunCompletesIt(BatchJob.Report first, Path data, StacFixture stac, PostgresServer.Database db) throws Exception {
        assertThat(first.outcomes()).as(first.line()).hasSize(ITEMS);
        assertThat(first.outcomes()).allSatisfy(o -> {
            assertThat(o.status()).isIn(ItemOutcome.Status.STORED, ItemOutcome.Status.DUPLICATE, ItemOutcome.Status.FAILED);
            if (o.status() == ItemOutcome.Status.FAILED) assertThat(o.error()).doesNotContain("\n").doesNotContain("\tat ").isNotBlank();
        });
        long failed = first.count(ItemOutcome.Status.FAILED);
        assertThat(Files.readAllLines(first.failuresFile())).hasSize(1 + (int) failed);

        BatchJob.Report second = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), db, 0));
        assertThat(second.count(ItemOutcome.Status.FAILED)).as(second.line()).isZero();
        assertThat(second.count(ItemOutcome.Status.STORED)).as(first.line() + " / " + second.line()).isEqualTo(failed);
        assertThat(second.count(ItemOutcome.Status.DUPLICATE)).isEqualTo(ITEMS - failed);
        Catalogs.closeAll();

        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM scenes")).isEqualTo(ITEMS);
            assertThat(count(st, "SELECT count(DISTINCT content_hash) FROM scenes")).isEqualTo(ITEMS);
            assertThat(count(st, "SELECT count(DISTINCT acquired_date) FROM scenes")).isEqualTo(ITEMS);
            assertThat(count(st, "SELECT count(*) FROM sites")).isEqualTo(SITES);
            assertThat(count(st, "SELECT count(*) FROM summaries")).isEqualTo(ITEMS * SITES * INDICES);
            assertThat(count(st, "SELECT count(*) FROM (SELECT scene_id FROM summaries GROUP BY scene_id HAVING count(*) = "
                    + SITES * INDICES + ") t")).as("scenes with all their summaries").isEqualTo(ITEMS);
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id FROM scenes ORDER BY id")) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            for (String id : ids) {
                for (String index : new String[] {"ndvi", "savi", "msavi2"}) {
                    assertThat(data.resolve("scenes").resolve(id).resolve(index + ".tif")).as(id).isRegularFile();
                }
            }
            try (Stream<Path> folders = Files.list(data.resolve("scenes"))) {
                assertThat(folders.map(p -> p.getFileName().toString()).sorted().toList()).as("scene folders").isEqualTo(ids);
            }
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
