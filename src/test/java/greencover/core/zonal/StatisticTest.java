package greencover.core.zonal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatisticTest {

    @Test
    void theBuilderPutsEachStatisticWhereItsExtractorReadsIt() {
        // a distinct value per statistic: any swapped constructor position would read another statistic's value
        ZonalStatistics.Builder b = ZonalStatistics.builder();
        for (Statistic s : Statistic.all()) b.set(s, 100 + s.ordinal());
        ZonalStatistics built = b.classAreasM2(Map.of("bare", 1.0)).build();
        for (Statistic s : Statistic.all()) assertThat(s.of(built)).as(s.key()).isEqualTo(100 + s.ordinal());
        assertThat(built.classAreasM2()).containsExactly(Map.entry("bare", 1.0));
    }

    @Test
    void unsetStatisticsAreNaN() {
        ZonalStatistics s = ZonalStatistics.builder().set(Statistic.MEAN, 0.5).build();
        assertThat(s.mean()).isEqualTo(0.5);
        assertThat(s.median()).isNaN();
        assertThat(s.classAreasM2()).isEmpty();
    }

    @Test
    void keysArePublishedInTheDocumentedOrderAndTheTrendableOnesAreTheFiveOfTheApi() {
        assertThat(Statistic.all()).extracting(Statistic::key).containsExactly("mean", "std", "min", "max", "median",
                "p10", "p90", "fvc", "siteAreaM2", "validAreaM2", "validFraction", "clearFraction", "cloudFraction", "shadowFraction", "snowFraction",
                "waterFraction", "nodataFraction", "greenAreaM2", "greenFraction", "threshold");
        Set<String> keys = new HashSet<>();
        for (Statistic s : Statistic.all()) assertThat(keys.add(s.key())).as(s.key()).isTrue();
        assertThat(Statistic.trendable()).extracting(Statistic::key)
                .containsExactly("mean", "median", "fvc", "greenAreaM2", "greenFraction");
        assertThat(Statistic.trendableKeys()).isEqualTo("mean, median, fvc, greenAreaM2 or greenFraction");
        assertThat(Statistic.find("greenFraction")).contains(Statistic.GREEN_FRACTION);
        assertThat(Statistic.find("GreenFraction")).isEmpty();
        assertThat(Statistic.classAreaColumn("bare")).isEqualTo("bareAreaM2");
        assertThat(List.of(Statistic.SITE_AREA_M2.unit().symbol(), Statistic.FVC.unit().symbol(), Statistic.MEAN.unit().symbol()))
                .containsExactly("m2", "1", "index");
    }
}
