package greencover.core.series;

import java.util.Arrays;

/**
 * Performs the Mann–Kendall test for a monotonic trend (Mann 1945, Econometrica 13:245–259; Kendall 1975) and its
 * seasonal (Hirsch et al. 1982) and autocorrelation-corrected (Hamed &amp; Rao 1998) variants ({@link TrendTestKind}).
 *
 * <p>S = Σ_{i&lt;j} sgn(y_j − y_i); Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18 over groups of
 * t_g tied values; Z = (S−1)/√Var if S &gt; 0, 0 if S = 0, (S+1)/√Var if S &lt; 0; two-sided p = 2(1 − Φ(|Z|)).
 * Values within a relative 1e-9 are ties ({@link Ties}): they add 0 to S and form a tie group.
 * The normal approximation is poor for short series: below n = 3 the test is meaningless (with n = 2 the
 * smallest possible p would be 1), so z and p are NaN; results for n &lt; 8–10 should be read with care.
 * NaN values are skipped everywhere.
 */
public final class MannKendall {
    /** The standard normal quantile of 0.975, for the 5 % significance of the Hamed–Rao lags. */
    static final double Z_975 = 1.959963984540054;

    private MannKendall() {}

    /**
     * The classic test of the values {@code y}, given in time order.
     *
     * @throws IllegalArgumentException naming {@code y} when it is null
     */
    public static MannKendallResult test(double[] y) {
        double[] v = finiteSnapped(y);
        int n = v.length;
        return result(s(v), variance(v), n);
    }

    /**
     * The seasonal Kendall test (Hirsch, Slack &amp; Smith 1982): S and Var(S) are the sums of the classic S and
     * tie-corrected variance of each season's values (in time order); pairs of different seasons are not compared.
     *
     * @param season the season of each value (e.g. its calendar month), any integers
     * @throws IllegalArgumentException naming {@code y} or {@code season} when null or of different lengths
     */
    public static MannKendallResult seasonal(double[] y, int[] season) {
        if (y == null) throw new IllegalArgumentException("y must not be null");
        if (season == null || season.length != y.length) {
            throw new IllegalArgumentException("season must have one entry per value (" + y.length + ")");
        }
        double[] all = Ties.snapped(y);
        long s = 0;
        double var = 0;
        int n = 0;
        for (int g : Arrays.stream(season).distinct().sorted().toArray()) {
            double[] part = new double[y.length];
            int m = 0;
            for (int i = 0; i < y.length; i++) if (season[i] == g && !Double.isNaN(all[i])) part[m++] = all[i];
            part = Arrays.copyOf(part, m);
            s += s(part);
            var += variance(part);
            n += m;
        }
        return result(s, var, n);
    }

    /**
     * The modified test of Hamed &amp; Rao (1998) for serially correlated values (see {@link TrendTestKind#HAMED_RAO}):
     * the classic S, with Var(S) multiplied by n/n*.
     *
     * @throws IllegalArgumentException naming {@code y} when it is null
     */
    public static MannKendallResult hamedRao(double[] y) {
        double[] v = finiteSnapped(y);
        int n = v.length;
        double var = variance(v);
        if (n >= 3) var *= hamedRaoFactor(v);
        return result(s(v), var, n);
    }

    /** n/n* of Hamed &amp; Rao (1998) for the finite values {@code v} (n ≥ 3). */
    static double hamedRaoFactor(double[] v) {
        int n = v.length;
        double[] index = new double[n];
        for (int i = 0; i < n; i++) index[i] = i + 1;
        double beta = TheilSen.fit(index, v).slope();
        double[] detrended = new double[n];
        for (int i = 0; i < n; i++) detrended[i] = v[i] - beta * (i + 1);
        double[] r = ranks(Ties.snapped(detrended));
        double mean = (n + 1) / 2.0, c0 = 0;
        for (double x : r) c0 += (x - mean) * (x - mean);
        if (c0 == 0) return 1;
        double bound = Z_975 / Math.sqrt(n), sum = 0;
        for (int k = 1; k < n - 2; k++) {
            double ck = 0;
            for (int t = 0; t + k < n; t++) ck += (r[t] - mean) * (r[t + k] - mean);
            double rho = ck / c0;
            if (Math.abs(rho) > bound) sum += (double) (n - k) * (n - k - 1) * (n - k - 2) * rho;
        }
        return 1 + 2 * sum / ((double) n * (n - 1) * (n - 2));
    }

    /** Ranks 1..n of {@code v}, tied values sharing the mean of their ranks. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && v[idx[j]] == v[idx[i]]) j++;
            double rank = (i + 1 + j) / 2.0; // mean of ranks i+1 .. j
            for (int k = i; k < j; k++) r[idx[k]] = rank;
            i = j;
        }
        return r;
    }

    private static MannKendallResult result(long s, double varS, int n) {
        if (n < 3 || !(varS >= 0)) return new MannKendallResult(s, varS, Double.NaN, Double.NaN, n);
        double z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
        return new MannKendallResult(s, varS, z, StandardNormal.twoSidedP(z), n);
    }

    /** The finite values of {@code y} in order, tied values made equal. */
    private static double[] finiteSnapped(double[] y) {
        if (y == null) throw new IllegalArgumentException("y must not be null");
        double[] v = Ties.snapped(y);
        double[] out = new double[v.length];
        int n = 0;
        for (double value : v) if (!Double.isNaN(value)) out[n++] = value;
        return Arrays.copyOf(out, n);
    }

    /** S of values already snapped. */
    static long s(double[] v) {
        long s = 0;
        for (int i = 0; i < v.length; i++) {
            double vi = v[i];
            for (int j = i + 1; j < v.length; j++) {
                if (v[j] > vi) s++;
                else if (v[j] < vi) s--;
            }
        }
        return s;
    }

    /** The tie-corrected Var(S) of values already snapped (0 for fewer than two). */
    static double variance(double[] v) {
        int n = v.length;
        double[] sorted = v.clone();
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
        return (dn * (dn - 1) * (2 * dn + 5) - ties) / 18;
    }
}
