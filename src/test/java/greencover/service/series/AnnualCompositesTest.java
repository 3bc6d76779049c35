package greencover.service.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Annual composites on a hand-built series. 2021 has four ok points with mean 0.2 (Mar 1), 0.6 (May 1), 0.5 (Aug 1)
 * and 0.8 (Oct 1), and a low-valid point with mean 0.9 (Dec 1) that must not count; 2022 has 0.7 (Apr 1), 0.3
 * (Jun 1) and 0.7 (Sep 1).
 */
class AnnualCompositesTest {

    private static SeriesPoint point(String date, double mean, double validFraction, double median, boolean ok, double bare) {
        ZonalStatistics st = ZonalStatistics.builder().set(Statistic.MEAN, mean).set(Statistic.VALID_FRACTION, validFraction)
                .set(Statistic.MEDIAN, median).set(Statistic.THRESHOLD, 0.3)
                .classAreasM2(Map.of("bare", bare)).build();
        return new SeriesPoint(LocalDate.parse(date), List.of("s-" + date), date.startsWith("2022-06") ? "landsat-c2l2" : "sentinel2-l2a",
                st, ok ? SeriesPoint.Quality.OK : SeriesPoint.Quality.LOW_VALID);
    }

    private static List<SeriesPoint> series() {
        List<SeriesPoint> p = new ArrayList<>();
        p.add(point("2021-03-01", 0.2, 0.9, Double.NaN, true, 10));
        p.add(point("2021-05-01", 0.6, 0.7, 0.55, true, 20));
        p.add(point("2021-08-01", 0.5, 1.0, Double.NaN, true, 40));
        p.add(point("2021-10-01", 0.8, 0.8, 0.75, true, 30));
        p.add(point("2021-12-01", 0.9, 0.1, 0.9, false, 99));
        p.add(point("2022-04-01", 0.7, 0.9, 0.7, true, 5));
        p.add(point("2022-06-01", 0.3, 0.9, 0.3, true, 5));
        p.add(point("2022-09-01", 0.7, 0.9, 0.7, true, 5));
        return p;
    }

    @Test
    void annualMedianIsTheMeanOfTheTwoMiddleValuesOfEachStatisticDatedJulyFirst() {
        List<SeriesPoint> c = AnnualComposites.of(series(), Composite.ANNUAL_MEDIAN, Statistic.MEAN);
        assertThat(c).hasSize(2);
        SeriesPoint y2021 = c.get(0);
        assertThat(y2021.date()).isEqualTo(LocalDate.of(2021, 7, 1));
        // sorted means 0.2, 0.5, 0.6, 0.8 -> (0.5 + 0.6) / 2; the lower-middle observation would be 0.5 on Aug 1
        assertThat(y2021.statistics().mean()).isCloseTo(0.55, within(1e-12));
        // every statistic on its own: valid fractions 0.7, 0.8, 0.9, 1.0 -> 0.85; medians (two NaN skipped) 0.55, 0.75 -> 0.65
        assertThat(y2021.statistics().validFraction()).isCloseTo(0.85, within(1e-12));
        assertThat(y2021.statistics().median()).isCloseTo(0.65, within(1e-12));
        assertThat(y2021.statistics().std()).isNaN();
        assertThat(y2021.statistics().threshold()).isEqualTo(0.3);
        assertThat(y2021.statistics().classAreasM2()).containsEntry("bare", 25.0).containsEntry("dense", Double.NaN);
        assertThat(y2021.sceneIds()).containsExactly("s-2021-03-01", "s-2021-05-01", "s-2021-08-01", "s-2021-10-01");
        assertThat(y2021.sensor()).isEqualTo("sentinel2-l2a");
        assertThat(y2021.quality()).isEqualTo(SeriesPoint.Quality.OK);
        SeriesPoint y2022 = c.get(1);
        assertThat(y2022.date()).isEqualTo(LocalDate.of(2022, 7, 1));
        assertThat(y2022.statistics().mean()).isCloseTo(0.7, within(1e-12)); // odd count: the middle value
        assertThat(y2022.sensor()).isEqualTo("sentinel2-l2a+landsat-c2l2");
    }

    @Test
    void annualMaxIsTheLargestOkObservationOnItsOwnDateAndTheEarliestOnATie() {
        List<SeriesPoint> c = AnnualComposites.of(series(), Composite.ANNUAL_MAX, Statistic.MEAN);
        assertThat(c).extracting(SeriesPoint::date).containsExactly(LocalDate.of(2021, 10, 1), LocalDate.of(2022, 4, 1));
        assertThat(c.get(0).statistics().mean()).isEqualTo(0.8); // not the low-valid 0.9
        assertThat(c.get(0).statistics().validFraction()).isEqualTo(0.8); // the observation as it was
        assertThat(c.get(1).sceneIds()).containsExactly("s-2022-04-01"); // 0.7 on Apr 1 and Sep 1: the earliest wins
    }

    @Test
    void theCompositedMetricChoosesTheObservationsAndNoneKeepsEveryPoint() {
        // on the median statistic, 2021's eligible points are only the two with a finite median
        List<SeriesPoint> c = AnnualComposites.of(series(), Composite.ANNUAL_MEDIAN, Statistic.MEDIAN);
        assertThat(c.get(0).sceneIds()).containsExactly("s-2021-05-01", "s-2021-10-01");
        assertThat(c.get(0).statistics().mean()).isCloseTo(0.7, within(1e-12)); // (0.6 + 0.8) / 2
        assertThat(AnnualComposites.of(series(), Composite.NONE, Statistic.MEAN)).hasSize(8);
    }
}
