package greencover.core.series;

import java.util.Arrays;

/** Computes medians of primitive arrays. */
final class Medians {

    private Medians() {}

    /** Median of {@code a[0 .. len)} (mean of the two middle values for even len), sorting that range in place; NaN when empty. */
    static double ofInPlace(double[] a, int len) {
        if (len == 0) return Double.NaN;
        Arrays.sort(a, 0, len);
        int mid = len / 2;
        return len % 2 == 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
    }
}
