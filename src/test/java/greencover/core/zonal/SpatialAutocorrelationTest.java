package greencover.core.zonal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Moran's I on rook neighbours of fields with a known autocorrelation, by hand. On a 4 × 4 grid there are 24 unordered
 * rook pairs (12 horizontal, 12 vertical), W = 48 ordered ones. Two values 0.2 and 0.6, eight cells each: mean 0.4,
 * every deviation ±0.2, Σz² = 16 · 0.04, σ = 0.2.
 * <ul>
 *   <li>Checkerboard: every pair unlike, Σ w z z = 48 · (−0.04), I = (16/48) · (−1.92 / 0.64) = −1. Negative
 *       autocorrelation is not credited: n_eff = n = 16, SE = 0.2 / 4 = 0.05.</li>
 *   <li>2 × 2 blocks alternating: per row 2 alike and 1 unlike horizontal pair, the same per column: 16 alike and 8 unlike
 *       pairs, Σ w z z = 2 · (16 − 8) · 0.04 = 0.64, I = (16/48) · 1 = 1/3; n_eff = 16 (2/3) / (4/3) = 8,
 *       SE = 0.2 / √8 = 0.0707107, interval 0.4 ± 1.959964 · 0.0707107.</li>
 * </ul>
 */
class SpatialAutocorrelationTest {
    private static final float[] FULL = full(16, 1f);

    private static float[] full(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] field(String rows) {
        String s = rows.replace(" ", "").replace("\n", "");
        float[] v = new float[s.length()];
        for (int i = 0; i < v.length; i++) v[i] = s.charAt(i) == 'a' ? 0.2f : s.charAt(i) == 'b' ? 0.6f : Float.NaN;
        return v;
    }

    @Test
    void checkerboardIsMinusOneAndKeepsEveryPixel() {
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        acc.addField(field("abab baba abab baba"), FULL, 4, 4, 100);
        assertThat(acc.moranI()).isCloseTo(-1, within(1e-6));
        assertThat(acc.cells()).isEqualTo(16);
        SpatialAutocorrelation.Estimate e = acc.estimate(0.4, 0.2);
        assertThat(e.n()).isCloseTo(16, within(1e-9));
        assertThat(e.effectiveN()).isCloseTo(16, within(1e-9));
        assertThat(e.standardError()).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void twoByTwoBlocksAreOneThirdAndHalveTheSampleSize() {
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        acc.addField(field("aabb aabb bbaa bbaa"), FULL, 4, 4, 100);
        assertThat(acc.moranI()).isCloseTo(1.0 / 3, within(1e-6));
        SpatialAutocorrelation.Estimate e = acc.estimate(0.4, 0.2);
        assertThat(e.effectiveN()).isCloseTo(8, within(1e-6));
        assertThat(e.standardError()).isCloseTo(0.2 / Math.sqrt(8), within(1e-9));
        assertThat(e.lower95()).isCloseTo(0.4 - 1.959963984540054 * 0.2 / Math.sqrt(8), within(1e-9));
        assertThat(e.upper95()).isCloseTo(0.4 + 1.959963984540054 * 0.2 / Math.sqrt(8), within(1e-9));
    }

    /**
     * Two halves (columns 0–1 a, 2–3 b): horizontal pairs per row alike, unlike, alike; vertical pairs all alike: 20
     * alike and 4 unlike, Σ w z z = 2 · 16 · 0.04, I = (16/48) · 2 = 2/3, n_eff = 16 (1/3) / (5/3) = 3.2.
     */
    @Test
    void halvesAreTwoThirds() {
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        acc.addField(field("aabb aabb aabb aabb"), FULL, 4, 4, 100);
        assertThat(acc.moranI()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(acc.estimate(0.4, 0.2).effectiveN()).isCloseTo(3.2, within(1e-6));
    }

    /** Cells outside the site (weight 0) and cells without a value (NaN) are neither counted nor neighbours. */
    @Test
    void cellsOutsideOrWithoutValueAreLeftOut() {
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        float[] weights = FULL.clone();
        weights[3] = 0; // a cell of value b at (3, 0) outside the site
        float[] values = field("abax baba abab baba"); // x: no value at (3, 0) anyway, and (2, 0) a is kept
        acc.addField(values, weights, 4, 4, 100);
        assertThat(acc.cells()).isEqualTo(15);
        // 15 cells of a checkerboard: still every neighbour pair unlike; mean 7·0.2+8·0.6 over 15 is not 0.4, but
        // each pair holds one a and one b, so Σ z_i z_j < 0: I is negative
        assertThat(acc.moranI()).isNegative();
        // a constant field has no variance: I undefined, rho 0, n_eff = n, SE 0 with σ 0
        SpatialAutocorrelation flat = new SpatialAutocorrelation();
        flat.addField(full(16, 0.5f), FULL, 4, 4, 100);
        assertThat(flat.moranI()).isNaN();
        assertThat(flat.estimate(0.5, 0).effectiveN()).isCloseTo(16, within(1e-9));
        assertThat(flat.estimate(0.5, 0).standardError()).isZero();
    }

    /** Half-covered cells weigh half: the Kish count of 8 full and 8 half cells is (12)² / (8 + 2) = 14.4. */
    @Test
    void partialCoverageGivesTheKishCount() {
        SpatialAutocorrelation acc = new SpatialAutocorrelation();
        float[] weights = new float[16];
        for (int i = 0; i < 16; i++) weights[i] = i % 2 == 0 ? 1f : 0.5f;
        acc.addField(field("abab baba abab baba"), weights, 4, 4, 1);
        assertThat(acc.weightedCount()).isCloseTo(14.4, within(1e-9));
    }
}
