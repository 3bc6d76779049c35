package greencover.core.raster;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Converts Landsat 8/9 Collection 2 Level-2 surface-reflectance DNs: reflectance = DN × 0.0000275 − 0.2,
 * DN 0 = fill (no data). Do not use for Collection 1 (scale 1e-4).
 *
 * <p>The optional mask is QA_PIXEL: bit 0 fill → NODATA; bit 1 dilated cloud, 2 cirrus or 3 cloud → CLOUD;
 * else bit 4 cloud shadow → SHADOW; bit 5 snow → SNOW; bit 7 water → WATER; otherwise VALID (bit 6 "clear" is not required).
 */
public final class LandsatC2L2 implements SensorProfile, SensorProvider {

    /** Registry id. */
    public static final String ID = "landsat-c2l2";
    /** Reflectance per DN. */
    public static final double SCALE = 0.0000275;
    /** Reflectance at DN 0. */
    public static final double OFFSET = -0.2;

    @Override
    public String id() { return ID; }

    /** None: the scale and offset are fixed by the collection. */
    @Override
    public List<SensorParameter> parameters() { return List.of(); }

    /** This profile: every Collection 2 Level-2 scene converts alike. */
    @Override
    public SensorProfile open(Map<String, String> fields, LocalDate acquired, String productName) { return this; }

    /** {@code null|0}: no baseline, no DN offset (the form of release 0.1). */
    @Override
    public String identity() { return "null|0"; }

    /** The {@link PixelClass} code of one QA_PIXEL value. */
    public static byte classOfQaPixel(int qa) {
        if ((qa & 1) != 0) return PixelClass.NODATA_CODE;
        if ((qa & 0b1110) != 0) return PixelClass.CLOUD_CODE;
        if ((qa & 0b1_0000) != 0) return PixelClass.SHADOW_CODE;
        if ((qa & (1 << 5)) != 0) return PixelClass.SNOW_CODE;
        if ((qa & (1 << 7)) != 0) return PixelClass.WATER_CODE;
        return PixelClass.VALID_CODE;
    }

    @Override
    public void convert(DnBands dn, Bands reflectanceOut, byte[] classOut) {
        DnConversion.convert(dn, reflectanceOut, classOut, requiredBands(),
                SCALE, OFFSET, true, 0, LandsatC2L2::classOfQaPixel);
    }

    @Override
    public String toString() { return ID; }
}
