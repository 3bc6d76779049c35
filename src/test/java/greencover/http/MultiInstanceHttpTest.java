package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static greencover.http.SharedCatalogServers.JSON;
import static greencover.http.SharedCatalogServers.NOTIFY_BOUND_MS;
import static greencover.http.SharedCatalogServers.SITE;
import static greencover.http.SharedCatalogServers.TILE;
import static greencover.http.SharedCatalogServers.etag;
import static greencover.http.SharedCatalogServers.eventually;
import static greencover.http.SharedCatalogServers.points;
import static greencover.http.SharedCatalogServers.sceneId;
import static greencover.http.SharedCatalogServers.sceneIds;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.app.AppConfig;
import greencover.testing.PostgresServer;
import greencover.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real servers on one PostgreSQL 15 catalog and one shared data directory, as behind a load balancer. The
 * site is {@link PostgresHttpTest}'s half-pixel-offset rectangle: 20 m × 30 m = 600 m² of the 4 × 4 grid of 10 m
 * pixels, so one scene of a date covers 600 m² of it and two scenes of one date together still 600 m² (the second
 * counts only ground the first did not: none). Bounds on convergence are generous deadlines for polling loops, not
 * measurements: with a poll interval of a minute, a server that sees another's write within 2 s was told by
 * {@code NOTIFY}.
 */
@ExtendWith(PostgresServer.class)
class MultiInstanceHttpTest {
    @TempDir Path dir;

    private AppConfig config(PostgresServer.Database db, String user, long pollMillis) {
        return AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder().jdbc(db.url(), user, db.password())
                .sharing(new AppConfig.Sharing(pollMillis, 3600)).build();
    }

    private HttpResponse<String> ingest(TestServer s, String date, String name, int red, int nir) throws Exception {
        return SharedCatalogServers.ingest(s, dir, date, name, red, nir);
    }

    @Test
    void anIngestOnOneServerIsServedByTheOtherByNotifyAndADeleteOnTheOtherDisappearsOnTheFirst(PostgresServer.Database db) throws Exception {
        try (TestServer a = new TestServer(config(db, db.user(), 60_000)); TestServer b = new TestServer(config(db, db.user(), 60_000))) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            assertThat(eventually(NOTIFY_BOUND_MS, () -> JSON.readTree(b.get("/api/v1/sites").body()).get("features").size() == 1)).isTrue();
            String tagBefore = etag(b);
            String id = sceneId(ingest(a, "2020-06-01", "one", 500, 4500));

            assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(b).contains(id) && points(b).size() == 1 && !etag(b).equals(tagBefore)))
                    .as("B serves A's scene (list, series, tile ETag) within 2 s").isTrue();
            JsonNode p = points(b).get(0);
            assertThat(p.get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
            assertThat(JSON.readTree(b.get("/health/ready").body()).get("listener").asText()).isEqualTo("up");
            assertThat(b.getBytes(TILE).statusCode()).isEqualTo(200);
            String tagWithScene = etag(b);
            assertThat(etag(a)).isEqualTo(tagWithScene); // one version, one ETag, whichever server answers

            assertThat(b.delete("/api/v1/scenes/" + id).statusCode()).isEqualTo(204);
            assertThat(eventually(NOTIFY_BOUND_MS, () -> !sceneIds(a).contains(id) && points(a).isEmpty() && !etag(a).equals(tagWithScene)))
                    .as("A stops serving the scene B deleted within 2 s").isTrue();
            assertThat(a.get("/api/v1/scenes/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withItsListenerCutAServerIsNotReadyAndStillSeesTheOthersWritesWithinThePollInterval(PostgresServer.Database db) throws Exception {
        long poll = 2000;
        try (Connection admin = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE gc_b LOGIN SUPERUSER"); // B's own login, so that B alone can be kept from reconnecting
            try (TestServer a = new TestServer(config(db, db.user(), 60_000)); TestServer b = new TestServer(config(db, "gc_b", poll))) {
                assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
                assertThat(b.get("/health/ready").statusCode()).isEqualTo(200);
                int listener = listenerPid(sql, "gc_b");

                sql.execute("ALTER ROLE gc_b NOLOGIN");
                try (ResultSet rs = sql.executeQuery("SELECT pg_terminate_backend(" + listener + ")")) {
                    assertThat(rs.next() && rs.getBoolean(1)).isTrue();
                }
                assertThat(eventually(5000, () -> b.get("/health/ready").statusCode() == 503)).isTrue();
                JsonNode down = JSON.readTree(b.get("/health/ready").body());
                assertThat(down.get("listener").asText()).isEqualTo("down");
                assertThat(down.get("catalog").asText()).isEqualTo("reachable");
                assertThat(b.get("/health").statusCode()).as("liveness is not readiness").isEqualTo(200);

                String tagBefore = etag(b);
                String id = sceneId(ingest(a, "2020-06-02", "cut", 500, 4500));
                assertThat(eventually(poll + 1000, () -> sceneIds(b).contains(id) && points(b).size() == 1 && !etag(b).equals(tagBefore)))
                        .as("B polls the version while its listener is down").isTrue();

                sql.execute("ALTER ROLE gc_b LOGIN");
                assertThat(eventually(5000, () -> b.get("/health/ready").statusCode() == 200)).isTrue();
                assertThat(JSON.readTree(b.get("/health/ready").body()).get("listener").asText()).isEqualTo("up");
                assertThat(listenerPid(sql, "gc_b")).isNotEqualTo(listener);
            }
        }
    }

    @Test
    void sameDateIngestsRacingOnTwoServersNeverCountTheSameGroundTwice(PostgresServer.Database db) throws Exception {
        String[] dates = {"2021-07-01", "2021-07-02", "2021-07-03"};
        try (TestServer a = new TestServer(config(db, db.user(), 60_000)); TestServer b = new TestServer(config(db, db.user(), 60_000))) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            List<Callable<HttpResponse<String>>> uploads = new ArrayList<>();
            for (int i = 0; i < dates.length; i++) {
                String d = dates[i];
                int k = i;
                uploads.add(() -> ingest(a, d, "a" + d, 500 + k, 4500));
                uploads.add(() -> ingest(b, d, "b" + d, 520 + k, 4480)); // other files (another scene), the same ground
            }
            ExecutorService pool = Executors.newFixedThreadPool(uploads.size());
            try {
                for (Future<HttpResponse<String>> f : pool.invokeAll(uploads)) sceneId(f.get(60, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
            for (TestServer s : List.of(a, b)) {
                assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(s).size() == 6)).isTrue();
                JsonNode pts = points(s);
                assertThat(pts).hasSize(3);
                for (JsonNode p : pts) {
                    // both scenes of the date are listed (the same-date merge names every scene over the site), each
                    // ground pixel counted once
                    assertThat(p.get("sceneIds")).as(p.toString()).hasSize(2);
                    assertThat(p.get("validAreaM2").asDouble()).as(p.toString()).isCloseTo(600, within(6.0)); // not 1200
                }
            }
        }
    }

    @Test
    void aServerStartedWhileAnotherIsBetweenPublishingAndCommittingASceneDeletesNoneOfItsFiles(PostgresServer.Database db) throws Exception {
        try (TestServer a = new TestServer(config(db, db.user(), 60_000));
             Connection blocker = DriverManager.getConnection(db.url(), db.user(), db.password());
             Connection watch = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertThat(a.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) { // A's commit waits at its version bump, after its files are published
                s.executeQuery("SELECT version FROM catalog_version WHERE id = 1 FOR UPDATE").close();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<HttpResponse<String>> inFlight = pool.submit(() -> ingest(a, "2022-08-01", "inflight", 500, 4500));
                assertThat(eventually(20_000, () -> commitWaiting(watch))).as("A's commit is waiting").isTrue();
                List<Path> before = files(dir.resolve("data"));
                assertThat(before).as("A's published scene folder").anyMatch(p -> p.toString().contains("/scenes/s") && p.toString().endsWith("ndvi.tif"));

                try (TestServer c = new TestServer(config(db, db.user(), 60_000))) {
                    assertThat(c.get("/health/ready").statusCode()).isEqualTo(200);
                    for (Path p : before) assertThat(p).as("kept by the third server's start").exists();
                    blocker.commit();
                    String id = sceneId(inFlight.get(30, TimeUnit.SECONDS));
                    assertThat(eventually(NOTIFY_BOUND_MS, () -> sceneIds(c).contains(id) && points(c).size() == 1)).isTrue();
                    assertThat(points(c).get(0).get("validAreaM2").asDouble()).isCloseTo(600, within(6.0));
                    assertThat(c.getBytes(TILE).statusCode()).isEqualTo(200);
                    assertThat(JSON.readTree(c.get("/health").body()).get("damagedScenes").asInt()).isZero();
                }
            } finally {
                pool.shutdownNow();
                if (!blocker.getAutoCommit()) blocker.rollback();
            }
        }
    }

    private static int listenerPid(Statement sql, String user) throws Exception {
        try (ResultSet rs = sql.executeQuery("SELECT pid FROM pg_stat_activity WHERE usename = '" + user
                + "' AND application_name LIKE 'greencover-listener-%'")) {
            assertThat(rs.next()).as("a listening connection of " + user).isTrue();
            int pid = rs.getInt(1);
            assertThat(rs.next()).as("one listening connection of " + user).isFalse();
            return pid;
        }
    }

    private static boolean commitWaiting(Connection watch) throws Exception {
        try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE catalog_version%'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock")).toList();
        }
    }
}
