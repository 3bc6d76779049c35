package greencover.core.raster;

/**
 * How a spectral index is stored as a 16-bit signed integer in an {@link IndexRaster}: a valid pixel
 * holds round(value × {@value #SCALE}) clamped to [{@value #MIN_VALUE}, {@value #MAX_VALUE}]
 * (so NDVI 0.3 is 3000); a pixel that carries no value holds the code of its {@link PixelClass}.
 */
public final class IndexCodes {
    public static final int SCALE = 10000;
    public static final short MIN_VALUE = -30000, MAX_VALUE = 30000;
    public static final short NODATA = -32768, CLOUD = -32767, SNOW = -32766, WATER = -32765, SHADOW = -32764;

    private IndexCodes() {}

    /** True when {@code s} is an index value rather than a class code. */
    public static boolean isValue(short s) { return s >= MIN_VALUE; }

    public static short encode(double value) {
        if (Double.isNaN(value)) return NODATA;
        double v = Math.rint(value * SCALE);
        if (v < MIN_VALUE) v = MIN_VALUE;
        if (v > MAX_VALUE) v = MAX_VALUE;
        return (short) v;
    }

    public static double decode(short s) { return isValue(s) ? s / (double) SCALE : Double.NaN; }

    /** The code stored for a pixel of class {@code pixelClass} (its value when VALID is not a code). */
    public static short codeOf(byte pixelClass) {
        switch (pixelClass) {
            case PixelClass.CLOUD_CODE: return CLOUD;
            case PixelClass.SNOW_CODE: return SNOW;
            case PixelClass.WATER_CODE: return WATER;
            case PixelClass.SHADOW_CODE: return SHADOW;
            default: return NODATA;
        }
    }

    /** The {@link PixelClass} code of a stored sample. */
    public static byte classOf(short s) {
        if (isValue(s)) return PixelClass.VALID_CODE;
        switch (s) {
            case CLOUD: return PixelClass.CLOUD_CODE;
            case SNOW: return PixelClass.SNOW_CODE;
            case WATER: return PixelClass.WATER_CODE;
            case SHADOW: return PixelClass.SHADOW_CODE;
            default: return PixelClass.NODATA_CODE;
        }
    }
}
