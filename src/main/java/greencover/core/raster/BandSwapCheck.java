package greencover.core.raster;

import java.util.Locale;

/**
 * Checks that the bands given as red and NIR are not swapped: over clear land, vegetation reflects far more in the
 * near infrared than in red and bare soil or spoil slightly more (NDVI about 0.05–0.3), so a scene where more than
 * {@value #SHARE_PERCENT} % of the valid land pixels have NDVI below {@value #NDVI_BELOW} (NIR < 0.905 × red) most
 * likely has its red and NIR files exchanged. Water, cloud, snow and shadow are not valid land and are not judged.
 * A warning, never a refusal (a fresh burn scar or red spoil can be like that); scenes with fewer than
 * {@value #MIN_PIXELS} valid pixels are not judged. Not thread-safe: one per ingest.
 */
public final class BandSwapCheck {
    /** Fewest valid pixels judged. */
    public static final int MIN_PIXELS = 1000;
    /** The share of valid land pixels, in percent, above which the scene is suspect. */
    public static final int SHARE_PERCENT = 50;
    /** The NDVI below which a pixel counts as red-dominated. */
    public static final double NDVI_BELOW = -0.05;
    private long valid, redDominated;

    /** Adds {@code n} converted pixels: their red and NIR reflectance (NaN where not valid) and classes. */
    public void add(Bands reflectance, byte[] classes, int n) {
        float[] red = reflectance.get(BandRole.RED), nir = reflectance.get(BandRole.NIR);
        if (red == null || nir == null) return;
        for (int i = 0; i < n; i++) {
            if (classes[i] != PixelClass.VALID_CODE) continue;
            float r = red[i], q = nir[i];
            if (r != r || q != q) continue;
            valid++;
            // NDVI < -0.05  <=>  (q - r) < -0.05 (q + r)  <=>  1.05 q < 0.95 r, without dividing by q + r
            if (1.05 * q < 0.95 * r) redDominated++;
        }
    }

    /** The share of judged pixels that are red-dominated, or NaN when none were judged. */
    public double share() { return valid == 0 ? Double.NaN : (double) redDominated / valid; }

    /** The warning, or null when the bands look right or the pixels are too few. */
    public String warning() {
        if (valid < MIN_PIXELS || redDominated * 100 <= SHARE_PERCENT * valid) return null;
        return String.format(Locale.ROOT, "bands-swapped: %.1f %% of the valid land pixels have NDVI < %.2f (red brighter "
                + "than near infrared), which clear land rarely shows; check that the red and NIR files were not exchanged",
                100.0 * redDominated / valid, NDVI_BELOW);
    }
}
