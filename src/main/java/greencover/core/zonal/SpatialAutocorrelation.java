package greencover.core.zonal;

/**
 * Moran's I of a site's pixel field on rook (edge-sharing) neighbours, and the effective sample size and standard error
 * of the site mean it implies.
 *
 * <h2>Moran's I</h2>
 * Over the cells of a field that are inside the site (weight &gt; 0) and hold a finite value, with deviations
 * z_i = x_i − x̄ from their plain mean and binary weights w_ij = 1 for the (ordered) pairs of such cells that share an
 * edge: I = (n / W) · Σ_ij w_ij z_i z_j / Σ_i z_i², W = Σ_ij w_ij (Moran 1950; Cliff &amp; Ord 1981). Several fields (the
 * scenes of one date) are pooled by adding their n, W, cross-products and squares, each about its own mean. I is NaN
 * when no two cells are neighbours or all values are equal. A checkerboard of two values has I = −1; a field of 2 × 2
 * blocks of alternating values on a 4 × 4 grid has I = 1/3 (16 of the 24 neighbour pairs alike, 8 unlike).
 *
 * <h2>Effective sample size and standard error</h2>
 * n is the Kish (1965) effective count of the weighted cells, (Σw)² / Σw², which is the cell count for cells of one
 * size fully inside the site. With ρ = I clamped to [0, 0.99], the effective sample size is the first-order
 * autoregressive one, n_eff = n (1 − ρ) / (1 + ρ) (Bayley &amp; Hammersley 1946; its use for spatial data and the
 * alternatives are discussed by Dutilleul 1993, Biometrics 49:305–314, and Griffith 2005, Annals of the AAG
 * 95(4):740–760), at least 1. Negative autocorrelation is not credited (ρ = 0: n_eff = n), so the rule never claims
 * more information than n independent pixels. The standard error of the mean is σ / √n_eff with σ the site's
 * weighted population standard deviation, and the 95 % interval mean ± 1.96 SE.
 *
 * <p>Not thread-safe: one accumulator per point.
 */
public final class SpatialAutocorrelation {
    /** The largest ρ used, so that n_eff stays finite and positive. */
    public static final double MAX_RHO = 0.99;
    /** The standard normal quantile of 0.975. */
    public static final double Z_975 = 1.959963984540054;

    private long cells;
    private double pairs, cross, squares, sumW, sumW2;

    /**
     * Adds one field: {@code values[j × width + i]} (NaN where a cell has no valid value) and the cells' weights
     * {@code weights} (coverage × ground area; 0 outside the site), both row-major over {@code width × height}.
     *
     * @throws IllegalArgumentException if the arrays are shorter than {@code width × height}
     */
    public void addField(float[] values, float[] weights, int width, int height, double cellArea) {
        int n = width * height;
        if (values.length < n || weights.length < n) throw new IllegalArgumentException("values and weights must hold " + n + " cells");
        double sum = 0;
        long count = 0;
        for (int k = 0; k < n; k++) {
            if (in(values, weights, k)) {
                sum += values[k];
                count++;
                double w = weights[k] * cellArea;
                sumW += w;
                sumW2 += w * w;
            }
        }
        if (count == 0) return;
        double mean = sum / count;
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int k = j * width + i;
                if (!in(values, weights, k)) continue;
                double z = values[k] - mean;
                squares += z * z;
                if (i + 1 < width && in(values, weights, k + 1)) {
                    cross += 2 * z * (values[k + 1] - mean);
                    pairs += 2;
                }
                if (j + 1 < height && in(values, weights, k + width)) {
                    cross += 2 * z * (values[k + width] - mean);
                    pairs += 2;
                }
            }
        }
        cells += count;
    }

    private static boolean in(float[] values, float[] weights, int k) {
        return weights[k] > 0 && !Float.isNaN(values[k]);
    }

    /** Cells with a value inside the site, over every field added. */
    public long cells() { return cells; }

    /** Moran's I of the fields added; NaN without neighbour pairs or without variance. */
    public double moranI() {
        if (pairs == 0 || !(squares > 0)) return Double.NaN;
        return (cells / pairs) * cross / squares;
    }

    /** The Kish effective count (Σw)² / Σw²; 0 when nothing was added. */
    public double weightedCount() { return sumW2 > 0 ? sumW * sumW / sumW2 : 0; }

    /** The standard error and 95 % interval of {@code mean} with population standard deviation {@code std}. */
    public Estimate estimate(double mean, double std) {
        double n = weightedCount();
        double i = moranI();
        if (!(n > 0) || !Double.isFinite(mean)) return new Estimate(i, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double rho = Double.isNaN(i) ? 0 : Math.max(0, Math.min(MAX_RHO, i));
        double nEff = Math.max(1, n * (1 - rho) / (1 + rho));
        double se = (Double.isFinite(std) ? std : 0) / Math.sqrt(nEff);
        return new Estimate(i, n, nEff, se, mean - Z_975 * se, mean + Z_975 * se);
    }

    /**
     * The uncertainty of one site mean.
     *
     * @param moranI         Moran's I on rook neighbours (NaN when undefined)
     * @param n              the Kish effective count of the valid cells
     * @param effectiveN     n (1 − ρ) / (1 + ρ), ρ = I clamped to [0, 0.99], at least 1
     * @param standardError  σ / √n_eff
     * @param lower95        mean − 1.96 SE
     * @param upper95        mean + 1.96 SE
     */
    public record Estimate(double moranI, double n, double effectiveN, double standardError, double lower95, double upper95) {}
}
