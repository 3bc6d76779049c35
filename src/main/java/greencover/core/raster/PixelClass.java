package greencover.core.raster;

/**
 * The one reason a pixel is or is not used, in priority order: a pixel that is both no data and cloud
 * is {@link #NODATA}; cloud beats shadow, shadow beats snow, snow beats water. Only {@link #VALID} pixels carry
 * index values. {@link #SHADOW} is cloud shadow and dark (terrain-shadowed) area; scenes ingested before it
 * existed hold their shadow in {@link #CLOUD}. The byte {@link #code()} is what class arrays hold.
 *
 * <p>A pixel is <em>clear</em> (seen from above) when it is {@link #VALID} or {@link #WATER}
 * ({@link #isClear(byte)}); valid means clear land.
 */
public enum PixelClass {
    VALID(0), NODATA(1), CLOUD(2), SNOW(3), WATER(4), SHADOW(5);

    public static final byte VALID_CODE = 0, NODATA_CODE = 1, CLOUD_CODE = 2, SNOW_CODE = 3, WATER_CODE = 4, SHADOW_CODE = 5;
    /** The number of classes (codes are 0 .. COUNT - 1). */
    public static final int COUNT = 6;
    private static final PixelClass[] BY_CODE = values();

    private final byte code;

    PixelClass(int code) { this.code = (byte) code; }

    public byte code() { return code; }

    public static PixelClass ofCode(int code) { return BY_CODE[code]; }

    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** True for the codes of pixels seen from above: {@link #VALID} and {@link #WATER}. */
    public static boolean isClear(byte code) { return code == VALID_CODE || code == WATER_CODE; }
}
