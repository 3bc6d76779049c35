package greencover.core.series;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompositesTest {

    /**
     * Unsorted observations:
     * 2021-08-01 .6 | 2020-03-01 .3 | 2020-07-15 .7 | 2021-06-01 NaN | 2020-09-01 .5 | 2023-05-01 .4 | 2021-09-01 .2
     * max:    2020 → .7 on 07-15 (3 obs), 2021 → .6 on 08-01 (2 obs), 2023 → .4 on 05-01 (1 obs); no 2022.
     * median: 2020 → median(.3 .5 .7) = .5, 2021 → (.2 + .6)/2 = .4, 2023 → .4; all dated July 1.
     */
    private static final LocalDate[] DATES = {
        LocalDate.of(2021, 8, 1), LocalDate.of(2020, 3, 1), LocalDate.of(2020, 7, 15), LocalDate.of(2021, 6, 1),
        LocalDate.of(2020, 9, 1), LocalDate.of(2023, 5, 1), LocalDate.of(2021, 9, 1)};
    private static final double[] VALUES = {0.6, 0.3, 0.7, Double.NaN, 0.5, 0.4, 0.2};

    @Test
    void annualMaxTakesTheDateOfTheMaximum() {
        assertThat(Composites.annualMax(DATES, VALUES)).containsExactly(
                new CompositeValue(2020, LocalDate.of(2020, 7, 15), 0.7, 3),
                new CompositeValue(2021, LocalDate.of(2021, 8, 1), 0.6, 2),
                new CompositeValue(2023, LocalDate.of(2023, 5, 1), 0.4, 1));
    }

    @Test
    void annualMedianIsDatedJulyFirst() {
        List<CompositeValue> m = Composites.annualMedian(DATES, VALUES);
        assertThat(m).extracting(CompositeValue::year).containsExactly(2020, 2021, 2023);
        assertThat(m).extracting(CompositeValue::date).containsExactly(
                LocalDate.of(2020, 7, 1), LocalDate.of(2021, 7, 1), LocalDate.of(2023, 7, 1));
        assertThat(m.get(0).value()).isEqualTo(0.5);
        assertThat(m.get(1).value()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.get(2).value()).isEqualTo(0.4);
    }

    /** Equal maxima .5 on 06-01 and 03-01: the earlier date wins. */
    @Test
    void annualMaxTieTakesEarliestDate() {
        List<CompositeValue> m = Composites.annualMax(
                new LocalDate[] {LocalDate.of(2020, 6, 1), LocalDate.of(2020, 3, 1)}, new double[] {0.5, 0.5});
        assertThat(m).containsExactly(new CompositeValue(2020, LocalDate.of(2020, 3, 1), 0.5, 2));
    }

    /** Maxima .5 on 06-01 and .5 + 5e-13 (float noise) on 08-01 are tied: the earlier date wins, with its value. */
    @Test
    void annualMaxTreatsFloatNoiseAsATie() {
        List<CompositeValue> m = Composites.annualMax(
                new LocalDate[] {LocalDate.of(2020, 8, 1), LocalDate.of(2020, 6, 1)}, new double[] {0.5 * (1 + 1e-12), 0.5});
        assertThat(m).containsExactly(new CompositeValue(2020, LocalDate.of(2020, 6, 1), 0.5, 2));
    }

    @Test
    void rejectsLengthMismatchNamingValues() {
        assertThatThrownBy(() -> Composites.annualMax(DATES, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values");
    }
}
