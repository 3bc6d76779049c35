package greencover.service.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TimePeriodTest {

    @Test
    void reducedAccuracyValuesCoverTheirYearOrMonth() {
        assertThat(TimePeriod.parse("2024")).isEqualTo(
                new TimePeriod(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), false));
        assertThat(TimePeriod.parse("2024-02")).isEqualTo(
                new TimePeriod(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29), false));
    }

    @Test
    void dateAndDateTimeSelectOneDay() {
        assertThat(TimePeriod.parse("2024-06-15")).isEqualTo(TimePeriod.of(LocalDate.of(2024, 6, 15)));
        assertThat(TimePeriod.parse("2024-06-15T10:20:00Z")).isEqualTo(TimePeriod.of(LocalDate.of(2024, 6, 15)));
    }

    @Test
    void rangeRunsFromTheStartOfItsFirstPartToTheEndOfItsSecond() {
        assertThat(TimePeriod.parse("2023/2024-06")).isEqualTo(
                new TimePeriod(LocalDate.of(2023, 1, 1), LocalDate.of(2024, 6, 30), false));
        assertThat(TimePeriod.parse("2024-01-01/2024-01-31/P1D").end()).isEqualTo(LocalDate.of(2024, 1, 31));
    }

    @Test
    void malformedValuesAreInvalidDimensionValues() {
        for (String bad : new String[] {"", "june", "2024-13", "2024-02-30", "2024/2023", "a/b/c"}) {
            assertThatThrownBy(() -> TimePeriod.parse(bad)).as(bad).isInstanceOf(MapException.class)
                    .extracting(e -> ((MapException) e).code()).isEqualTo("InvalidDimensionValue");
        }
    }
}
