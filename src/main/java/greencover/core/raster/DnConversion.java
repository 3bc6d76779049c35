package greencover.core.raster;

/**
 * Applies a linear DN-to-reflectance transform and a mask decoder to pixel arrays; the shared loop of the
 * {@link SensorProfile} implementations.
 */
final class DnConversion {

    /** Decodes one mask sample into a {@link PixelClass} code. */
    @FunctionalInterface
    interface MaskDecoder {
        byte classOf(int maskValue);
    }

    private DnConversion() {}

    /**
     * Converts {@code n} pixels with reflectance = max(0, DN·scale + offset).
     *
     * @param hasNodata whether {@code nodataDn} applies
     */
    static void convert(int n, int[] red, int[] nir, int[] blue, int[] swir1, int[] mask,
                        float[] redOut, float[] nirOut, float[] blueOut, float[] swir1Out, byte[] classOut,
                        double scale, double offset, boolean hasNodata, int nodataDn, MaskDecoder decoder) {
        if (n < 0) throw new IllegalArgumentException("n must be non-negative but was " + n);
        if (red == null) throw new IllegalArgumentException("red must not be null");
        if (nir == null) throw new IllegalArgumentException("nir must not be null");
        check("red", red, n);
        check("nir", nir, n);
        check("blue", blue, n);
        check("swir1", swir1, n);
        check("mask", mask, n);
        check("redOut", redOut, n);
        check("nirOut", nirOut, n);
        check("blueOut", blueOut, n);
        check("swir1Out", swir1Out, n);
        check("classOut", classOut, n);
        if (redOut == null) throw new IllegalArgumentException("redOut must not be null");
        if (nirOut == null) throw new IllegalArgumentException("nirOut must not be null");
        if (classOut == null) throw new IllegalArgumentException("classOut must not be null");
        boolean withBlue = blue != null, withSwir = swir1 != null, withMask = mask != null;
        boolean writeBlue = blueOut != null, writeSwir = swir1Out != null;
        for (int i = 0; i < n; i++) {
            byte cls = PixelClass.VALID_CODE;
            if (hasNodata && (red[i] == nodataDn || nir[i] == nodataDn
                    || (withBlue && blue[i] == nodataDn) || (withSwir && swir1[i] == nodataDn))) {
                cls = PixelClass.NODATA_CODE;
            } else if (withMask) {
                cls = decoder.classOf(mask[i]);
            }
            classOut[i] = cls;
            if (cls == PixelClass.VALID_CODE) {
                redOut[i] = reflectance(red[i], scale, offset);
                nirOut[i] = reflectance(nir[i], scale, offset);
                if (writeBlue) blueOut[i] = withBlue ? reflectance(blue[i], scale, offset) : Float.NaN;
                if (writeSwir) swir1Out[i] = withSwir ? reflectance(swir1[i], scale, offset) : Float.NaN;
            } else {
                redOut[i] = Float.NaN;
                nirOut[i] = Float.NaN;
                if (writeBlue) blueOut[i] = Float.NaN;
                if (writeSwir) swir1Out[i] = Float.NaN;
            }
        }
    }

    private static float reflectance(int dn, double scale, double offset) {
        double r = dn * scale + offset;
        return r > 0 ? (float) r : 0f;
    }

    private static void check(String name, int[] array, int n) {
        if (array != null) checkLength(name, array.length, n);
    }

    private static void check(String name, float[] array, int n) {
        if (array != null) checkLength(name, array.length, n);
    }

    private static void check(String name, byte[] array, int n) {
        if (array != null) checkLength(name, array.length, n);
    }

    private static void checkLength(String name, int length, int n) {
        if (length < n) throw new IllegalArgumentException(name + " has " + length + " elements but n is " + n);
    }
}
