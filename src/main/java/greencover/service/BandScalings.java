package greencover.service;

import greencover.core.raster.BandRole;
import greencover.core.raster.GdalScaling;
import greencover.core.raster.RasterFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the GDAL scale/offset each uploaded reflectance band declares with the red band's. A scene is converted
 * with one rule for all its bands (for {@code sentinel2-l2a} the red band's metadata decides the BOA offset), so a NIR
 * band declaring another offset (bands taken from two collections, one with the offset removed) would be converted
 * wrongly: that gives a {@code file-scaling-differs} warning naming both declarations. Quality bands (SCL, QA) and
 * remote bands are not compared; a band whose header cannot be read here is left to the band's own checks.
 */
final class BandScalings {
    private BandScalings() { }

    /**
     * One warning per reflectance band that declares another scaling than the red band's; a band declaring none (a
     * multi-band file with metadata for its first sample only) is not a contradiction.
     */
    static List<String> differences(Map<BandRole, BandInput> bands) {
        BandInput red = bands.get(BandRole.RED);
        List<String> out = new ArrayList<>();
        if (red == null || red.isRemote()) return out;
        GdalScaling ref = read(red);
        for (BandInput b : bands.values()) {
            if (b.role() == BandRole.RED || b.role().isQuality() || b.isRemote()) continue;
            GdalScaling s = read(b);
            if (ref == null || s == null || same(ref, s)) continue;
            out.add(String.format(Locale.ROOT, "file-scaling-differs: %s declares %s but red declares %s in its GDAL metadata; "
                    + "every band of a scene is converted with one rule (the red band's for sentinel2-l2a), so %s may be "
                    + "converted wrongly: upload bands of one collection", b.field(), text(s), text(ref), b.role().key()));
        }
        return out;
    }

    private static GdalScaling read(BandInput b) {
        try {
            return GdalScaling.of(b.file(), b.band(), b.field());
        } catch (RasterFormatException e) {
            return null;
        }
    }

    private static boolean same(GdalScaling a, GdalScaling b) {
        return Math.abs(a.scale() - b.scale()) <= 1e-9 * Math.max(Math.abs(a.scale()), Math.abs(b.scale()))
                && Math.abs(a.offset() - b.offset()) <= 1e-9;
    }

    private static String text(GdalScaling s) { return "scale " + s.scale() + ", offset " + s.offset(); }
}
