package greencover.core.raster;

import java.util.Locale;

/**
 * Checks a declared Sentinel-2 BOA offset against the data: the darkest clear land pixels (vegetation, shadowed
 * slopes) have red reflectance of a few hundredths, so
 * <ul>
 *   <li>with the −1000 DN offset subtracted, more than {@value #SHARE_PERCENT} % of the valid pixels at red
 *       reflectance ≤ 0 (DN ≤ 1000) says the DNs were already offset-free (e.g. Earth Search's
 *       {@code boa_offset_applied: true} collections);</li>
 *   <li>with no offset subtracted, a 1st percentile of red reflectance ≥ 0.1 (fewer than {@value #SHARE_PERCENT} %
 *       of the valid pixels below DN 1000) says the DNs may still carry it.</li>
 * </ul>
 * Either gives a warning, never a refusal: negative reflectances do occur over dark surfaces from PB 04.00 on
 * (that is why ESA added the offset), and a crop of bright bare spoil can lack dark pixels. Scenes with fewer than
 * {@value #MIN_PIXELS} valid pixels are not judged. Not thread-safe: one per ingest.
 */
public final class DarkPixelCheck {
    /** Fewest valid pixels judged. */
    public static final int MIN_PIXELS = 1000;
    /** The share of valid pixels, in percent, that decides. */
    public static final int SHARE_PERCENT = 1;
    private final int offsetDn;
    private long valid, atOrBelowZero, belowTenth;

    /** A check of data converted with BOA offset {@code offsetDn} (−1000 or 0). */
    public DarkPixelCheck(int offsetDn) { this.offsetDn = offsetDn; }

    /** Adds {@code n} converted pixels: their red reflectance (NaN where not valid) and classes. */
    public void add(Bands reflectance, byte[] classes, int n) {
        float[] red = reflectance.get(BandRole.RED);
        if (red == null) return;
        for (int i = 0; i < n; i++) {
            if (classes[i] != PixelClass.VALID_CODE) continue;
            float r = red[i];
            if (r != r) continue;
            valid++;
            if (r <= 0) atOrBelowZero++;
            if (r < 0.1f) belowTenth++;
        }
    }

    /** The warning the data give about the declared offset, or null when they agree or are too few. */
    public String warning() {
        if (valid < MIN_PIXELS) return null;
        if (offsetDn != 0 && atOrBelowZero * 100 > SHARE_PERCENT * valid) {
            return String.format(Locale.ROOT, "offset-contradicted: %.1f %% of the valid pixels have red DN <= %d, which the "
                    + "declared BOA offset %d makes reflectance <= 0; the DNs look offset-free: declare offsetApplied=true "
                    + "if the collection removed the offset (earthsearch:boa_offset_applied)",
                    100.0 * atOrBelowZero / valid, -offsetDn, offsetDn);
        }
        if (offsetDn == 0 && belowTenth * 100 < SHARE_PERCENT * valid) {
            return String.format(Locale.ROOT, "offset-unverified: the 1st percentile of red reflectance is >= 0.1 (only %.2f %% "
                    + "of the valid pixels below DN 1000) with no BOA offset subtracted; the DNs may still carry the +1000 "
                    + "offset of processing baseline 04.00 and later", 100.0 * belowTenth / valid);
        }
        return null;
    }
}
