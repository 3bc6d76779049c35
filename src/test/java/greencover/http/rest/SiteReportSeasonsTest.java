package greencover.http.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.service.series.MonthWindow;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link SiteReport#fullSeasons}: which years the report's change table compares, at a given today. */
class SiteReportSeasonsTest {
    private static JsonNode points(String... dateQuality) throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dateQuality.length; i += 2) {
            if (i > 0) b.append(',');
            b.append("{\"date\":\"").append(dateQuality[i]).append("\",\"quality\":\"").append(dateQuality[i + 1]).append("\"}");
        }
        return new ObjectMapper().readTree(b.append(']').toString());
    }

    @Test
    void aSeasonStillUnderWayIsNotFullAndALowQualityPointDoesNotMakeOne() throws Exception {
        JsonNode p = points("2018-07-01", "low-valid", "2019-06-10", "ok", "2023-08-01", "ok", "2026-06-15", "ok");
        MonthWindow summer = MonthWindow.parse("5-9");
        // on 2026-09-30 the 2026 season has not ended (it ends that day): 2019 -> 2023
        assertThat(SiteReport.fullSeasons(p, summer, LocalDate.parse("2026-09-30"))).containsExactly(2019, 2023);
        // a day later it has
        assertThat(SiteReport.fullSeasons(p, summer, LocalDate.parse("2026-10-01"))).containsExactly(2019, 2026);
        // the whole year 2026 ends on 31 December
        assertThat(SiteReport.fullSeasons(p, MonthWindow.ALL, LocalDate.parse("2026-12-31"))).containsExactly(2019, 2023);
        assertThat(SiteReport.fullSeasons(p, MonthWindow.ALL, LocalDate.parse("2027-01-01"))).containsExactly(2019, 2026);
        // the 2018 point is not ok, so it never starts the comparison; a season with points outside its months is not one
        assertThat(SiteReport.fullSeasons(p, MonthWindow.parse("7"), LocalDate.parse("2030-01-01"))).isNull();
        assertThat(SiteReport.fullSeasons(p, MonthWindow.parse("6-8"), LocalDate.parse("2030-01-01"))).containsExactly(2019, 2026);
    }
}
