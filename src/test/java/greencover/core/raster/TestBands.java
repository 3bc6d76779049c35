package greencover.core.raster;

import java.util.EnumMap;
import java.util.Map;

/** Builds {@link DnBands} and {@link Bands} for sensor tests from the arrays of the roles given (null = absent). */
final class TestBands {
    private TestBands() {}

    static DnBands dn(int n, int[] red, int[] nir, int[] blue, int[] swir1, int[] mask) {
        Map<BandRole, int[]> m = new EnumMap<>(BandRole.class);
        if (red != null) m.put(BandRole.RED, red);
        if (nir != null) m.put(BandRole.NIR, nir);
        if (blue != null) m.put(BandRole.BLUE, blue);
        if (swir1 != null) m.put(BandRole.SWIR1, swir1);
        if (mask != null) m.put(BandRole.MASK, mask);
        return DnBands.of(n, m);
    }

    static Bands out(int n, float[] red, float[] nir, float[] blue, float[] swir1) {
        Map<BandRole, float[]> m = new EnumMap<>(BandRole.class);
        if (red != null) m.put(BandRole.RED, red);
        if (nir != null) m.put(BandRole.NIR, nir);
        if (blue != null) m.put(BandRole.BLUE, blue);
        if (swir1 != null) m.put(BandRole.SWIR1, swir1);
        return Bands.of(n, m);
    }
}
