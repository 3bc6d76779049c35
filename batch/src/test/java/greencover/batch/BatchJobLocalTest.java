package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.service.series.SeriesPoint;
import greencover.service.series.SeriesQuery;
import greencover.service.source.SourcePolicy;
import greencover.service.source.StacScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on Spark {@code local[2]} over the {@link StacFixture} items, into an embedded catalog, against the server's
 * own composition ({@link Services#open}, the services behind {@code POST /api/v1/scenes {"stacItem": url}}) importing
 * the same items into another catalog: the time series of both are the same, point for point, and the points are the
 * fixture's hand-computed NDVI and cloud fractions. (A real HTTP server cannot run in the same JVM as Spark 4.0:
 * Javalin's Jetty 12 needs Servlet 6, Spark's UI and metrics Servlet 5.)
 */
class BatchJobLocalTest {
    private static JavaSparkContext spark;

    @TempDir Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobLocalTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private JobSettings settings(Path data, List<String> items, Path sites, String jdbc) {
        return new JobSettings(jdbc, null, null, data.toString(), items, null, List.of(), null, null, null,
                sites == null ? null : sites.toString(), null, 1, 10, 0, null, true, 0, null);
    }

    private static Services server(Path data) {
        return Services.open(AppConfig.forTests(data, "t").toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(1, java.time.Duration.ofMillis(10))).build());
    }

    private static List<SeriesPoint> points(Services s, String site) {
        return s.series().timeseries(site, new SeriesQuery("ndvi", greencover.service.series.DateRange.ALL, null, 0,
                greencover.core.zonal.PixelRule.EXACT, greencover.service.series.Composite.NONE, greencover.core.zonal.Statistic.MEAN)).points();
    }

    @Test
    void theJobStoresTheServersSummariesWhichAreTheHandComputedOnes() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 3)) {
            BatchJob.Report r = BatchJob.run(spark, settings(dir.resolve("job"), stac.itemUrls, stac.sitesFile(), null));
            Catalogs.closeAll();
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(3);
            assertThat(r.itemSitePairs()).isEqualTo(6);

            try (Services server = server(dir.resolve("server"))) {
                server.sites().add(greencover.geojson.GeoJsonCodec.sites(new com.fasterxml.jackson.databind.ObjectMapper().readTree(StacFixture.SITES)));
                for (String url : stac.itemUrls) {
                    assertThat(server.stacScenes().ingest(new StacScenes.StacRequest(url, null, null, null)).duplicate()).isFalse();
                }
                try (Services job = server(dir.resolve("job"))) {
                    for (String site : new String[] {"west", "across"}) {
                        List<SeriesPoint> a = points(server, site), b = points(job, site);
                        assertThat(b).as(site).hasSize(3);
                        assertThat(b.toString()).as(site).isEqualTo(a.toString());
                    }
                    List<SeriesPoint> across = points(job, "across");
                    for (int i = 0; i < 3; i++) {
                        SeriesPoint p = across.get(i);
                        double ndvi = (StacFixture.nir(i) - 1000.0) / (StacFixture.nir(i) + 1000.0);
                        assertThat(p.date().toString()).isEqualTo(StacFixture.date(i));
                        assertThat(p.statistics().mean()).as("point %d", i).isCloseTo(ndvi, within(1e-4));
                        assertThat(p.statistics().cloudFraction()).as("point %d", i).isCloseTo(StacFixture.cloudyLeft(i) ? 0.78 : 0, within(1e-6));
                        assertThat(p.statistics().validFraction()).as("point %d", i).isCloseTo(StacFixture.cloudyLeft(i) ? 0.22 : 1, within(1e-6));
                    }
                    List<SeriesPoint> west = points(job, "west");
                    assertThat(west.get(0).statistics().mean()).isCloseTo(0.5, within(1e-4));
                    assertThat(west.get(1).statistics().cloudFraction()).isCloseTo(1, within(1e-9));
                    // the job evaluates each site's alert rules once at its end; the server after every scene: the
                    // same alerts (the fixture's dates are years old, so "no clear observation for 90 days" is open)
                    java.util.function.Function<Services, List<String>> alerts = svc -> svc.alerts().alerts(null, null).stream()
                            .map(x -> x.siteId() + " " + x.rule() + " " + x.observedOn() + " " + x.isOpen()).sorted().toList();
                    assertThat(alerts.apply(job)).anyMatch(a -> a.startsWith("across noClearObservation ") && a.endsWith(" true"))
                            .anyMatch(a -> a.startsWith("west noClearObservation ") && a.endsWith(" true"))
                            .isEqualTo(alerts.apply(server));
                }
            }
        }
    }

    @Test
    void aFailingItemIsRetriedAndReportedAndTheReRunCompletesWithoutDuplicates() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 3)) {
            Path data = dir.resolve("job");
            // item 2's NIR answers 503 to far more requests than the source's and the job's retries together
            stac.files.failNext("nir-1500.tif", 1000);
            BatchJob.Report first = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), null));
            assertThat(first.count(ItemOutcome.Status.STORED)).as(first.line()).isEqualTo(2);
            assertThat(first.count(ItemOutcome.Status.FAILED)).isEqualTo(1);
            ItemOutcome failed = first.outcomes().get(2);
            assertThat(failed.status()).isEqualTo(ItemOutcome.Status.FAILED);
            assertThat(failed.attempts()).isEqualTo(2); // 1 + --retries 1
            List<String> lines = Files.readAllLines(first.failuresFile());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).startsWith(stac.itemUrls.get(2) + "\t2\t");

            stac.files.failNext("nir-1500.tif", 0);
            BatchJob.Report second = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), null));
            assertThat(second.count(ItemOutcome.Status.STORED)).as(second.line()).isEqualTo(1);
            assertThat(second.count(ItemOutcome.Status.DUPLICATE)).isEqualTo(2);
            assertThat(Files.readAllLines(second.failuresFile())).hasSize(1);
            BatchJob.Report third = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), null));
            assertThat(third.count(ItemOutcome.Status.DUPLICATE)).as(third.line()).isEqualTo(3);
            Catalogs.closeAll();

            try (Services job = server(data)) {
                assertThat(job.scenes().list(null, null, null)).hasSize(3);
                assertThat(job.sites().list()).hasSize(2);
                List<SeriesPoint> across = points(job, "across");
                assertThat(across).hasSize(3);
                assertThat(across).allSatisfy(p -> assertThat(p.sceneIds()).hasSize(1));
            }
        }
    }

    @Test
    void aBrokenCatalogStopsTheJobWithOneClearLineAndNoWork() throws Exception {
        Path data = dir.resolve("job");
        JobSettings s = settings(data, List.of("http://127.0.0.1:9/item.json"), null, "jdbc:postgresql://127.0.0.1:9/greencover");
        assertThatThrownBy(() -> BatchJob.run(spark, s))
                .isInstanceOf(JobFailedException.class)
                .hasMessageStartingWith("cannot open the catalog at jdbc:postgresql://127.0.0.1:9/greencover: ")
                .hasMessageContaining("then run the job again");
        assertThat(Files.exists(data.resolve("batch-failures.tsv"))).isFalse();
    }
}
