package greencover.core.series;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MannKendallTest {

    /**
     * Strictly increasing, n = 10: every one of the 45 pairs rises, S = 45.
     * Var = n(n−1)(2n+5)/18 = 10·9·25/18 = 125; Z = (45 − 1)/√125 = 44/11.180340 = 3.935480;
     * p = 2(1 − Φ(3.93548)) = 8.303e-5.
     */
    @Test
    void strictlyIncreasingSeriesOfTen() {
        MannKendallResult r = MannKendall.test(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(r.s()).isEqualTo(45);
        assertThat(r.varS()).isCloseTo(125.0, within(1e-12));
        assertThat(r.z()).isCloseTo(3.935480, within(1e-6));
        assertThat(r.p()).isCloseTo(8.303e-5, within(1e-8));
        assertThat(r.n()).isEqualTo(10);
        assertThat(r.isSignificant(0.01)).isTrue();
    }

    @Test
    void strictlyDecreasingSeriesMirrors() {
        MannKendallResult r = MannKendall.test(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertThat(r.s()).isEqualTo(-45);
        assertThat(r.z()).isCloseTo(-3.935480, within(1e-6));
        assertThat(r.p()).isCloseTo(8.303e-5, within(1e-8));
    }

    /**
     * y = 1 2 2 3 3 3 (n = 6). S by rows: from 1: +5; from the first 2: 0 +3; from the second 2: +3;
     * the 3s: 0 → S = 11. Var: n(n−1)(2n+5) = 6·5·17 = 510; ties t=2: 2·1·9 = 18, t=3: 3·2·11 = 66;
     * Var = (510 − 84)/18 = 23.666667; Z = 10/√23.666667 = 10/4.864840 = 2.055566; p = 0.039824.
     */
    @Test
    void tiesReduceTheVariance() {
        MannKendallResult r = MannKendall.test(new double[] {1, 2, 2, 3, 3, 3});
        assertThat(r.s()).isEqualTo(11);
        assertThat(r.varS()).isCloseTo(426.0 / 18, within(1e-12));
        assertThat(r.z()).isCloseTo(2.055566, within(1e-6));
        assertThat(r.p()).isCloseTo(0.039824, within(1e-6));
    }

    /** y = 1 2 1: pairs +1, 0, −1 → S = 0, Z = 0, p = 1; Var = (3·2·11 − 2·1·9)/18 = 48/18. */
    @Test
    void zeroSGivesZeroZAndPOne() {
        MannKendallResult r = MannKendall.test(new double[] {1, 2, 1});
        assertThat(r.s()).isZero();
        assertThat(r.varS()).isCloseTo(48.0 / 18, within(1e-12));
        assertThat(r.z()).isZero();
        assertThat(r.p()).isCloseTo(1.0, within(1e-15));
    }

    /** NaN values are skipped: NaN 1 NaN 2 3 is the series 1 2 3, S = 3, Var = 3·2·11/18 = 3.666667, Z = 2/1.914854. */
    @Test
    void skipsNaNValues() {
        MannKendallResult r = MannKendall.test(new double[] {Double.NaN, 1, Double.NaN, 2, 3});
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.s()).isEqualTo(3);
        assertThat(r.z()).isCloseTo(1.044466, within(1e-6));
    }

    @Test
    void fewerThanThreeValuesGiveNaNZAndP() {
        MannKendallResult r = MannKendall.test(new double[] {1, 2});
        assertThat(r.s()).isEqualTo(1);
        assertThat(r.z()).isNaN();
        assertThat(r.p()).isNaN();
        assertThat(r.isSignificant(0.05)).isFalse();
    }
}
