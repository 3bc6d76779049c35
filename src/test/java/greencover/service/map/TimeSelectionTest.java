package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.service.map.MapRequestException.Reason;
import greencover.service.map.TimeSelection.Change;
import greencover.service.map.TimeSelection.Mode;
import greencover.service.map.TimeSelection.Period;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TimeSelectionTest {
    private static TimeSelection period(String text) { return TimeSelection.parse(text, Mode.PERIOD, "TIME"); }

    private static TimeSelection change(String text) { return TimeSelection.parse(text, Mode.CHANGE, "TIME"); }

    @Test
    void reducedAccuracyValuesCoverTheirYearOrMonth() {
        assertThat(period("2024")).isEqualTo(new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        assertThat(period("2024-02")).isEqualTo(new Period(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
    }

    @Test
    void dateAndDateTimeSelectOneDay() {
        assertThat(period("2024-06-15")).isEqualTo(Period.of(LocalDate.of(2024, 6, 15)));
        assertThat(period("2024-06-15T10:20:00Z")).isEqualTo(Period.of(LocalDate.of(2024, 6, 15)));
        assertThat(period("2024-06-15T10:20:00")).isEqualTo(Period.of(LocalDate.of(2024, 6, 15)));
    }

    @Test
    void rangeRunsFromTheStartOfItsFirstPartToTheEndOfItsSecond() {
        assertThat(period("2023/2024-06")).isEqualTo(new Period(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30)));
        assertThat(((Period) period("2024-01-01/2024-01-31/P1D")).end()).isEqualTo(LocalDate.of(2024, 1, 31));
    }

    @Test
    void aYearAndTheIntervalOfItsDaysAreOneSelectionWithOneKey() {
        assertThat(period("2024")).isEqualTo(period("2024-01-01/2024-12-31"));
        assertThat(period("2024").key()).isEqualTo(period("2024-01-01/2024-12-31").key()).isEqualTo("2024-01-01/2024-12-31");
        assertThat(period(" 2024-06-15 ").key()).isEqualTo(period("2024-06-15/2024-06-15").key()).isEqualTo("2024-06-15");
    }

    @Test
    void absentCurrentAndLatestAreTheDefault() {
        for (String t : new String[] {null, "", "  ", "current", "LATEST"}) {
            assertThat(period(t)).as(String.valueOf(t)).isSameAs(TimeSelection.LATEST);
            assertThat(change(t)).as(String.valueOf(t)).isSameAs(TimeSelection.LATEST);
        }
    }

    @Test
    void aChangeLayerReadsTwoPeriodsOrTheChangeSinceTheFirstDate() {
        assertThat(change("2023/2024")).isEqualTo(new Change(
                new Period(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)),
                new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))));
        assertThat(change("2024-06-01")).isEqualTo(new Change(null, Period.of(LocalDate.of(2024, 6, 1))));
        // the same text is another selection on a period layer: different keys
        assertThat(change("2024-01-01/2024-12-31").key()).isNotEqualTo(period("2024-01-01/2024-12-31").key());
        assertThat(change("2024-06-01/2024-05-01")).isEqualTo(new Change(Period.of(LocalDate.of(2024, 6, 1)),
                Period.of(LocalDate.of(2024, 5, 1))));
    }

    @Test
    void malformedValuesAreInvalidTimeAtTheirParameter() {
        for (String bad : new String[] {"june", "2024-13", "2024-02-30", "2024/2023", "a/b/c", "2024/2025/2026"}) {
            assertThatThrownBy(() -> period(bad)).as(bad).isInstanceOfSatisfying(MapRequestException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.INVALID_TIME);
                assertThat(e.parameter()).isEqualTo("TIME");
            });
        }
        for (String bad : new String[] {"2024-05-01/2024-06-01/2024-07-01", "x", "2024/x"}) {
            assertThatThrownBy(() -> change(bad)).as(bad).isInstanceOfSatisfying(MapRequestException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_TIME));
        }
    }
}
