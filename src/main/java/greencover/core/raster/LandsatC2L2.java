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
 *
 * <p>The optional {@link BandRole#QA_RADSAT} band (OLI band numbering, bit b−1 = band b saturated): a pixel saturated
 * in red (B4, bit 3) or NIR (B5, bit 4), or terrain-occluded (bit 11), is NODATA, whatever QA_PIXEL says; saturation
 * of blue (B2, bit 1), green (B3, bit 2) or SWIR1 (B6, bit 5) makes only that band's reflectance NaN, so only the
 * indices that use it lose the pixel. Landsat is the reference of the HLS harmonisation ({@link #isOliReference()}).
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

    /** OLI is the reference the HLS adjustment maps Sentinel-2 to. */
    @Override
    public boolean isOliReference() { return true; }

    /** The common bands plus {@link BandRole#QA_RADSAT}. */
    @Override
    public java.util.Set<BandRole> acceptedBands() {
        java.util.Set<BandRole> s = java.util.EnumSet.copyOf(SensorProfile.super.acceptedBands());
        s.add(BandRole.QA_RADSAT);
        return s;
    }

    /** QA_RADSAT bits that make a pixel no data: red (B4), NIR (B5) saturated, terrain occlusion. */
    static final int RADSAT_NODATA = (1 << 3) | (1 << 4) | (1 << 11);

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
        int[] radsat = dn.get(BandRole.QA_RADSAT);
        if (radsat == null) return;
        int n = dn.n();
        java.util.List<float[]> all = new java.util.ArrayList<>();
        for (BandRole r : reflectanceOut.roles()) all.add(reflectanceOut.get(r));
        float[] blue = reflectanceOut.get(BandRole.BLUE), green = reflectanceOut.get(BandRole.GREEN),
                swir1 = reflectanceOut.get(BandRole.SWIR1);
        for (int i = 0; i < n; i++) {
            int q = radsat[i];
            if (q == 0) continue;
            if ((q & RADSAT_NODATA) != 0) {
                classOut[i] = PixelClass.NODATA_CODE;
                for (float[] a : all) a[i] = Float.NaN;
                continue;
            }
            if ((q & (1 << 1)) != 0 && blue != null) blue[i] = Float.NaN;
            if ((q & (1 << 2)) != 0 && green != null) green[i] = Float.NaN;
            if ((q & (1 << 5)) != 0 && swir1 != null) swir1[i] = Float.NaN;
        }
    }

    @Override
    public String toString() { return ID; }
}
