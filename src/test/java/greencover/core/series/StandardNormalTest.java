package greencover.core.series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class StandardNormalTest {

    /** Reference values of erfc from standard tables, checked to a relative 1e-7 (1e-5 %). */
    @ParameterizedTest
    @CsvSource({
        "0.0,  1.0",
        "0.5,  0.4795001221869535",
        "1.0,  0.15729920705028513",
        "2.0,  0.004677734981047266",
        "3.0,  2.209049699858544e-05",
        "5.0,  1.5374597944280349e-12",
        "-1.0, 1.8427007929497148",
    })
    void erfcMatchesTables(double x, double expected) {
        assertThat(StandardNormal.erfc(x)).isCloseTo(expected, withinPercentage(1e-5));
    }

    @Test
    void erfcIsContinuousWhereTheMethodSwitches() {
        double below = StandardNormal.erfc(Math.nextDown(2.0)), at = StandardNormal.erfc(2.0);
        assertThat(below).isCloseTo(at, withinPercentage(1e-9));
        assertThat(StandardNormal.erfc(30)).isEqualTo(0.0);
        assertThat(StandardNormal.erfc(Double.NaN)).isNaN();
    }

    /** Φ(1.96) = 0.9750021048517795 (the familiar 97.5 % point); Φ(0) = 1/2; two-sided p(1.96) = 0.0499958. */
    @Test
    void cdfAndTwoSidedPAtFamiliarPoints() {
        assertThat(StandardNormal.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-12));
        assertThat(StandardNormal.cdf(-1.96)).isCloseTo(0.0249978951482205, within(1e-12));
        assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
        assertThat(StandardNormal.twoSidedP(-1.96)).isCloseTo(0.049995790296441, within(1e-12));
    }
}
