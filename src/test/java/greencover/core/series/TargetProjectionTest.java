package greencover.core.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time to target on hand-made series. Dates 4 years (1461 days, one leap day each) apart from 2004-01-01 are whole
 * years of 365.25 days, so y = 0.1 + 0.025 t is exactly linear in the trend's time: every pairwise slope is 0.025 per
 * year, Sen's interval is [0.025, 0.025], and the line reaches 0.9 at t = 32 years = 11 688 days = 2036-01-01.
 * Five increasing values: S = 10, Var = 5·4·15/18, Z = 9/√16.667 = 2.2045, p = 0.0275 &lt; 0.05.
 */
class TargetProjectionTest {

    private static List<LocalDate> dates(int n) {
        List<LocalDate> d = new ArrayList<>();
        for (int i = 0; i < n; i++) d.add(LocalDate.of(2004 + 4 * i, 1, 1));
        return d;
    }

    @Test
    void linearSeriesCrossesOnTheKnownDate() {
        List<LocalDate> d = dates(5);
        double[] y = {0.1, 0.2, 0.3, 0.4, 0.5};
        Trend t = Trend.of("mean", d, y);
        assertThat(t.mannKendallP()).isLessThan(0.05);
        TargetProjection p = TargetProjection.of("mean", 0.9, d, y, t);
        assertThat(p.status()).isEqualTo(TargetProjection.PROJECTED);
        assertThat(p.projectedDate()).isEqualTo(LocalDate.of(2036, 1, 1));
        assertThat(p.projectedDateLow()).isEqualTo(LocalDate.of(2036, 1, 1));
        assertThat(p.projectedDateHigh()).isEqualTo(LocalDate.of(2036, 1, 1));
        assertThat(p.reason()).isNull();
    }

    /**
     * y = 0.1, 0.3, 0.2, 0.5, 0.4 on the same dates: slopes per year of the ten pairs (Δy / 4k years) sorted
     * −0.025, −0.025, 0.00625, 0.0125, 0.0125, 0.01875, 0.025, 0.025, 0.05, 0.075; S = 6, Var = 16.667, C = 1.96·4.082 =
     * 8.0, ranks 1 and 10: interval [−0.025, 0.075]. p = 0.22: not projected, the reason says so.
     */
    @Test
    void notSignificantIsNotProjected() {
        List<LocalDate> d = dates(5);
        double[] y = {0.1, 0.3, 0.2, 0.5, 0.4};
        TargetProjection p = TargetProjection.of("mean", 0.9, d, y, Trend.of("mean", d, y));
        assertThat(p.status()).isEqualTo(TargetProjection.NOT_PROJECTED);
        assertThat(p.projectedDate()).isNull();
        assertThat(p.reason()).contains("not significant").contains("0.221");
    }

    /**
     * y = 0.1, 0.3, 0.2, 0.5, 0.4, 0.7, 0.6 every 4 years: S = 21 − 2·3 = 15, Var = 7·6·19/18 = 44.333, Z = 14/6.658 =
     * 2.1026, p = 0.0355. The 21 pairwise slopes per year, sorted, have the median 0.025 (intercept 0.1: the line
     * reaches 0.9 after 32 years, 2036-01-01); C = 1.96·6.658 = 13.05, ranks M1 = rint(3.97) = 4 and M2 + 1 =
     * rint(17.03) + 1 = 18: slopes 1/120 and 1/24 per year. The pivot is the median time, 12 years, where the line is at
     * 0.4: the upper slope reaches 0.9 after 12 + 0.5·24 = 24 years (2028-01-01), the lower after 12 + 0.5·120 = 72
     * years (2076-01-01).
     */
    @Test
    void intervalLinesTurnAboutTheMedianTime() {
        List<LocalDate> d = dates(7);
        double[] y = {0.1, 0.3, 0.2, 0.5, 0.4, 0.7, 0.6};
        Trend t = Trend.of("mean", d, y);
        assertThat(t.slopeLowerPerYear()).isCloseTo(1.0 / 120, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.slopeUpperPerYear()).isCloseTo(1.0 / 24, org.assertj.core.api.Assertions.within(1e-12));
        TargetProjection p = TargetProjection.of("mean", 0.9, d, y, t);
        assertThat(p.status()).isEqualTo(TargetProjection.PROJECTED);
        assertThat(p.projectedDate()).isEqualTo(LocalDate.of(2036, 1, 1));
        assertThat(p.projectedDateLow()).isEqualTo(LocalDate.of(2028, 1, 1));
        assertThat(p.projectedDateHigh()).isEqualTo(LocalDate.of(2076, 1, 1));
    }

    /** Green fractions 0, 0, 1, 0.95, 1 against 0.9: reached, on the first date of the final run at or above it. */
    @Test
    void reachedOnTheFirstDateOfTheFinalRun() {
        List<LocalDate> d = dates(5);
        double[] y = {0, 0.95, 0.5, 0.9 * (1 - 1e-12), 1};
        TargetProjection p = TargetProjection.of("greenFraction", 0.9, d, y, Trend.of("greenFraction", d, y));
        assertThat(p.status()).isEqualTo(TargetProjection.REACHED);
        // 0.9·(1 − 1e-12) is 0.9 within the tie tolerance, so the run starts on 2016-01-01
        assertThat(p.reachedOn()).isEqualTo(LocalDate.of(2016, 1, 1));
    }

    @Test
    void fallingOrShortSeriesAreNotProjected() {
        List<LocalDate> d = dates(5);
        double[] down = {0.5, 0.4, 0.3, 0.2, 0.1};
        assertThat(TargetProjection.of("mean", 0.9, d, down, Trend.of("mean", d, down)).reason()).contains("does not rise");
        List<LocalDate> two = dates(2);
        double[] y = {0.1, 0.2};
        assertThat(TargetProjection.of("mean", 0.9, two, y, Trend.of("mean", two, y)).reason()).contains("fewer than 3");
        assertThat(TargetProjection.of("mean", 0.9, List.of(), new double[0], Trend.none("mean", TrendTestKind.MK)).reason())
                .isEqualTo("no ok observation");
    }
}
