package greencover.core.raster;

/**
 * The one reason a pixel is or is not used, in priority order: a pixel that is both no data and cloud
 * is {@link #NODATA}; cloud beats snow, snow beats water. Only {@link #VALID} pixels carry index values.
 * The byte {@link #code()} is what class arrays hold.
 */
public enum PixelClass {
    VALID(0), NODATA(1), CLOUD(2), SNOW(3), WATER(4);

    public static final byte VALID_CODE = 0, NODATA_CODE = 1, CLOUD_CODE = 2, SNOW_CODE = 3, WATER_CODE = 4;
    private static final PixelClass[] BY_CODE = values();

    private final byte code;

    PixelClass(int code) { this.code = (byte) code; }

    public byte code() { return code; }

    public static PixelClass ofCode(int code) { return BY_CODE[code]; }

    public String key() { return name().toLowerCase(java.util.Locale.ROOT); }
}
