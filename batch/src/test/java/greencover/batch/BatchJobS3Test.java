package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.raster.IndexCodes;
import greencover.core.raster.IndexRaster;
import greencover.domain.Scene;
import greencover.testing.PostgresServer;
import greencover.testing.S3ProxyServer;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job writing its index rasters to an S3-compatible bucket as the server does ({@code --scene-store
 * s3://bucket/prefix}, endpoint and credentials from the environment): a real S3Proxy in its own JVM, a real
 * PostgreSQL catalog, Spark {@code local[2]}. A bucket that cannot be reached (a loopback port nothing listens on)
 * stops the job before any item with one line, and {@code BatchJob.main} exits with 3, the catalog untouched; a
 * reachable one receives the rasters, and a server opened on the same catalog and bucket reads them.
 */
@ExtendWith(PostgresServer.class)
class BatchJobS3Test {
    private static final String BUCKET = "gc-batch";
    private static JavaSparkContext spark;
    private static S3ProxyServer s3;
    private static Path s3Dir;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        s3Dir = Files.createTempDirectory("greencover-s3proxy-");
        s3 = S3ProxyServer.start(s3Dir);
        s3.createBucket(BUCKET);
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobS3Test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) spark.close();
        if (s3 != null) s3.close();
        if (s3Dir != null) {
            try (var w = Files.walk(s3Dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The environment of a job (or server) whose scene store is at {@code endpoint}. */
    private static Map<String, String> env(String endpoint) {
        return Map.of("GREENCOVER_S3_ENDPOINT", endpoint, "AWS_REGION", S3ProxyServer.REGION,
                "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }

    /** The job's command line over {@code items} into {@code db}, its rasters in {@code location}. */
    private static List<String> args(Path data, PostgresServer.Database db, List<String> items, Path sites, String location) {
        return new ArrayList<>(List.of("--data", data.toString(), "--catalog", db.url(), "--catalog-user", db.user(),
                "--items", String.join(",", items), "--sites", sites.toString(), "--scene-store", location,
                "--allow-private-addresses", "--retries", "1", "--retry-backoff-ms", "10", "--source-retries", "0"));
    }

    private static long tables(PostgresServer.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableBucketStopsTheJobBeforeAnyItemWithOneLineAndNothingInTheCatalog(PostgresServer.Database db) throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 2)) {
            String endpoint = "http://127.0.0.1:" + unusedPort();
            Path data = dir.resolve("job");
            JobSettings s = JobSettings.parse(args(data, db, stac.itemUrls, stac.sitesFile(), "s3://" + BUCKET + "/job").toArray(String[]::new),
                    env(endpoint));
            assertThatThrownBy(() -> BatchJob.run(spark, s))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageStartingWith("cannot reach the scene store s3://" + BUCKET + "/job/ at " + endpoint + ": ")
                    .hasMessageEndingWith("(check GREENCOVER_S3_ENDPOINT / --s3-endpoint and the network)")
                    .hasMessageNotContaining("\n");
            assertThat(stac.files.requests("item-0.json") + stac.files.requests("item-1.json")).as("items fetched").isZero();
            assertThat(tables(db)).as("tables in the catalog").isZero();
            assertThat(data.resolve("batch-failures.tsv")).doesNotExist();

            // the command line: the one line on stderr, exit code 3, still nothing in the catalog
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")) cmd.add(a);
            }
            cmd.addAll(List.of("-Xmx512m", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1", "-cp", System.getProperty("java.class.path"),
                    BatchJob.class.getName()));
            cmd.addAll(args(dir.resolve("cli"), db, stac.itemUrls, stac.sitesFile(), "s3://" + BUCKET + "/job"));
            cmd.addAll(List.of("--master", "local[1]"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(dir.resolve("stdout.txt").toFile());
            pb.environment().putAll(env(endpoint));
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process p = pb.start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the job ended").isTrue();
            String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(stderr).isEqualTo(3);
            List<String> ours = stderr.lines().filter(l -> l.startsWith("greencover-batch:")).toList();
            assertThat(ours).as(stderr).hasSize(1);
            assertThat(ours.get(0)).startsWith("greencover-batch: cannot reach the scene store s3://" + BUCKET + "/job/ at " + endpoint + ": ");
            assertThat(stderr).as("no stack trace").doesNotContain("\tat ");
            assertThat(Files.readString(dir.resolve("stdout.txt"))).isEmpty();
            assertThat(tables(db)).isZero();
        }
    }

    @Test
    void theJobWritesTheRastersToTheBucketAndAServerOnTheSameCatalogAndBucketReadsThem(PostgresServer.Database db) throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 3)) {
            String location = "s3://" + BUCKET + "/shared";
            JobSettings s = JobSettings.parse(args(dir.resolve("job"), db, stac.itemUrls, stac.sitesFile(), location).toArray(String[]::new),
                    env(s3.endpoint()));
            assertThat(s.sceneStore().location()).isEqualTo(location);
            assertThat(s.sceneStore().toString()).doesNotContain(S3ProxyServer.SECRET_KEY);
            BatchJob.Report r = BatchJob.run(spark, s);
            Catalogs.closeAll();
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(3);
            assertThat(dir.resolve("job/scenes")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
            List<String> keys = s3.keys(BUCKET, "shared/");
            assertThat(keys).contains("shared/catalog-id");
            assertThat(keys.stream().filter(k -> k.endsWith("/ndvi.tif"))).hasSize(3);

            // a server of the same catalog, with its own (empty) local cache: every raster comes from the bucket
            AppConfig server = AppConfig.forTests(dir.resolve("server"), "t").toBuilder().environment(env(s3.endpoint()))
                    .jdbc(db.url(), db.user(), db.password()).sceneStoreOverrides(location, null).build();
            try (Services svc = Services.open(server)) {
                List<Scene> scenes = svc.scenes().list(null, null, null);
                assertThat(scenes).hasSize(3);
                for (Scene scene : scenes) {
                    int i = scene.date().getDayOfMonth() - 1; // item i is of 2023-06-(1 + i)
                    IndexRaster ndvi = svc.damages().raster(scene, "ndvi");
                    int w = ndvi.grid().width(), h = ndvi.grid().height();
                    short[] px = new short[w * h];
                    ndvi.read(0, 0, 0, w, h, px);
                    double expected = (StacFixture.nir(i) - 1000.0) / (StacFixture.nir(i) + 1000.0);
                    int right = px.length - 1; // the bottom-right pixel: east of x 502560, clear on every item
                    assertThat(IndexCodes.decode(px[right])).as("item %d", i).isCloseTo(expected, within(1e-4));
                }
            }
        }
    }
}
