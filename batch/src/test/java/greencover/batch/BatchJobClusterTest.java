package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.service.series.SeriesPoint;
import greencover.service.series.SeriesQuery;
import greencover.service.source.SourcePolicy;
import greencover.service.source.StacScenes;
import greencover.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar submitted with {@code spark-submit --deploy-mode cluster} to a real standalone Master and two Workers
 * (separate JVMs on loopback, from target/spark-home/jars), over four {@link StacFixture} items served on loopback, into
 * a PostgreSQL catalog: the summaries there are those of the server's services importing the same items into another
 * database, and the hand-computed ones; the three JVMs are stopped at the end. Run by the integration-test phase of
 * batch/pom.xml, after the jar is built.
 */
@Tag("spark-cluster")
@ExtendWith(PostgresServer.class)
class BatchJobClusterTest {
    private static final int ITEMS = 4;

    @TempDir Path dir;

    private static List<SeriesPoint> points(Services s, String site) {
        return s.series().timeseries(site, new SeriesQuery("ndvi", greencover.service.series.DateRange.ALL, null, 0,
                greencover.core.zonal.PixelRule.EXACT, greencover.service.series.Composite.NONE, greencover.core.zonal.Statistic.MEAN)).points();
    }

    /** The rows of the Parquet dataset in {@code dir}, from its files' footers. */
    private static long parquetRows(Path dir) throws Exception {
        long n = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(f.toUri()), new org.apache.hadoop.conf.Configuration()))) {
                    n += r.getRecordCount();
                }
            }
        }
        return n;
    }

    private static Services open(PostgresServer.Database db, Path data) {
        return Services.open(AppConfig.builder().port(0).samplesDir(null).dataDir(data).jdbc(db.url(), db.user(), db.password())
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
    }

    @Test
    void theJobSubmittedToAStandaloneClusterStoresTheServersSummariesInPostgresql(PostgresServer.Database jobDb,
                                                                                    PostgresServer.Database serverDb) throws Exception {
        String home = System.getProperty("greencover.spark.home"), jar = System.getProperty("greencover.batch.jar");
        Assumptions.assumeTrue(home != null && jar != null && Files.isRegularFile(Path.of(jar)),
                "needs the job jar and target/spark-home (run by mvn verify in batch/)");
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), ITEMS)) {
            Path data = dir.resolve("scenes");
            Path failures = dir.resolve("failures.tsv");
            Path parquet = dir.resolve("series.parquet");
            SparkCluster cluster = new SparkCluster(Path.of(home), System.getProperty("greencover.spark.flags"), dir.resolve("spark"), 2, "1g");
            try (cluster) {
                List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "cluster",
                        "--conf", "spark.standalone.submit.waitAppCompletion=true", "--conf", "spark.driver.host=127.0.0.1",
                        "--driver-memory", "512m", "--executor-memory", "512m", "--total-executor-cores", "2",
                        "--class", "greencover.batch.BatchJob", "file://" + jar,
                        "--catalog", jobDb.url(), "--catalog-user", jobDb.user(), "--data", data.toString(),
                        "--items", String.join(",", stac.itemUrls), "--sites", stac.sitesFile().toString(),
                        "--partitions", "4", "--retries", "1", "--failures", failures.toString(), "--allow-private-addresses",
                        "--parquet", parquet.toString()));
                if (jobDb.password() != null) args.addAll(List.of("--catalog-password", jobDb.password()));
                Path submitLog = dir.resolve("spark/submit.log");
                Process submit = cluster.java(submitLog, "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new)).start();
                assertThat(submit.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("spark-submit ended").isTrue();
                String log = Files.readString(submitLog);
                assertThat(log).as(log).contains("State of driver").contains("FINISHED");
                // the driver ran on a worker, in its own JVM, and printed its report there
                String driverOut;
                try (var files = Files.walk(dir.resolve("spark"))) {
                    driverOut = files.filter(p -> p.getFileName().toString().equals("stdout") && p.toString().contains("driver-"))
                            .map(p -> { try { return Files.readString(p); } catch (java.io.IOException e) { return ""; } })
                            .reduce("", String::concat);
                }
                assertThat(driverOut).contains("greencover-batch: " + ITEMS + " items").contains(ITEMS + " stored").contains("0 failed");
                assertThat(Files.readAllLines(failures)).hasSize(1);
            }
            assertThat(cluster.stopped()).isTrue();
            // the executors wrote the Parquet: 2 sites x 4 dates x 3 indices (ndvi, savi, msavi2: red and NIR only)
            assertThat(parquetRows(parquet)).isEqualTo(2 * ITEMS * 3);

            try (Services server = open(serverDb, dir.resolve("server")); Services job = open(jobDb, data)) {
                server.sites().add(greencover.geojson.GeoJsonCodec.sites(new com.fasterxml.jackson.databind.ObjectMapper().readTree(StacFixture.SITES)));
                for (String url : stac.itemUrls) server.stacScenes().ingest(new StacScenes.StacRequest(url, null, null, null));
                assertThat(job.scenes().list(null, null, null)).hasSize(ITEMS);
                for (String site : new String[] {"west", "across"}) {
                    List<SeriesPoint> a = points(server, site), b = points(job, site);
                    assertThat(b).as(site).hasSize(ITEMS);
                    assertThat(b.toString()).as(site).isEqualTo(a.toString());
                }
                List<SeriesPoint> across = points(job, "across");
                for (int i = 0; i < ITEMS; i++) {
                    double ndvi = (StacFixture.nir(i) - 1000.0) / (StacFixture.nir(i) + 1000.0);
                    assertThat(across.get(i).statistics().mean()).as("point %d", i).isCloseTo(ndvi, within(1e-4));
                    assertThat(across.get(i).statistics().cloudFraction()).as("point %d", i).isCloseTo(StacFixture.cloudyLeft(i) ? 0.78 : 0, within(1e-6));
                }
            }
        }
    }
}
