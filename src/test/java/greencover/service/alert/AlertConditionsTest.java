package greencover.service.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import greencover.service.error.InvalidInputException;
import greencover.service.series.SeriesPoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert rules on hand-made series: each case's outcome follows from the numbers written in it. */
class AlertConditionsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    private static SeriesPoint point(String date, double mean, boolean ok) {
        ZonalStatistics st = ZonalStatistics.builder().set(Statistic.MEAN, mean).set(Statistic.THRESHOLD, 0.3).classAreasM2(Map.of()).build();
        return new SeriesPoint(LocalDate.parse(date), List.of("s-" + date), "sentinel2-l2a", st, ok ? SeriesPoint.Quality.OK : SeriesPoint.Quality.LOW_VALID);
    }

    private static AlertConditions.Condition eval(String rule, List<SeriesPoint> points, Map<String, Double> params) {
        Map<String, Double> p = new java.util.LinkedHashMap<>(AlertRules.DEFAULTS.get(rule));
        p.putAll(params);
        return AlertConditions.evaluate(rule, p, points, TODAY);
    }

    @Test
    void belowBaselineNeedsTheLastKClearPointsEachBelowTheirMonthsMedianInOtherYears() {
        // June baseline from 2021-2023: median(0.6, 0.7, 0.8) = 0.7; July: median(0.65, 0.75) = 0.7
        List<SeriesPoint> p = new ArrayList<>(List.of(point("2021-06-10", 0.6, true), point("2022-06-10", 0.7, true),
                point("2023-06-10", 0.8, true), point("2022-07-10", 0.65, true), point("2023-07-10", 0.75, true)));
        p.add(point("2025-06-10", 0.55, true));   // 0.15 below 0.7
        p.add(point("2025-07-01", 0.1, false));   // low-valid: not counted
        p.add(point("2025-07-10", 0.58, true));   // 0.12 below 0.7
        AlertConditions.Condition c = eval(AlertRules.BELOW_BASELINE, p, Map.of("k", 2.0, "margin", 0.1));
        assertThat(c.holds()).isTrue();
        assertThat(c.observedOn()).isEqualTo(LocalDate.of(2025, 7, 10));
        assertThat(c.value()).isCloseTo(0.12, within(1e-12));
        // a margin of 0.13: July's 0.12 is not enough
        assertThat(eval(AlertRules.BELOW_BASELINE, p, Map.of("k", 2.0, "margin", 0.13)).holds()).isFalse();
        // k = 3 takes 2023-07-10 too, which is above its baseline: the Julys of other years, median(0.65, 0.58) = 0.615
        assertThat(eval(AlertRules.BELOW_BASELINE, p, Map.of("k", 3.0, "margin", 0.1)).holds()).isFalse();
    }

    @Test
    void annualDropComparesTheMediansOfTheLastTwoYearsWithData() {
        List<SeriesPoint> p = List.of(point("2021-05-01", 0.7, true), point("2021-08-01", 0.5, true), point("2021-09-01", 0.6, true),
                point("2023-06-01", 0.45, true), point("2023-07-01", 0.49, true), point("2023-08-01", 0.9, false));
        // 2021: median 0.6; 2023 (no 2022): median(0.45, 0.49) = 0.47 → fell 0.13
        AlertConditions.Condition c = eval(AlertRules.ANNUAL_DROP, p, Map.of());
        assertThat(c.holds()).isTrue();
        assertThat(c.value()).isCloseTo(0.13, within(1e-12));
        assertThat(eval(AlertRules.ANNUAL_DROP, p, Map.of("drop", 0.14)).holds()).isFalse();
    }

    @Test
    void aNegativeTrendMustBeSignificantOverTheLastYears() {
        List<SeriesPoint> falling = new ArrayList<>();
        for (int i = 0; i < 10; i++) falling.add(point(LocalDate.of(2023, 1, 1).plusDays(91L * i).toString(), 0.8 - 0.02 * i, true));
        AlertConditions.Condition c = eval(AlertRules.TREND, falling, Map.of());
        assertThat(c.holds()).isTrue();
        // 0.02 per 91 days is 0.02 × 365.25 / 91 per year
        assertThat(c.value()).isCloseTo(-0.02 * 365.25 / 91, within(1e-9));
        List<SeriesPoint> rising = new ArrayList<>();
        for (int i = 0; i < 10; i++) rising.add(point(LocalDate.of(2023, 1, 1).plusDays(91L * i).toString(), 0.2 + 0.02 * i, true));
        assertThat(eval(AlertRules.TREND, rising, Map.of()).holds()).isFalse();
        // three points are too few
        assertThat(eval(AlertRules.TREND, falling.subList(0, 3), Map.of()).holds()).isFalse();
    }

    @Test
    void noClearObservationCountsDaysFromTheLatestClearPoint() {
        List<SeriesPoint> p = List.of(point("2025-09-01", 0.5, true), point("2025-12-01", 0.5, false));
        AlertConditions.Condition c = eval(AlertRules.NO_CLEAR, p, Map.of());   // 2025-09-01 → 2026-01-01: 122 days
        assertThat(c.holds()).isTrue();
        assertThat(c.value()).isEqualTo(122);
        assertThat(eval(AlertRules.NO_CLEAR, p, Map.of("days", 122.0)).holds()).isFalse();
        assertThat(eval(AlertRules.NO_CLEAR, List.of(), Map.of()).holds()).isFalse();
    }

    @Test
    void unknownRulesParametersAndValuesAreRefusedByName() {
        assertThatThrownBy(() -> AlertRules.check(Map.of("greening", Map.of()))).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("rules.greening"));
        assertThatThrownBy(() -> AlertRules.check(Map.of("annualDrop", Map.of("dorp", 0.2))))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("rules.annualDrop.dorp"));
        assertThatThrownBy(() -> AlertRules.check(Map.of("negativeTrend", Map.of("p", 1.0))))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("rules.negativeTrend.p"));
        assertThat(AlertRules.effective(AlertRules.check(Map.of("annualDrop", Map.of("drop", 0.2, "enabled", false)))).get("annualDrop"))
                .containsEntry("drop", 0.2).containsEntry("enabled", 0.0);
    }
}
