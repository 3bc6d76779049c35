package greencover.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Values within a relative 1e-9 are ties in Mann–Kendall and Theil–Sen (issue 9, defect 8: float noise in area
 * metrics split ties, Z 5.616 served as 5.348). Each case is the same series with and without last-bit noise.
 */
class TiesTest {

    @Test
    void tiedValuesSnapToTheirGroupsSmallestAndNaNStays() {
        double[] s = Ties.snapped(new double[] {3 * (1 + 1e-12), 1, Double.NaN, 3, 2, 3 * (1 - 1e-12)});
        assertThat(s[0]).isEqualTo(3 * (1 - 1e-12));
        assertThat(s[3]).isEqualTo(s[0]);
        assertThat(s[5]).isEqualTo(s[0]);
        assertThat(s[1]).isEqualTo(1);
        assertThat(s[2]).isNaN();
        assertThat(s[4]).isEqualTo(2);
        assertThat(Ties.tied(1, 1 + 2e-9)).isFalse();
        assertThat(Ties.tied(1e6, 1e6 + 1e-4)).isTrue(); // relative, not absolute
    }

    /**
     * 1 2 2' 3 3' 3'' with 2' and 3', 3'' off by 1e-12 relative is the series 1 2 2 3 3 3 of
     * {@link MannKendallTest#tiesReduceTheVariance}: S = 11, Var = (510 − 18 − 66)/18, Z = 2.055566. Without the tie
     * rule S would be 14 (three noise pairs counted) and the tie correction would vanish.
     */
    @Test
    void mannKendallTreatsNoiseAsTies() {
        MannKendallResult r = MannKendall.test(new double[] {1, 2, 2 * (1 + 1e-12), 3 * (1 - 1e-13), 3, 3 * (1 + 1e-12)});
        assertThat(r.s()).isEqualTo(11);
        assertThat(r.varS()).isCloseTo(426.0 / 18, within(1e-12));
        assertThat(r.z()).isCloseTo(2.055566, within(1e-6));
    }

    /** Values 1, 1 + 2e-9, 1 + 4e-9 are apart by more than the tolerance: S = 3, Var = 3·2·11/18, no tie correction. */
    @Test
    void differencesAboveTheToleranceCount() {
        MannKendallResult r = MannKendall.test(new double[] {1, 1 + 2e-9, 1 + 4e-9});
        assertThat(r.s()).isEqualTo(3);
        assertThat(r.varS()).isCloseTo(66.0 / 18, within(1e-12));
    }

    /**
     * A flat area series with last-bit noise (5 m², ±1e-13 relative) has no trend: every pair is a tie, so S = 0,
     * Z = 0, and every Theil–Sen slope is exactly 0 (without the rule the slope is of order 1e-13 and S = 2).
     */
    @Test
    void flatSeriesWithNoiseHasExactlyZeroTrend() {
        double[] y = {5, 5 * (1 + 1e-13), 5 * (1 - 1e-13), 5 * (1 + 2e-13)};
        MannKendallResult r = MannKendall.test(y);
        assertThat(r.s()).isZero();
        assertThat(r.z()).isZero();
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1, 2, 3}, y);
        assertThat(fit.slope()).isEqualTo(0.0);
    }

    /**
     * x 0..3, y 5 5' 5 7 (5' = 5 + 5e-13): slopes 0 0 0 of the tied pairs, 2/3, 1, 2 → median (0 + 2/3)/2 = 1/3
     * exactly; the noise would move it by 2.5e-13.
     */
    @Test
    void theilSenTiedPairsHaveSlopeZero() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1, 2, 3}, new double[] {5, 5 * (1 + 1e-13), 5, 7});
        assertThat(fit.slope()).isCloseTo(1.0 / 3, within(1e-15));
    }
}
