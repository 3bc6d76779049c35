package greencover.core.raster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Sentinel2BaselineTest {

    private static final String NAME_0212 = "S2B_MSIL2A_20201126T154319_N0212_R125_T11CMM_20201127T152008.SAFE";
    private static final String NAME_0509 = "S2B_MSIL2A_20230715T025529_N0509_R032_T50RMN_20230715T064418.SAFE";

    /** Columns: field, name, date → baseline, rule, offset. An empty cell is null. */
    @ParameterizedTest
    @CsvSource({
        "04.00, " + NAME_0212 + ", 2020-11-26, 4.00, field, -1000",  // field wins over name and date
        "4.0,   ,                ,           4.00, field, -1000",
        "4,     ,                ,           4.00, field, -1000",
        "05.09, ,                ,           5.09, field, -1000",
        "N0509, ,                ,           5.09, field, -1000",
        "n0510, ,                ,           5.10, field, -1000",
        "02.12, " + NAME_0509 + ", 2023-07-15, 2.12, field, 0",      // an old field wins over a new name
        "03.01, ,                ,           3.01, field, 0",
        ",      " + NAME_0212 + ", 2023-07-15, 2.12, name, 0",       // name wins over date
        "' ',   " + NAME_0509 + ", 2019-01-01, 5.09, name, -1000",   // blank field counts as missing
        ",      " + NAME_0509 + ",           , 5.09, name, -1000",
        ",      S2A_MSIL2A_20240102T031121_N0510_R075_T50RMN_20240102T070104, , 5.10, name, -1000",
        ",      no-baseline-here.tif, 2022-01-25, 4.00, date, -1000", // name without _Nxxyy_ falls through
        ",      ,                 2022-01-25, 4.00, date, -1000",
        ",      ,                 2022-01-24, 2.99, date, 0",
    })
    void resolvesByFieldThenNameThenDate(String field, String name, LocalDate date,
                                         double baseline, String rule, int offset) {
        BaselineDecision d = Sentinel2Baseline.resolve(field, name, date);
        assertThat(d.baseline()).isEqualTo(baseline, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(d.rule()).isEqualTo(rule);
        assertThat(d.offsetDn()).isEqualTo(offset);
    }

    @Test
    void dateRuleGivesAPreOffsetBaselineBelowFour() {
        assertThat(Sentinel2Baseline.resolve(null, null, LocalDate.of(2021, 12, 31)).baseline()).isLessThan(4.0);
    }

    @ParameterizedTest
    @CsvSource({"four", "04.00.1", "N05", "-4", "0", "123"})
    void rejectsBadFieldNamingProcessingBaseline(String field) {
        assertThatThrownBy(() -> Sentinel2Baseline.resolve(field, NAME_0509, LocalDate.of(2023, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processingBaseline")
                .hasMessageContaining(field);
    }

    @Test
    void rejectsWhenNoSourceIsGiven() {
        assertThatThrownBy(() -> Sentinel2Baseline.resolve(null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processingBaseline")
                .hasMessageContaining("productName")
                .hasMessageContaining("acquired");
    }
}
