package greencover.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The construction of defect 8 (issue 9: Mann–Kendall Z 5.616 served as 5.348 on an area metric). A green area that
 * rises over 20 dates and then stays at the whole site for 40 dates, as a series of {@code greenAreaM2} does once the
 * site is green: each plateau value is the same 10 000 pixel areas of 0.1 m² × 1.0…1.9 summed in another order (the
 * order scenes and tiles deliver them), so the "same" area differs in its last bits.
 *
 * <p>With the tie rule the 40 plateau values are one tie group: S = C(20,2) + 20·40 = 190 + 800 = 990, Var(S) =
 * [60·59·125 − 40·39·85] / 18 = 309 900 / 18, Z = 989 / √17 216.67 = 7.5374. Split by the noise (as before the rule),
 * the plateau's 780 pairs add their random signs to S and the tie correction vanishes (Var = 442 500 / 18): Z falls.
 */
class AreaNoiseTiesTest {

    private static double plateau(Random rnd) {
        List<Double> areas = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) areas.add(0.1 * (1 + (i % 10) / 10.0));
        Collections.shuffle(areas, rnd);
        double sum = 0;
        for (double a : areas) sum += a;
        return sum;
    }

    /** Mann–Kendall Z without any tie tolerance (exact comparisons, tie groups of exactly equal values). */
    private static double rawZ(double[] y) {
        int n = y.length;
        long s = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) s += Double.compare(y[j], y[i]) > 0 ? 1 : y[j] < y[i] ? -1 : 0;
        double[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) j++;
            double t = j - i;
            ties += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        double var = (n * (n - 1.0) * (2 * n + 5) - ties) / 18;
        return s > 0 ? (s - 1) / Math.sqrt(var) : s < 0 ? (s + 1) / Math.sqrt(var) : 0;
    }

    @Test
    void floatNoiseOnAPlateauNoLongerSplitsTies() {
        Random rnd = new Random(8);
        double[] y = new double[60];
        double whole = plateau(rnd);
        for (int i = 0; i < 20; i++) y[i] = whole * (i + 1) / 21.0;
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 20; i < 60; i++) {
            y[i] = plateau(rnd);
            distinct.add(y[i]);
        }
        assertThat(distinct.size()).as("the summation order moves the last bits").isGreaterThan(1);

        MannKendallResult r = MannKendall.test(y);
        assertThat(r.s()).isEqualTo(990);
        assertThat(r.varS()).isCloseTo(309_900.0 / 18, within(1e-9));
        assertThat(r.z()).isCloseTo(989 / Math.sqrt(309_900.0 / 18), within(1e-12));
        assertThat(r.z()).isCloseTo(7.5374, within(1e-4));
        // what the series gave before the tie rule: a different, smaller Z
        assertThat(rawZ(y)).isLessThan(r.z() - 0.5);
        // and the Theil-Sen slope of the plateau pairs is exactly 0, not float noise
        double[] t = new double[60];
        for (int i = 0; i < 60; i++) t[i] = i;
        double[] flat = java.util.Arrays.copyOfRange(y, 20, 60);
        assertThat(TheilSen.slope(java.util.Arrays.copyOfRange(t, 20, 60), flat)).isEqualTo(0.0);
    }
}
