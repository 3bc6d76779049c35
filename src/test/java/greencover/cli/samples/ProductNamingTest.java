package greencover.cli.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProductNamingTest {

    @Test
    void baselineFourStartsOnTwentyFifthJanuary2022() {
        assertThat(ProductNaming.baseline(LocalDate.of(2022, 1, 24))).isEqualTo("02.12");
        assertThat(ProductNaming.baseline(LocalDate.of(2022, 1, 25))).isEqualTo("04.00");
        assertThat(ProductNaming.baseline(LocalDate.of(2016, 11, 3))).isEqualTo("02.04");
        assertThat(ProductNaming.baseline(LocalDate.of(2023, 1, 1))).isEqualTo("05.09");
    }

    @Test
    void offsetOnlyFromBaselineFour() {
        assertThat(ProductNaming.hasOffset("02.12")).isFalse();
        assertThat(ProductNaming.hasOffset("04.00")).isTrue();
        assertThat(ProductNaming.hasOffset("05.11")).isTrue();
    }

    @Test
    void nameCarriesDateBaselineOrbitAndTile() {
        String name = ProductNaming.productName(LocalDate.of(2016, 11, 3), "025651", 32, "50RMN", new SplittableRandom(1));

        assertThat(name).matches("S2A_MSIL2A_20161103T025651_N0204_R032_T50RMN_20161103T\\d{6}");
    }
}
