package greencover.core.series;

import java.util.Arrays;

/**
 * The one tie rule of the trend statistics: two values are tied when they differ by at most a relative
 * {@value #RELATIVE} of the larger magnitude, |a − b| ≤ 1e-9·max(|a|, |b|). Area metrics such as
 * {@code greenAreaM2} are sums of many floating-point products, so the "same" value computed twice can differ in its
 * last bits; without the tolerance such values split ties in Mann–Kendall (changing S and the tie correction of its
 * variance) and give Theil–Sen pairwise slopes of pure noise.
 *
 * <p>{@link #snapped} applies the rule to a whole series: the finite values are sorted, each value within the
 * tolerance of its predecessor in that order joins the predecessor's group, and every member of a group is replaced by
 * the group's smallest value. Tied values then compare exactly equal, so every later comparison is a plain {@code <}
 * or {@code ==}. (Chains of values each within 1e-9 of the next form one group; for noise of a few ulps the chains are
 * the tied values themselves.)
 */
public final class Ties {

    /** The relative tolerance within which two values are one tie. */
    public static final double RELATIVE = 1e-9;

    private Ties() {}

    /** Whether {@code a} and {@code b} are tied; false when either is NaN. */
    public static boolean tied(double a, double b) {
        if (a == b) return true;
        return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b));
    }

    /** A copy of {@code v} with tied values made exactly equal (see the class comment); NaN stays NaN. */
    public static double[] snapped(double[] v) {
        double[] out = v.clone();
        Integer[] order = new Integer[v.length];
        int n = 0;
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) order[n++] = i;
        Integer[] idx = Arrays.copyOf(order, n);
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double group = Double.NaN, previous = Double.NaN;
        for (int k = 0; k < n; k++) {
            double x = v[idx[k]];
            if (k == 0 || !tied(previous, x)) group = x;
            out[idx[k]] = group;
            previous = x;
        }
        return out;
    }
}
