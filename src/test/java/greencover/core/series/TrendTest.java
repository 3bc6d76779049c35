package greencover.core.series;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrendTest {

    /**
     * Values .2 .3 .4 .5 on Jan 1 of 2019..2022. Days since 2019-01-01: 0, 365, 731 (2020 is leap), 1096;
     * years (÷365.25): 0, .999316, 2.001369, 3.000684. Pairwise slopes (Δy·365.25/Δdays):
     * .1·365.25/365 = .100068 (twice), .2·365.25/731 = .099932 (twice), .3·365.25/1096 = .099977,
     * .1·365.25/366 = .099795; median = (.099932 + .099977)/2 = .0999544.
     * Intercepts y − s·t: .2, .200114, .199954, .200068 → median (.2 + .200068)/2 = .200034.
     * Mann–Kendall n = 4: S = 6, Var = 4·3·13/18 = 8.666667, Z = 5/2.943920 = 1.698416, p = .089429.
     */
    @Test
    void yearlyObservationsGiveSlopePerYear() {
        List<LocalDate> dates = List.of(LocalDate.of(2019, 1, 1), LocalDate.of(2020, 1, 1),
                LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1));
        Trend t = Trend.of("ndvi_mean", dates, new double[] {0.2, 0.3, 0.4, 0.5});
        assertThat(t.metric()).isEqualTo("ndvi_mean");
        assertThat(t.slopePerYear()).isCloseTo(0.0999544, within(1e-6));
        assertThat(t.interceptValue()).isCloseTo(0.200034, within(1e-6));
        assertThat(t.mannKendallZ()).isCloseTo(1.698416, within(1e-6));
        assertThat(t.mannKendallP()).isCloseTo(0.089429, within(1e-6));
        assertThat(t.n()).isEqualTo(4);
        assertThat(t.method()).isEqualTo("theil-sen");
    }

    /**
     * A NaN value is skipped but its date stays the origin: dates 2018-01-01 (NaN), 2018-07-02 (182 days,
     * .498289 yr), 2019-07-02 (547 days, 1.497604 yr), values 1 and 3 → slope 2/ (365/365.25) = 2.001370.
     */
    @Test
    void nanValuesAreSkipped() {
        Trend t = Trend.of("green_cover_pct", List.of(LocalDate.of(2018, 1, 1), LocalDate.of(2018, 7, 2),
                LocalDate.of(2019, 7, 2)), new double[] {Double.NaN, 1, 3});
        assertThat(t.n()).isEqualTo(2);
        assertThat(t.slopePerYear()).isCloseTo(2.001370, within(1e-6));
        assertThat(t.mannKendallP()).isNaN();
    }

    @Test
    void rejectsUnorderedDatesAndLengthMismatch() {
        assertThatThrownBy(() -> Trend.of("m", List.of(LocalDate.of(2020, 1, 1), LocalDate.of(2019, 1, 1)),
                new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dates");
        assertThatThrownBy(() -> Trend.of("m", List.of(LocalDate.of(2020, 1, 1)), new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values");
    }
}
