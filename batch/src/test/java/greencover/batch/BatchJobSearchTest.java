package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.service.series.SeriesPoint;
import greencover.service.source.SourcePolicy;
import greencover.testing.StacApiServer;
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
 * The job's STAC search on Spark {@code local[2]} is the server's search client ({@code StacSearchClient}): against a
 * local STAC API ({@link StacApiServer}) over the {@link StacFixture} items it sends the server's first request (the
 * sites' outline as {@code intersects}, the datetime normalised, the page size), follows the catalog's POST next link,
 * and ingests every item found; an interval over several years is searched a year at a time, an item found twice
 * kept once; and the server's address rule refuses a catalog on a private address before any request unless
 * {@code --allow-private-addresses} is given.
 */
class BatchJobSearchTest {
    private static JavaSparkContext spark;

    @TempDir Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobSearchTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static JobSettings search(Path data, String api, Path sites, boolean privateAddresses, int pageSize) {
        return search(data, api, sites, privateAddresses, pageSize, "2023-06-01/2023-06-30");
    }

    private static JobSettings search(Path data, String api, Path sites, boolean privateAddresses, int pageSize, String datetime) {
        return new JobSettings(null, null, null, data.toString(), List.of(), api, List.of("sentinel-2-l2a"), null, datetime,
                null, sites.toString(), null, 1, 10, 0, null, privateAddresses, 0, null, null, List.of(), pageSize);
    }

    @Test
    void theSearchIsTheServersClientFollowingTheCatalogsPagesAndEveryItemFoundIsStored() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 3); StacApiServer api = new StacApiServer()) {
            for (int i = 0; i < 3; i++) api.add(Files.readString(stac.dir.resolve("item-" + i + ".json")));
            Path data = dir.resolve("job");
            BatchJob.Report r = BatchJob.run(spark, search(data, api.url(), stac.sitesFile(), true, 2));
            Catalogs.closeAll();
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(3);
            // page 1 (2 items) by the first POST, page 2 (1 item) by the catalog's next link: a POST merging {"token": "p2"}
            List<String> requests = api.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests.get(0)).startsWith("POST /stac/search ").contains("\"intersects\":{\"type\":\"MultiPolygon\"")
                    .contains("\"datetime\":\"2023-06-01T00:00:00Z/2023-06-30T23:59:59Z\"").contains("\"limit\":2");
            assertThat(requests.get(1)).startsWith("POST /stac/search ").contains("\"token\":\"p2\"").contains("\"limit\":2");

            try (Services job = Services.open(AppConfig.forTests(data, "t").toBuilder()
                    .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build())) {
                List<SeriesPoint> across = job.series().timeseries("across", ParquetSeries.query("ndvi", greencover.service.series.DateRange.ALL)).points();
                assertThat(across).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    double ndvi = (StacFixture.nir(i) - 1000.0) / (StacFixture.nir(i) + 1000.0);
                    assertThat(across.get(i).statistics().mean()).as("point %d", i).isCloseTo(ndvi, within(1e-4));
                }
            }
        }
    }

    @Test
    void anIntervalOverSeveralYearsIsSearchedOneYearAtATimeAndAnItemFoundTwiceIsKeptOnce() throws Exception {
        assertThat(JobSearch.windows("2021-03-01T00:00:00Z/2023-06-30T23:59:59Z")).containsExactly(
                "2021-03-01T00:00:00Z/2022-01-01T00:00:00Z", "2022-01-01T00:00:00Z/2023-01-01T00:00:00Z",
                "2023-01-01T00:00:00Z/2023-06-30T23:59:59Z");
        assertThat(JobSearch.windows("2021-03-01T00:00:00Z/2022-01-01T00:00:00Z")).containsExactly("2021-03-01T00:00:00Z/2022-01-01T00:00:00Z");
        assertThat(JobSearch.windows("2021-03-01T00:00:00Z/..")).containsExactly("2021-03-01T00:00:00Z/..");
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 3); StacApiServer api = new StacApiServer()) {
            for (int i = 0; i < 3; i++) api.add(Files.readString(stac.dir.resolve("item-" + i + ".json")));
            // the fixture's catalog ignores datetime: each of the two yearly searches finds all three items
            BatchJob.Report r = BatchJob.run(spark, search(dir.resolve("job"), api.url(), stac.sitesFile(), true, 100, "2022-06-01/2023-06-30"));
            Catalogs.closeAll();
            assertThat(r.outcomes()).as(r.line()).hasSize(3);
            assertThat(r.count(ItemOutcome.Status.STORED)).isEqualTo(3);
            assertThat(api.requests()).hasSize(2);
            assertThat(api.requests().get(0)).contains("\"datetime\":\"2022-06-01T00:00:00Z/2023-01-01T00:00:00Z\"");
            assertThat(api.requests().get(1)).contains("\"datetime\":\"2023-01-01T00:00:00Z/2023-06-30T23:59:59Z\"");
        }
    }

    @Test
    void aCatalogOnAPrivateAddressIsRefusedByTheServersAddressRuleBeforeAnyRequest() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 1); StacApiServer api = new StacApiServer()) {
            api.add(Files.readString(stac.dir.resolve("item-0.json")));
            JobSettings s = search(dir.resolve("job"), api.url(), stac.sitesFile(), false, 100);
            assertThatThrownBy(() -> BatchJob.run(spark, s)).isInstanceOf(JobFailedException.class)
                    .hasMessageStartingWith("the STAC search at " + api.url() + "/search failed (")
                    .hasMessageContaining("127.0.0.1");
            Catalogs.closeAll();
            assertThat(api.requests()).isEmpty();
        }
    }
}
