package greencover.core.series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TheilSenTest {

    /**
     * y = 2x + 1 at x = 0..4 is 1 3 5 7 9; replace y(2) by 50. Pairwise slopes:
     * (0,1) 2, (0,2) 24.5, (0,3) 2, (0,4) 2, (1,2) 47, (1,3) 2, (1,4) 2, (2,3) −43, (2,4) −20.5, (3,4) 2;
     * sorted −43 −20.5 2 2 2 2 2 2 24.5 47, median (2 + 2)/2 = 2.
     * y − 2x = 1 1 46 1 1, median 1.
     */
    @Test
    void outlierDoesNotMoveTheSlope() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1, 2, 3, 4}, new double[] {1, 3, 50, 7, 9});
        assertThat(fit.slope()).isEqualTo(2.0);
        assertThat(fit.intercept()).isEqualTo(1.0);
        assertThat(fit.n()).isEqualTo(5);
        assertThat(fit.valueAt(10)).isEqualTo(21.0);
    }

    /**
     * x 0 0 1, y 0 10 2: pair (0,1) has equal x and is skipped; slopes (0,2) 2 and (1,2) −8, median −3.
     * y + 3x = 0 10 5, median 5.
     */
    @Test
    void skipsPairsWithEqualX() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 0, 1}, new double[] {0, 10, 2});
        assertThat(fit.slope()).isEqualTo(-3.0);
        assertThat(fit.intercept()).isEqualTo(5.0);
    }

    /** A NaN y drops its point: x 0 1 2 3, y 1 NaN 5 7 → slopes 2, 2, 2 → 2; y − 2x = 1 1 1 → 1; n = 3. */
    @Test
    void skipsNaNPoints() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1, 2, 3}, new double[] {1, Double.NaN, 5, 7});
        assertThat(fit.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(1.0, within(1e-12));
        assertThat(fit.n()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"'1,1,1', '1,2,3'", "'5', '7'", "'', ''"})
    void slopeIsNaNWithoutAPairOfDistinctX(String xs, String ys) {
        TheilSenFit fit = TheilSen.fit(parse(xs), parse(ys));
        assertThat(fit.slope()).isNaN();
        assertThat(fit.intercept()).isNaN();
    }

    @Test
    void rejectsLengthMismatchNamingY() {
        assertThatThrownBy(() -> TheilSen.slope(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y");
    }

    private static double[] parse(String csv) {
        if (csv == null || csv.isBlank()) return new double[0];
        String[] p = csv.split(",");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Double.parseDouble(p[i].trim());
        return out;
    }
}
