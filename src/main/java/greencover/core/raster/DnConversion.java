package greencover.core.raster;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a linear DN-to-reflectance transform and a mask decoder to pixel arrays; the shared loop of the
 * {@link SensorProfile} implementations. It runs band by band over primitive arrays: one pass decodes the mask
 * into classes, one pass per band applies the no-data DN, and one pass per output band converts.
 */
final class DnConversion {

    /** Decodes one mask sample into a {@link PixelClass} code. */
    @FunctionalInterface
    interface MaskDecoder {
        byte classOf(int maskValue);
    }

    private DnConversion() {}

    /**
     * Converts {@code dn.n()} pixels with reflectance = max(0, DN·scale + offset), as specified by
     * {@link SensorProfile#convert}.
     *
     * @param required  bands that must be in {@code dn} and {@code out} (red and nir)
     * @param hasNodata whether {@code nodataDn} applies
     */
    static void convert(DnBands dn, Bands out, byte[] classOut, Iterable<BandRole> required,
                        double scale, double offset, boolean hasNodata, int nodataDn, MaskDecoder decoder) {
        int n = dn.n();
        for (BandRole r : required) {
            if (!dn.has(r)) throw new IllegalArgumentException(r.key() + " must not be null");
            if (!out.has(r)) throw new IllegalArgumentException(r.key() + "Out must not be null");
        }
        if (classOut == null) throw new IllegalArgumentException("classOut must not be null");
        if (classOut.length < n) throw new IllegalArgumentException("classOut has " + classOut.length + " elements but n is " + n);
        if (out.n() < n) throw new IllegalArgumentException("reflectanceOut has " + out.n() + " pixels but n is " + n);

        int[] mask = dn.get(BandRole.MASK);
        if (mask == null) {
            java.util.Arrays.fill(classOut, 0, n, PixelClass.VALID_CODE);
        } else {
            for (int i = 0; i < n; i++) classOut[i] = decoder.classOf(mask[i]);
        }
        List<int[]> inputs = new ArrayList<>();
        for (BandRole r : dn.roles()) if (!r.isQuality()) inputs.add(dn.get(r));
        if (hasNodata) {
            for (int[] a : inputs) {
                for (int i = 0; i < n; i++) if (a[i] == nodataDn) classOut[i] = PixelClass.NODATA_CODE;
            }
        }
        for (BandRole r : out.roles()) {
            float[] o = out.get(r);
            int[] a = r.isQuality() ? null : dn.get(r);
            if (a == null) {
                java.util.Arrays.fill(o, 0, n, Float.NaN);
                continue;
            }
            for (int i = 0; i < n; i++) {
                o[i] = classOut[i] == PixelClass.VALID_CODE ? reflectance(a[i], scale, offset) : Float.NaN;
            }
        }
    }

    private static float reflectance(int dn, double scale, double offset) {
        double r = dn * scale + offset;
        return r > 0 ? (float) r : 0f;
    }
}
