package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static greencover.http.SharedCatalogServers.JSON;
import static greencover.http.SharedCatalogServers.NOTIFY_BOUND_MS;
import static greencover.http.SharedCatalogServers.SITE;
import static greencover.http.SharedCatalogServers.TILE;
import static greencover.http.SharedCatalogServers.etag;
import static greencover.http.SharedCatalogServers.eventually;
import static greencover.http.SharedCatalogServers.fields;
import static greencover.http.SharedCatalogServers.points;
import static greencover.http.SharedCatalogServers.sceneId;
import static greencover.http.SharedCatalogServers.sceneIds;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.domain.StartupRefusedException;
import greencover.testing.ChildServer;
import greencover.testing.PostgresServer;
import greencover.testing.S3ProxyServer;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real servers on one PostgreSQL 15 catalog with their scene files in one bucket of a real S3-compatible
 * server (S3Proxy in its own JVM), each server with its own data directory (its local raster cache): nothing is
 * shared but the database and the bucket. {@link MultiInstanceHttpTest} covers the same-date race and the cut
 * listener over a shared folder; here: serving another server's scene from the bucket, a delete removing the row
 * before the objects, a third server started mid-ingest, a server killed with {@code kill -9} mid-ingest (a child
 * JVM), PostgreSQL restarted under the servers, the bucket gone at start-up and at ingest, and a write whose advisory
 * lock's session is lost. The site is {@link MultiInstanceHttpTest}'s: 600 m² of a 4 × 4 grid of 10 m pixels.
 * Bounds are deadlines of polling loops, not measurements.
 */
@ExtendWith(PostgresServer.class)
class S3MultiInstanceHttpTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer s3;
    private static Path s3Dir;

    @TempDir Path dir;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3Dir = Files.createTempDirectory("greencover-s3proxy-");
        s3 = S3ProxyServer.start(s3Dir);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) s3.close();
        if (s3Dir != null) {
            try (var w = Files.walk(s3Dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String newBucket() {
        bucket = "gc-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        return bucket;
    }

    private AppConfig.SceneStore sceneStore(String secret) {
        return new AppConfig.SceneStore("s3://" + bucket + "/gc", s3.endpoint(), S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, secret, 64L << 20);
    }

    private AppConfig config(PostgresServer.Database db, String name, long pollMillis) {
        return AppConfig.forTests(dir.resolve("data-" + name), TestServer.TOKEN).toBuilder().jdbc(db.url(), db.user(), db.password())
                .sharing(new AppConfig.Sharing(pollMillis, 3600)).sceneStore(sceneStore(S3ProxyServer.SECRET_KEY)).build();
    }

    private Object[][] bands(String name, int red, int nir) throws Exception { return SharedCatalogServers.bands(dir, name, red, nir); }

    private HttpResponse<String> ingest(TestServer s, String date, String name, int red, int nir) throws Exception {
        return SharedCatalogServers.ingest(s, dir, date, name, red, nir);
    }

    private List<String> objects() { return s3.keys(bucket, "gc/scenes/"); }

    @Test
    void aSceneIngestedOnOneServerIsServedByTheOtherFromTheBucketAndADeleteOnTheOtherRemovesRowThenObjects(PostgresServer.Database db) throws Exception {
        newBucket();
        try (TestServer a = new TestServer(config(db, "a", 60_000)); TestServer b = new TestServer(config(db, "b", 60_000))) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            assertThat(eventually(NOTIFY_BOUND_MS, () -> JSON.readTree(b.get("/api/v1/sites").body()).get("features").size() == 1)).isTrue();
            String tagBefore = etag(b);
            String id = sceneId(ingest(a, "2020-06-01", "one", 500, 4500));
            assertThat(objects()).contains("gc/scenes/" + id + "/ndvi.tif", "gc/scenes/" + id + "/source/red.tif", "gc/scenes/" + id + "/source/nir.tif");

            assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(b).contains(id) && points(b).size() == 1 && !etag(b).equals(tagBefore)))
                    .as("B serves A's scene (list, series, tile ETag) within 2 s").isTrue();
            assertThat(points(b).get(0).get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
            HttpResponse<byte[]> tileB = b.getBytes(TILE), tileA = a.getBytes(TILE);
            assertThat(tileB.statusCode()).isEqualTo(200);
            assertThat(tileB.body()).as("B rendered the raster it read from the bucket as A did").isEqualTo(tileA.body());
            assertThat(tileB.headers().firstValue("ETag")).isEqualTo(tileA.headers().firstValue("ETag"));
            assertThat(dir.resolve("data-b/s3-cache/rasters/" + id + "/ndvi.tif")).as("B's local cache").isRegularFile();
            HttpResponse<byte[]> exportB = b.getBytes("/api/v1/scenes/" + id + "/index.tif"), exportA = a.getBytes("/api/v1/scenes/" + id + "/index.tif");
            assertThat(exportB.statusCode()).isEqualTo(200);
            assertThat(exportB.body()).isEqualTo(exportA.body());

            String tagWithScene = etag(a);
            assertThat(b.delete("/api/v1/scenes/" + id).statusCode()).isEqualTo(204);
            assertThat(objects()).as("the objects go after the row").noneMatch(k -> k.contains(id));
            assertThat(eventually(NOTIFY_BOUND_MS, () -> !sceneIds(a).contains(id) && points(a).isEmpty() && !etag(a).equals(tagWithScene)))
                    .as("A stops serving the scene B deleted within 2 s").isTrue();
            assertThat(a.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);
            assertThat(dir.resolve("data-b/s3-cache/rasters/" + id)).doesNotExist();
        }
    }

    @Test
    void eachServersLocalRasterCacheIsBoundedLeastRecentlyUsedFirstOutAndReadsAgainFromTheBucket(PostgresServer.Database db) throws Exception {
        newBucket();
        // B's cache holds one byte: every raster it reads pushes out all the others, and is read again when asked again
        AppConfig tiny = config(db, "b", 60_000).toBuilder().sceneStore(new AppConfig.SceneStore("s3://" + bucket + "/gc", s3.endpoint(),
                S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, 1)).build();
        try (TestServer a = new TestServer(config(db, "a", 60_000)); TestServer b = new TestServer(tiny)) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            String x = sceneId(ingest(a, "2020-07-01", "x", 500, 4500));
            String y = sceneId(ingest(a, "2020-07-02", "y", 900, 4100));
            assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(b).containsAll(List.of(x, y)))).isTrue();
            Path cache = dir.resolve("data-b/s3-cache/rasters");
            byte[] xOnA = a.getBytes("/api/v1/scenes/" + x + "/index.tif").body();

            assertThat(b.getBytes("/api/v1/scenes/" + x + "/index.tif").body()).isEqualTo(xOnA);
            assertThat(cache.resolve(x + "/ndvi.tif")).isRegularFile();
            assertThat(b.getBytes("/api/v1/scenes/" + y + "/index.tif").statusCode()).isEqualTo(200);
            assertThat(cache.resolve(y + "/ndvi.tif")).isRegularFile();
            assertThat(cache.resolve(x + "/ndvi.tif")).as("evicted, least recently used").doesNotExist();
            assertThat(b.getBytes("/api/v1/scenes/" + x + "/index.tif").body()).as("read again from the bucket").isEqualTo(xOnA);
            assertThat(cache.resolve(y + "/ndvi.tif")).doesNotExist();
            assertThat(b.getBytes(TILE).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aServerStartedWhileAnotherIsBetweenUploadingAndCommittingDeletesNoneOfItsObjects(PostgresServer.Database db) throws Exception {
        newBucket();
        try (TestServer a = new TestServer(config(db, "a", 60_000));
             Connection blocker = DriverManager.getConnection(db.url(), db.user(), db.password());
             Connection watch = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            holdCommits(blocker);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<HttpResponse<String>> inFlight = pool.submit(() -> ingest(a, "2022-08-01", "inflight", 500, 4500));
                assertThat(eventually(20_000, () -> commitWaiting(watch))).as("A's commit is waiting").isTrue();
                List<String> before = objects();
                assertThat(before).as("A's uploaded objects").anyMatch(k -> k.endsWith("/ndvi.tif"));
                try (TestServer c = new TestServer(config(db, "c", 60_000))) {
                    assertThat(c.get("/health/ready").statusCode()).isEqualTo(200);
                    assertThat(objects()).as("kept by the third server's start").containsAll(before);
                    blocker.commit();
                    String id = sceneId(inFlight.get(30, TimeUnit.SECONDS));
                    assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(c).contains(id) && points(c).size() == 1)).isTrue();
                    assertThat(c.getBytes(TILE).statusCode()).isEqualTo(200);
                    assertThat(JSON.readTree(c.get("/health").body()).get("damagedScenes").asInt()).isZero();
                }
            } finally {
                pool.shutdownNow();
                if (!blocker.getAutoCommit()) blocker.rollback();
            }
        }
    }

    @Test
    void aServerKilledWithSigkillMidIngestLeavesTheOthersServingAndNothingHalfWrittenVisible(PostgresServer.Database db) throws Exception {
        newBucket();
        try (TestServer a = new TestServer(config(db, "a", 60_000));
             Connection blocker = DriverManager.getConnection(db.url(), db.user(), db.password());
             Connection watch = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            String first = sceneId(ingest(a, "2023-05-01", "first", 500, 4500));
            String tagBefore = etag(a);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (ChildServer k = ChildServer.start(dir.resolve("data-k"), Map.of("GREENCOVER_JDBC_URL", db.url(), "GREENCOVER_JDBC_USER", db.user(),
                    "GREENCOVER_TOKEN", TestServer.TOKEN, "GREENCOVER_SCENE_STORE", "s3://" + bucket + "/gc",
                    "GREENCOVER_S3_ENDPOINT", s3.endpoint(), "AWS_REGION", S3ProxyServer.REGION,
                    "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY))) {
                holdCommits(blocker);
                Object[][] files = bands("killed", 520, 4480);
                pool.submit(() -> TestServer.postMultipart(k.http, k.url("/api/v1/scenes"), fields("2023-05-01", "killed"), files, TestServer.TOKEN));
                assertThat(eventually(30_000, () -> commitWaiting(watch))).as("K's commit is waiting, its objects uploaded").isTrue();
                List<String> uploaded = objects();
                assertThat(uploaded.stream().filter(key -> key.endsWith("/ndvi.tif")).count()).isEqualTo(2);
                k.kill();
                blocker.commit();

                assertThat(eventually(10_000, () -> !commitWaiting(watch))).as("K's transaction ended with its session").isTrue();
                assertThat(a.get("/health/ready").statusCode()).isEqualTo(200);
                assertThat(sceneIds(a)).containsExactly(first);
                assertThat(etag(a)).as("nothing was committed").isEqualTo(tagBefore);
                assertThat(points(a)).hasSize(1);
                assertThat(points(a).get(0).get("sceneIds")).hasSize(1);
                // K's lock went with its session: A stores the same date and the same files at once
                String again = sceneId(a.postMultipart("/api/v1/scenes", fields("2023-05-01", "killed"), files, TestServer.TOKEN));
                assertThat(sceneIds(a)).containsExactlyInAnyOrder(first, again);
                assertThat(points(a).get(0).get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
                assertThat(a.getBytes(TILE).statusCode()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
                if (!blocker.getAutoCommit()) blocker.rollback();
            }
        }
    }

    @Test
    void postgresRestartedUnderTheServersMakesThemUnreadyThenReadyWithNothingLost(PostgresServer.Database db, PostgresServer pg) throws Exception {
        newBucket();
        try (TestServer a = new TestServer(config(db, "a", 60_000)); TestServer b = new TestServer(config(db, "b", 60_000))) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            String first = sceneId(ingest(a, "2024-04-01", "before", 500, 4500));
            List<String> objectsBefore = objects();
            pg.stopServer();
            try {
                for (TestServer s : List.of(a, b)) assertThat(eventually(20_000, () -> s.get("/health/ready").statusCode() == 503)).isTrue();
                HttpResponse<String> alive = a.get("/health");
                assertThat(alive.statusCode()).as("liveness is not readiness").isEqualTo(200);
                assertThat(JSON.readTree(alive.body()).get("catalog").asText()).isEqualTo("unreachable");
                HttpResponse<String> refused = ingest(a, "2024-04-02", "during", 505, 4495);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(objects()).as("nothing uploaded while the catalog is down").isEqualTo(objectsBefore);
            } finally {
                pg.startAgain();
            }
            for (TestServer s : List.of(a, b)) {
                assertThat(eventually(20_000, () -> s.get("/health/ready").statusCode() == 200)).isTrue();
                assertThat(sceneIds(s)).containsExactly(first);
            }
            String tag = etag(b);
            String second = sceneId(ingest(a, "2024-04-02", "after", 510, 4490));
            assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(b).contains(second) && points(b).size() == 2 && !etag(b).equals(tag)))
                    .as("B listens again: A's next write within 2 s").isTrue();
        }
    }

    @Test
    void aBucketThatCannotBeReachedOrRefusesTheCredentialsStopsStartUpWithOneLineAndAnIngestWithA503(PostgresServer.Database db) throws Exception {
        newBucket();
        AppConfig wrongSecret = config(db, "w", 60_000).toBuilder().sceneStore(sceneStore("not-the-secret")).build();
        assertThatThrownBy(() -> Services.open(wrongSecret).close()).isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("refused this server's credentials").hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        AppConfig noBucket = config(db, "n", 60_000).toBuilder().sceneStore(new AppConfig.SceneStore("s3://no-such-bucket/gc", s3.endpoint(),
                S3ProxyServer.REGION, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, 1L << 20)).build();
        assertThatThrownBy(() -> Services.open(noBucket).close()).isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("has no bucket no-such-bucket");

        try (TestServer a = new TestServer(config(db, "a", 60_000))) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            s3.stop();
            try {
                assertThatThrownBy(() -> Services.open(config(db, "u", 60_000)).close()).isInstanceOf(StartupRefusedException.class)
                        .hasMessageStartingWith("cannot reach the scene store s3://" + bucket + "/gc/ at " + s3.endpoint())
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                HttpResponse<String> refused = ingest(a, "2025-03-01", "unreachable", 500, 4500);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(JSON.readTree(refused.body()).get("error").asText()).isNotBlank();
                assertThat(sceneIds(a)).isEmpty();
                assertThat(points(a)).isEmpty();
            } finally {
                s3.start();
            }
            assertThat(objects()).isEmpty();
            String id = sceneId(ingest(a, "2025-03-01", "unreachable", 500, 4500));
            assertThat(sceneIds(a)).containsExactly(id);
            assertThat(points(a).get(0).get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
        }
    }

    @Test
    void aWriteWhoseAdvisoryLockSessionIsLostIsRolledBackInsteadOfCommittedUnserialised(PostgresServer.Database db) throws Exception {
        newBucket();
        try (TestServer a = new TestServer(config(db, "a", 60_000));
             Connection blocker = DriverManager.getConnection(db.url(), db.user(), db.password());
             Connection watch = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            holdCommits(blocker);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<HttpResponse<String>> inFlight = pool.submit(() -> ingest(a, "2026-07-01", "fenced", 500, 4500));
                assertThat(eventually(20_000, () -> commitWaiting(watch))).isTrue();
                int writer = writerPid(watch);
                try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + writer + ")")) {
                    assertThat(rs.next() && rs.getBoolean(1)).isTrue();
                }
                blocker.commit();
                HttpResponse<String> lost = inFlight.get(30, TimeUnit.SECONDS);
                assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
                assertThat(lost.headers().firstValue("Retry-After")).isPresent();
                assertThat(sceneIds(a)).isEmpty();
                assertThat(points(a)).isEmpty();
                assertThat(objects()).as("its objects are removed with the failed write").isEmpty();
            } finally {
                pool.shutdownNow();
                if (!blocker.getAutoCommit()) blocker.rollback();
            }
            String id = sceneId(ingest(a, "2026-07-01", "fenced", 500, 4500));
            assertThat(sceneIds(a)).containsExactly(id);
            assertThat(points(a).get(0).get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
        }
    }

    /** Takes the catalog version's row lock on {@code blocker}: every commit waits at its version bump. */
    private static void holdCommits(Connection blocker) throws Exception {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
            s.executeQuery("SELECT version FROM catalog_version WHERE id = 1 FOR UPDATE").close();
        }
    }

    private static boolean commitWaiting(Connection watch) throws Exception {
        try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE catalog_version%'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    /** The backend of the write lock's session whose commit waits (it runs the write's transaction too). */
    private static int writerPid(Connection watch) throws Exception {
        try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE catalog_version%' AND application_name LIKE 'greencover-writer-%'")) {
            assertThat(rs.next()).as("the waiting commit runs on the write lock's session").isTrue();
            return rs.getInt(1);
        }
    }

}
