package greencover.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Theil–Sen interval and the seasonal and Hamed–Rao tests on tiny series. Reference values are computed by hand
 * here, or (marked) by {@code bench/trend/reference_trends.py}, an independent numpy/scipy implementation
 * ({@code scipy.stats.theilslopes} for slopes and intervals).
 */
class TrendTestsTest {

    /**
     * x 0..4, y 1 3 2 5 4: the ten slopes sorted are −1 −1 1/3 1/2 3/4 1 1 4/3 2 3, median (3/4 + 1)/2 = 0.875.
     * Var(S) = 5·4·15/18 = 16.667, C = 1.959964·4.082483 = 8.00152; M1 = (10 − C)/2 = 0.9992 → rank 1 → −1;
     * M2 + 1 = (10 + C)/2 = 9.0008 → rank 9 + 1 = 10 → 3. scipy.stats.theilslopes gives the same (0.875, −1, 3).
     */
    @Test
    void theilSenIntervalByHand() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1, 2, 3, 4}, new double[] {1, 3, 2, 5, 4});
        assertThat(fit.slope()).isEqualTo(0.875);
        assertThat(fit.lower()).isEqualTo(-1.0);
        assertThat(fit.upper()).isEqualTo(3.0);
    }

    /** scipy.stats.theilslopes(y, range(12), 0.95) for this series: slope 0.1, interval [1/14, 0.12]. */
    @Test
    void theilSenIntervalAgreesWithScipy() {
        double[] y = {0.1, 0.3, 0.2, 0.5, 0.4, 0.6, 0.9, 0.7, 0.8, 1.1, 1.0, 1.2};
        double[] x = new double[12];
        for (int i = 0; i < 12; i++) x[i] = i;
        TheilSenFit fit = TheilSen.fit(x, y);
        assertThat(fit.slope()).isCloseTo(0.1, within(1e-12));
        assertThat(fit.lower()).isCloseTo(1.0 / 14, within(1e-12));
        assertThat(fit.upper()).isCloseTo(0.12, within(1e-12));
    }

    @Test
    void intervalIsNaNBelowThreePoints() {
        TheilSenFit fit = TheilSen.fit(new double[] {0, 1}, new double[] {1, 2});
        assertThat(fit.slope()).isEqualTo(1.0);
        assertThat(fit.lower()).isNaN();
        assertThat(fit.upper()).isNaN();
    }

    /**
     * January 1 2 3 and July 5 4 6 of 2020–2022 (15th of the month). Season by season: S_Jan = 3, S_Jul = −1 + 1 + 1
     * = 1, each Var = 3·2·11/18 = 11/3; S = 4, Var = 22/3, Z = 3/√(22/3) = 1.107823, p = 0.267938. Pairs of different
     * months are not compared (the classic test would give S = 7). Seasonal slope: the median of the six within-month
     * slopes per year, Jan 1/(366/365.25), 1/(365/365.25), 2/(731/365.25), Jul −1/(365/365.25), 2/(365/365.25),
     * 1/(730/365.25): the middle two 0.997951 and 0.999316 → 0.998633. Interval: N = 6, C = 1.96·2.708 = 5.31,
     * ranks rint(0.35) = 0 → 1 (clipped) and rint(5.65) + 1 = 7 → 6: the extreme slopes −1.000685 and 2.001370.
     */
    @Test
    void seasonalKendallComparesOnlyTheSameMonth() {
        List<LocalDate> dates = List.of(LocalDate.of(2020, 1, 15), LocalDate.of(2020, 7, 15), LocalDate.of(2021, 1, 15),
                LocalDate.of(2021, 7, 15), LocalDate.of(2022, 1, 15), LocalDate.of(2022, 7, 15));
        double[] y = {1, 5, 2, 4, 3, 6};
        Trend t = Trend.of("mean", dates, y, TrendTestKind.SEASONAL_MK);
        assertThat(t.test()).isEqualTo(TrendTestKind.SEASONAL_MK);
        assertThat(t.method()).isEqualTo("seasonal-theil-sen");
        assertThat(t.mannKendallZ()).isCloseTo(1.107823, within(1e-6));
        assertThat(t.mannKendallP()).isCloseTo(0.267938, within(1e-6));
        assertThat(t.slopePerYear()).isCloseTo(0.9986334, within(1e-6));
        assertThat(t.slopeLowerPerYear()).isCloseTo(-1.0006849, within(1e-6));
        assertThat(t.slopeUpperPerYear()).isCloseTo(2.0013699, within(1e-6));
        assertThat(MannKendall.test(y).s()).isEqualTo(7);
        assertThat(MannKendall.seasonal(y, new int[] {1, 7, 1, 7, 1, 7}).s()).isEqualTo(4);
    }

    /**
     * y = 1 2 2.5 2 1.5 2.5 3.5 4 3.5 3 4 5 (n = 12), from bench/trend/reference_trends.py: S = 46, tie-corrected
     * Var(S) = 208.667 (four pairs of ties: 2, 2.5, 3.5, 4 → (12·11·29 − 4·18)/18). The Theil–Sen slope on the index
     * is 0.3, the detrended series 0.7 1.4 1.6 0.8 0 0.7 1.4 1.6 0.8 0 0.7 1.4 (its equal values tied: float noise in
     * y − 0.3·i would split them, as it does in a naive numpy version), ranks 4 9 11.5 6.5 1.5 4 9 11.5 6.5 1.5 4 9;
     * one lag is significant, ρ_2 = −8/11 (bound 1.96/√12 = 0.5658), so n/n* = 1 + 2·(10·9·8)·ρ_2/(12·11·10) =
     * 0.206612, Var* = 43.112948, Z = 45/√Var* = 6.853441.
     */
    @Test
    void hamedRaoCorrectsTheVarianceForSignificantRankAutocorrelation() {
        double[] y = {1, 2, 2.5, 2, 1.5, 2.5, 3.5, 4, 3.5, 3, 4, 5};
        MannKendallResult classic = MannKendall.test(y);
        assertThat(classic.s()).isEqualTo(46);
        assertThat(classic.varS()).isCloseTo((12 * 11 * 29 - 4 * 18) / 18.0, within(1e-9));
        MannKendallResult hr = MannKendall.hamedRao(y);
        assertThat(hr.s()).isEqualTo(46);
        assertThat(MannKendall.hamedRaoFactor(y)).isCloseTo(1 + 2.0 * 720 * (-8.0 / 11) / 1320, within(1e-12));
        assertThat(hr.varS()).isCloseTo(43.1129476584022, within(1e-9));
        assertThat(hr.z()).isCloseTo(6.853440636811581, within(1e-9));
    }

    /** Without significant autocorrelation (1 2 3 4 5 5 4 3 2 1: ρ_1 = 48/80 = 0.6 &lt; 1.96/√10) the factor is 1. */
    @Test
    void hamedRaoLeavesUncorrelatedRanksAlone() {
        double[] y = {1, 2, 3, 4, 5, 5, 4, 3, 2, 1};
        assertThat(MannKendall.hamedRaoFactor(y)).isEqualTo(1.0);
        assertThat(MannKendall.hamedRao(y).varS()).isEqualTo(MannKendall.test(y).varS());
    }

    @Test
    void keysAreThePublishedNames() {
        assertThat(TrendTestKind.keys()).containsExactly("mk", "seasonal-mk", "hamed-rao");
        assertThat(TrendTestKind.find("hamed-rao")).contains(TrendTestKind.HAMED_RAO);
        assertThat(TrendTestKind.find("sen")).isEmpty();
    }
}
