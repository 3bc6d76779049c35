package greencover.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.index.CoverClasses;
import greencover.core.zonal.Statistic;
import greencover.domain.Scene;
import greencover.service.series.AnalysedSeries;
import greencover.service.series.DateRange;
import greencover.service.series.Endmembers;
import greencover.service.series.SeriesPoint;
import greencover.service.source.SourcePolicy;
import greencover.service.source.StacScenes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --parquet} on Spark {@code local[2]} over the {@link StacFixture} items: the dataset read back with Spark has
 * one row per (site, date, index), as many as counted by hand, and every row holds the values of the server's own
 * analysed series ({@code Services.seriesAnalysis()}, behind {@code GET /api/v1/sites/{id}/timeseries}) of a catalog
 * that imported the same items, field for field, with the scenes' provenance; some are checked against the fixture's
 * construction. A re-run overwrites the dataset with the same rows; a directory holding other files is refused.
 */
class BatchJobParquetTest {
    private static JavaSparkContext spark;
    private static SparkSession session;
    private static final int ITEMS = 3;
    /** The indices of a scene of red, NIR and SCL only (EVI needs blue, NDMI SWIR1, GNDVI green). */
    private static final List<String> INDICES = List.of("ndvi", "savi", "msavi2");

    @TempDir Path dir;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("BatchJobParquetTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
        session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static JobSettings settings(Path data, List<String> items, Path sites, Path parquet) {
        return new JobSettings(null, null, null, data == null ? null : data.toString(), items, null, List.of(), null, null, null,
                sites.toString(), null, 1, 10, 0, null, true, 0, null, parquet.toString(), List.of(), JobSettings.DEFAULT_PAGE_SIZE);
    }

    private static Services open(Path data) {
        return Services.open(AppConfig.forTests(data, "t").toBuilder()
                .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses().withRetries(1, java.time.Duration.ofMillis(10))).build());
    }

    private static List<Row> read(Path parquet) {
        return session.read().parquet(parquet.toString()).orderBy("site", "index", "date").collectAsList();
    }

    private static Double num(double d) { return Double.isFinite(d) ? d : null; }

    @Test
    void theParquetRowsAreOnePerSiteDateAndIndexWithTheServersSeriesValues() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), ITEMS)) {
            Path parquet = dir.resolve("out.parquet");
            // no --data, no --catalog: a temporary catalog, and the Parquet the only output
            BatchJob.Report r = BatchJob.run(spark, settings(null, stac.itemUrls, stac.sitesFile(), parquet));
            assertThat(r.count(ItemOutcome.Status.STORED)).as(r.line()).isEqualTo(ITEMS);
            List<Row> rows = read(parquet);
            // both sites meet all three items, each scene has three indices: 2 x 3 x 3
            assertThat(rows).hasSize(2 * ITEMS * INDICES.size());
            assertThat(rows.stream().map(x -> x.getAs("site") + "|" + x.getAs("date") + "|" + x.getAs("index")).distinct()).hasSize(rows.size());
            assertThat(rows.stream().map(x -> (String) x.getAs("index")).distinct().sorted()).containsExactly("msavi2", "ndvi", "savi");

            // the server's analysed series of the same items, imported by its own StacScenes
            try (Services server = open(dir.resolve("server"))) {
                server.sites().add(greencover.geojson.GeoJsonCodec.sites(new com.fasterxml.jackson.databind.ObjectMapper().readTree(StacFixture.SITES)));
                for (String url : stac.itemUrls) server.stacScenes().ingest(new StacScenes.StacRequest(url, null, null, null));
                Map<String, Scene> scenes = new HashMap<>();
                for (Scene s : server.scenes().list(null, null, null)) scenes.put(s.id(), s);
                int compared = 0;
                for (String site : new String[] {"across", "west"}) {
                    for (String index : INDICES) {
                        AnalysedSeries a = server.seriesAnalysis().analyse(site, ParquetSeries.query(index, DateRange.ALL), true, Endmembers.SITE);
                        List<Row> mine = rows.stream().filter(x -> x.getAs("site").equals(site) && x.getAs("index").equals(index)).toList();
                        assertThat(mine).as(site + " " + index).hasSize(a.series().points().size());
                        for (int i = 0; i < mine.size(); i++) {
                            assertSame(mine.get(i), a, i, scenes);
                            compared++;
                        }
                    }
                }
                assertThat(compared).isEqualTo(rows.size());
            }

            // by hand: red DN 1000, NIR DN 3000 / 2000 / 1500 as reflectance / 10000; SCL cloud on the left half of item 1
            Row across0 = row(rows, "across", "ndvi", StacFixture.date(0));
            assertThat((Double) across0.getAs("mean")).isCloseTo(0.5, within(1e-4));
            assertThat((Double) across0.getAs("cloudFraction")).isCloseTo(0, within(1e-9));
            assertThat((String) across0.getAs("quality")).isEqualTo("ok");
            assertThat(across0.<String>getList(across0.fieldIndex("collections"))).containsExactly("sentinel-2-l2a");
            assertThat(across0.<String>getList(across0.fieldIndex("itemIds"))).containsExactly("S2B_50RMN_20230601_0_L2A");
            assertThat(across0.<String>getList(across0.fieldIndex("provenanceKinds"))).containsExactly("stac");
            Row across1 = row(rows, "across", "ndvi", StacFixture.date(1));
            assertThat((Double) across1.getAs("mean")).isCloseTo(1.0 / 3, within(1e-4));
            assertThat((Double) across1.getAs("cloudFraction")).isCloseTo(0.78, within(1e-6));
            assertThat((Double) across1.getAs("validFraction")).isCloseTo(0.22, within(1e-6));
            // SAVI = 1.5 (N - R) / (N + R + 0.5) = 1.5 x 0.2 / 0.9 on item 0
            assertThat((Double) row(rows, "across", "savi", StacFixture.date(0)).getAs("mean")).isCloseTo(1.0 / 3, within(1e-4));
            // west lies in the cloudy half of item 1: no valid pixel, so no mean (null, as the JSON's null), a low-valid point
            Row west1 = row(rows, "west", "ndvi", StacFixture.date(1));
            assertThat((Double) west1.getAs("cloudFraction")).isCloseTo(1, within(1e-9));
            assertThat((Object) west1.getAs("mean")).isNull();
            assertThat((String) west1.getAs("quality")).isEqualTo("low-valid");
        }
    }

    @Test
    void aReRunOverwritesTheDatasetWithTheSameRows() throws Exception {
        try (StacFixture stac = new StacFixture(dir.resolve("stac"), 2)) {
            Path data = dir.resolve("job"), parquet = dir.resolve("out");
            BatchJob.Report first = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), parquet));
            assertThat(first.count(ItemOutcome.Status.STORED)).as(first.line()).isEqualTo(2);
            List<String> a = read(parquet).stream().map(Row::toString).toList();
            assertThat(a).hasSize(2 * 2 * INDICES.size());
            BatchJob.Report second = BatchJob.run(spark, settings(data, stac.itemUrls, stac.sitesFile(), parquet));
            assertThat(second.count(ItemOutcome.Status.DUPLICATE)).as(second.line()).isEqualTo(2);
            assertThat(read(parquet).stream().map(Row::toString).toList()).isEqualTo(a);
            Catalogs.closeAll();
        }
    }

    @Test
    void aTargetHoldingOtherFilesIsRefusedBeforeAnyWork() throws Exception {
        Path parquet = Files.createDirectories(dir.resolve("home"));
        Files.writeString(parquet.resolve("notes.txt"), "mine");
        JobSettings s = settings(null, List.of("http://127.0.0.1:9/item.json"), Files.writeString(dir.resolve("s.geojson"), StacFixture.SITES), parquet);
        assertThatThrownBy(() -> BatchJob.run(spark, s)).isInstanceOf(JobFailedException.class)
                .hasMessageStartingWith("--parquet " + parquet + " holds notes.txt, which is not part of a Parquet dataset");
        assertThat(Files.readString(parquet.resolve("notes.txt"))).isEqualTo("mine");
    }

    private static Row row(List<Row> rows, String site, String index, String date) {
        return rows.stream().filter(x -> x.getAs("site").equals(site) && x.getAs("index").equals(index)
                && x.getAs("date").toString().equals(date)).findFirst().orElseThrow();
    }

    /** Row {@code r} is point {@code i} of {@code a}, field for field (a NaN is null). */
    private static void assertSame(Row r, AnalysedSeries a, int i, Map<String, Scene> scenes) {
        SeriesPoint p = a.series().points().get(i);
        String at = a.series().siteId() + " " + a.series().index() + " " + p.date();
        assertThat(r.getAs("date").toString()).as(at).isEqualTo(p.date().toString());
        assertThat(r.<String>getList(r.fieldIndex("sceneIds"))).as(at).isEqualTo(p.sceneIds());
        assertThat((String) r.getAs("sensor")).as(at).isEqualTo(p.sensor());
        for (Statistic s : Statistic.all()) assertThat((Double) r.getAs(s.key())).as(at + " " + s.key()).isEqualTo(num(s.of(p.statistics())));
        for (String c : CoverClasses.NAMES) {
            assertThat((Double) r.getAs(Statistic.classAreaColumn(c))).as(at + " " + c).isEqualTo(num(p.statistics().classAreasM2().getOrDefault(c, Double.NaN)));
        }
        assertThat((String) r.getAs("quality")).as(at).isEqualTo(p.quality().key());
        assertThat((String) r.getAs("harmonization")).as(at).isEqualTo(p.harmonization());
        assertThat(r.<String>getList(r.fieldIndex("notes"))).as(at).isEqualTo(p.notes());
        assertThat(r.<String>getList(r.fieldIndex("qualityReasons"))).as(at).isEqualTo(p.qualityReasons());
        assertThat((Boolean) r.getAs("damagedScene")).as(at).isFalse();
        var e = a.uncertainty().get(i);
        double[] u = e == null ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : new double[] {e.standardError(), e.lower95(), e.upper95(), e.moranI(), e.effectiveN()};
        for (int k = 0; k < u.length; k++) assertThat((Double) r.getAs(ParquetSeries.UNCERTAINTY.get(k))).as(at + " uncertainty").isEqualTo(num(u[k]));
        for (String c : ParquetSeries.REFERENCE) assertThat((Object) r.getAs(c)).as(at + " " + c).isNull(); // the fixture's sites have no reference
        List<String> collections = new ArrayList<>(), items = new ArrayList<>();
        for (String id : p.sceneIds()) {
            collections.add(scenes.get(id).source().get("collection"));
            items.add(scenes.get(id).source().get("itemId"));
        }
        assertThat(r.<String>getList(r.fieldIndex("collections"))).as(at).isEqualTo(collections);
        assertThat(r.<String>getList(r.fieldIndex("itemIds"))).as(at).isEqualTo(items);
    }
}
