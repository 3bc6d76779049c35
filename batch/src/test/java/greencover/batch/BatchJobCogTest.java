package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.raster.BandRole;
import greencover.domain.Scene;
import greencover.service.BandInput;
import greencover.service.IngestRequest;
import greencover.service.series.DateRange;
import greencover.service.series.SeriesPoint;
import greencover.service.source.SourcePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cogs} on Spark {@code local[2]}: two scenes given as bare COG band files of the {@link StacFixture} (by
 * loopback HTTP URL, {@code file:} URL and local path), named as the {@code ingest} command names them, are read in
 * place through the server's windowed remote read; their series are the server's for an upload of the same files
 * ({@code ingest --red --nir --mask}, the same sensor fields), and the hand-computed ones. A re-run stores nothing; bad
 * lines are refused as arguments.
 */
class BatchJobCogTest {
    private static JavaSparkContext spark;

    @TempDir Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobCogTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static Services open(Path data) {
        return Services.open(AppConfig.forTests(data, "t").toBuilder().sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build());
    }

    private static List<SeriesPoint> points(Services s, String site) {
        return s.series().timeseries(site, ParquetSeries.query("ndvi", DateRange.ALL)).points();
    }

    @Test
    void bareCogScenesAreReadInPlaceWithTheServersNumbersForTheSameFiles() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 0)) {
            Path files = stac.dir;
            String[] lines = {
                // item 0 of the fixture: NIR 3000, clear; the mask by local path
                "sensor=sentinel2-l2a acquired=2023-06-01T03:12:00Z offset-applied=true red=" + stac.files.url("red.tif")
                        + " nir=" + stac.files.url("nir-3000.tif") + " mask=" + files.resolve("scl-clear.tif"),
                // item 1: NIR 2000, the left half cloudy; the red band by file: URL, the field in its form spelling
                "  sensor=sentinel2-l2a\tacquired=2023-06-02T03:12:00Z offsetApplied=true red=" + files.resolve("red.tif").toUri()
                        + " nir=" + stac.files.url("nir-2000.tif") + " mask=" + stac.files.url("scl-cloudy.tif") + " ",
            };
            Path data = dir.resolve("job");
            JobSettings s = JobSettings.parse(new String[] {"--master", "local[2]", "--data", data.toString(), "--sites", stac.sitesFile().toString(),
                    "--cogs", lines[0], "--cogs", lines[1], "--allow-private-addresses", "--retries", "0"}, Map.of());
            BatchJob.Report r = BatchJob.run(spark, s);
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(2);
            assertThat(r.itemSitePairs()).isEqualTo(4);
            BatchJob.Report again = BatchJob.run(spark, s);
            assertThat(again.count(ItemOutcome.Status.DUPLICATE)).as(again.line()).isEqualTo(2);
            Catalogs.closeAll();

            try (Services server = open(dir.resolve("server")); Services job = open(data)) {
                server.sites().add(greencover.geojson.GeoJsonCodec.sites(new com.fasterxml.jackson.databind.ObjectMapper().readTree(StacFixture.SITES)));
                String[][] scenes = {{"2023-06-01T03:12:00Z", "nir-3000.tif", "scl-clear.tif"}, {"2023-06-02T03:12:00Z", "nir-2000.tif", "scl-cloudy.tif"}};
                for (String[] sc : scenes) {
                    IngestRequest upload = new IngestRequest(List.of(new BandInput(BandRole.RED, files.resolve("red.tif"), 0, "red"),
                            new BandInput(BandRole.NIR, files.resolve(sc[1]), 0, "nir"), new BandInput(BandRole.MASK, files.resolve(sc[2]), 0, "mask")),
                            "sentinel2-l2a", sc[0], null, Map.of("offsetApplied", "true"));
                    assertThat(server.scenes().ingest(upload, null).duplicate()).isFalse();
                }
                for (String site : new String[] {"west", "across"}) {
                    List<SeriesPoint> a = points(server, site), b = points(job, site);
                    assertThat(b).as(site).hasSize(2);
                    for (int i = 0; i < 2; i++) {
                        assertThat(b.get(i).date()).isEqualTo(a.get(i).date());
                        assertThat(b.get(i).sensor()).isEqualTo(a.get(i).sensor());
                        assertThat(b.get(i).quality()).isEqualTo(a.get(i).quality());
                        assertThat(b.get(i).statistics().toString()).as(site + " " + i).isEqualTo(a.get(i).statistics().toString());
                    }
                }
                List<SeriesPoint> across = points(job, "across");
                assertThat(across.get(0).statistics().mean()).isCloseTo(0.5, within(1e-4));
                assertThat(across.get(0).statistics().cloudFraction()).isCloseTo(0, within(1e-9));
                assertThat(across.get(1).statistics().mean()).isCloseTo(1.0 / 3, within(1e-4));
                assertThat(across.get(1).statistics().cloudFraction()).isCloseTo(0.78, within(1e-6));
                assertThat(points(job, "west").get(1).statistics().cloudFraction()).isCloseTo(1, within(1e-9));

                // read in place: no source copied, the hrefs recorded (what a site added later is read again from)
                Scene first = job.scenes().list(null, null, null).stream().filter(x -> x.date().toString().equals("2023-06-01")).findFirst().orElseThrow();
                assertThat(first.source()).containsEntry("kind", "cog").containsEntry("href.red", stac.files.url("red.tif"))
                        .containsEntry("href.mask", files.resolve("scl-clear.tif").toUri().toString()).containsKey("window");
                assertThat(data.resolve("scenes").resolve(first.id()).resolve("source")).doesNotExist();
            }
        }
    }

    @Test
    void badSceneLinesAreRefusedAsArgumentsNamingTheWord() {
        String ok = "sensor=sentinel2-l2a acquired=2023-06-01 red=http://h/r.tif nir=http://h/n.tif";
        assertThat(JobSettings.parse(new String[] {"--data", "d", "--cogs", ok}, Map.of()).cogScenes()).containsExactly(ok);
        assertThatThrownBy(() -> JobSettings.parse(new String[] {"--data", "d", "--cogs", ok + " colour=red"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--cogs scene 1: unknown key 'colour'");
        assertThatThrownBy(() -> JobSettings.parse(new String[] {"--data", "d", "--cogs", "sensor=sentinel2-l2a acquired=2023-06-01 red=http://h/r.tif"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--cogs scene 1: band nir= is required");
        assertThatThrownBy(() -> JobSettings.parse(new String[] {"--data", "d", "--cogs", ok, "--cogs", ok.replace("http://h/n.tif", "/data/n.tif")}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--cogs scene 2 reads local files, which needs --allow-private-addresses");
        assertThatThrownBy(() -> JobSettings.parse(new String[] {"--data", "d", "--cogs", ok.replace("http://h/n.tif", "s3://b/n.tif")}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nir 's3://b/n.tif' is neither a local path nor an http, https or file URL");
    }
}
