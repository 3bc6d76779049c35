package greencover.core.series;

import java.util.Arrays;

/**
 * Performs the Mann–Kendall test for a monotonic trend (Mann 1945, Econometrica 13:245–259; Kendall 1975).
 *
 * <p>S = Σ_{i&lt;j} sgn(y_j − y_i); Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18 over groups of
 * t_g tied values; Z = (S−1)/√Var if S &gt; 0, 0 if S = 0, (S+1)/√Var if S &lt; 0; two-sided p = 2(1 − Φ(|Z|)).
 * The normal approximation is poor for short series: below n = 3 the test is meaningless (with n = 2 the
 * smallest possible p would be 1), so z and p are NaN; results for n &lt; 8–10 should be read with care.
 * Serial correlation inflates significance (no pre-whitening is done here).
 */
public final class MannKendall {

    private MannKendall() {}

    /**
     * Tests the values {@code y}, given in time order; NaN values are skipped.
     *
     * @throws IllegalArgumentException naming {@code y} when it is null
     */
    public static MannKendallResult test(double[] y) {
        if (y == null) throw new IllegalArgumentException("y must not be null");
        double[] v = new double[y.length];
        int n = 0;
        for (double value : y) {
            if (!Double.isNaN(value)) v[n++] = value;
        }
        long s = 0;
        for (int i = 0; i < n; i++) {
            double vi = v[i];
            for (int j = i + 1; j < n; j++) {
                if (v[j] > vi) s++;
                else if (v[j] < vi) s--;
            }
        }
        double[] sorted = Arrays.copyOf(v, n);
        Arrays.sort(sorted);
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && sorted[j] == sorted[i]) j++;
            double t = j - i;
            ties += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        double dn = n;
        double varS = (dn * (dn - 1) * (2 * dn + 5) - ties) / 18;
        if (n < 3) return new MannKendallResult(s, varS, Double.NaN, Double.NaN, n);
        double z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
        return new MannKendallResult(s, varS, z, StandardNormal.twoSidedP(z), n);
    }
}
