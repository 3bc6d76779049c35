package greencover.service.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.RasterGrid;
import greencover.core.zonal.PixelRule;
import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalSummary;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.error.NoSuchResourceException;
import greencover.store.Store;
import greencover.store.memory.MemoryStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The series service over the in-memory store holding hand-built summaries of a 100 m² site:
 * <ul>
 *   <li>2021-05-01, two scenes: scene a saw 50 m² valid at NDVI 0.8, scene b (stored later) 50 m² valid at 0.2;
 *       merged, the date is all valid with mean 0.5 and, at threshold 0.5, green fraction 0.5;</li>
 *   <li>2021-08-01, scene c: 25 m² valid at 0.6 and 75 m² cloud, valid fraction 0.25: low-valid at minValid 0.6.</li>
 * </ul>
 */
class SeriesServiceTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final Geometry BOX = GF.createPolygon(new Coordinate[] {new Coordinate(117, 25), new Coordinate(117.01, 25),
        new Coordinate(117.01, 25.01), new Coordinate(117, 25.01), new Coordinate(117, 25)});

    @TempDir Path dir;
    Store store;
    SeriesService series;

    @BeforeEach
    void open() {
        store = MemoryStore.open(dir);
        series = new SeriesService(store.sites(), store.scenes(), store.summaries(), store.files());
        Site site = new Site("pit", "Pit", BOX, "{}", 100, 0.3, 0.2, 0.86, Map.of(), Instant.parse("2020-01-01T00:00:00Z"));
        store.transactions().inTransaction(() -> {
            store.sites().insert(site);
            for (Scene s : List.of(scene("a", "2021-05-01", 1), scene("b", "2021-05-01", 2), scene("c", "2021-08-01", 3))) {
                store.scenes().insert(s);
            }
            store.summaries().put(new SummaryRow("pit", "a", "ndvi", summary(2, 0.8f, 0).toBytes()));
            store.summaries().put(new SummaryRow("pit", "b", "ndvi", summary(2, 0.2f, 0).toBytes()));
            store.summaries().put(new SummaryRow("pit", "c", "ndvi", summary(1, 0.6f, 3).toBytes()));
            return null;
        });
    }

    @AfterEach
    void close() { store.close(); }

    private static Scene scene(String id, String date, int createdSecond) {
        LocalDate d = LocalDate.parse(date);
        return new Scene(id, "scene-" + id, "sentinel2-l2a", d.atStartOfDay().toInstant(ZoneOffset.UTC), d, 32650,
                new RasterGrid(4, 4, 500000, 2800000, 10, 10), BOX, "hash-" + id, Map.of(), List.of("red", "nir"),
                List.of("ndvi"), 1, 0, Instant.ofEpochSecond(1_600_000_000L + createdSecond));
    }

    /** A summary of the 100 m² site: {@code valid} 25 m² pixels at {@code value}, {@code clouds} 25 m² cloud pixels. */
    private static ZonalSummary summary(int valid, float value, int clouds) {
        int n = valid + clouds;
        float[] coverage = new float[n];
        Arrays.fill(coverage, 1f);
        byte[] classes = new byte[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            classes[i] = i < valid ? (byte) 0 : greencover.core.raster.PixelClass.CLOUD_CODE;
            values[i] = i < valid ? value : Float.NaN;
        }
        ZonalSummary z = new ZonalSummary(100);
        z.addBlock(coverage, 0, n, classes, values, 0, n, n, 1, 25);
        return z;
    }

    private static SeriesQuery query(DateRange dates, Double threshold, Composite composite, Statistic trend) {
        return new SeriesQuery("ndvi", dates, threshold, 0.6, PixelRule.EXACT, composite, trend);
    }

    @Test
    void scenesOfOneDateMergeIntoOnePointAndLowValidPointsAreFlagged() {
        TimeSeries ts = series.timeseries("pit", query(DateRange.ALL, 0.5, Composite.NONE, Statistic.GREEN_FRACTION));
        assertThat(ts.siteId()).isEqualTo("pit");
        assertThat(ts.threshold()).isEqualTo(0.5);
        assertThat(ts.points()).extracting(SeriesPoint::date).containsExactly(LocalDate.of(2021, 5, 1), LocalDate.of(2021, 8, 1));
        SeriesPoint may = ts.points().get(0);
        assertThat(may.sceneIds()).containsExactlyInAnyOrder("a", "b");
        assertThat(may.sensor()).isEqualTo("sentinel2-l2a");
        assertThat(may.statistics().siteAreaM2()).isCloseTo(100, within(1e-9));
        assertThat(may.statistics().validFraction()).isCloseTo(1, within(1e-9));
        assertThat(may.statistics().mean()).isCloseTo(0.5, within(1e-6));
        assertThat(may.statistics().greenFraction()).isCloseTo(0.5, within(1e-9));
        assertThat(may.quality()).isEqualTo(SeriesPoint.Quality.OK);
        SeriesPoint aug = ts.points().get(1);
        assertThat(aug.statistics().validFraction()).isCloseTo(0.25, within(1e-9));
        assertThat(aug.statistics().cloudFraction()).isCloseTo(0.75, within(1e-9));
        assertThat(aug.quality()).isEqualTo(SeriesPoint.Quality.LOW_VALID);
        // the trend sees the one ok point only
        assertThat(ts.trend().metric()).isEqualTo("greenFraction");
        assertThat(ts.trend().n()).isEqualTo(1);
    }

    @Test
    void theSiteThresholdIsTheDefaultAndTheDateRangeFilters() {
        TimeSeries ts = series.timeseries("pit", query(new DateRange(LocalDate.of(2021, 6, 1), null), null, Composite.NONE, Statistic.MEAN));
        assertThat(ts.threshold()).isEqualTo(0.3);
        assertThat(ts.points()).hasSize(1);
        assertThat(ts.points().get(0).statistics().greenFraction()).isCloseTo(1, within(1e-9)); // 0.6 >= 0.3
    }

    @Test
    void annualCompositesSkipTheLowValidPoint() {
        TimeSeries ts = series.timeseries("pit", query(DateRange.ALL, null, Composite.ANNUAL_MEDIAN, Statistic.MEAN));
        assertThat(ts.points()).hasSize(1);
        assertThat(ts.points().get(0).date()).isEqualTo(LocalDate.of(2021, 7, 1));
        assertThat(ts.points().get(0).statistics().mean()).isCloseTo(0.5, within(1e-6));
        assertThat(ts.composite()).isEqualTo(Composite.ANNUAL_MEDIAN);
    }

    @Test
    void theListingViewIsTheLatestOkPointAndTheObservationCount() {
        SiteSummaryView v = series.summaryOf(store.sites().byId("pit").orElseThrow());
        assertThat(v.observations()).isEqualTo(2);
        assertThat(v.latest().date()).isEqualTo(LocalDate.of(2021, 5, 1));
    }

    @Test
    void anUnknownSiteIsNoSuchResource() {
        assertThatThrownBy(() -> series.timeseries("nope", SeriesQuery.defaults())).isInstanceOf(NoSuchResourceException.class);
    }
}
