package greencover.core.index;

import greencover.core.raster.ChangeRaster;
import greencover.core.raster.IndexCodes;

/**
 * Green-cover change of a pixel between two periods, at a green threshold t (green: index &ge; t, as
 * {@code greenAreaM2}): {@code gained} (not green, then green), {@code lost} (green, then not), {@code stable-green}
 * (green in both), {@code stable-not-green} (green in neither). Only pixels with a value in both periods have a class.
 * The change route's areas and the {@code greencover-change} map layer share these codes: a pixel of class k
 * is stored as the index code k + 1 (1 to 4), which the layer's discrete style colours.
 */
public final class GreenChange {
    /** Class keys in code order; part of the public API (JSON keys, legend labels). */
    public static final String[] NAMES = {"gained", "lost", "stable-green", "stable-not-green"};
    public static final int GAINED = 0, LOST = 1, STABLE_GREEN = 2, STABLE_NOT_GREEN = 3;

    private GreenChange() {}

    /** The class of a pixel whose values are {@code from} and {@code to} (decoded); -1 when either is NaN. */
    public static int classOf(double from, double to, double threshold) {
        if (Double.isNaN(from) || Double.isNaN(to)) return -1;
        boolean a = from >= threshold, b = to >= threshold;
        return a ? (b ? STABLE_GREEN : LOST) : (b ? GAINED : STABLE_NOT_GREEN);
    }

    /** The per-pixel op of the map layer: code (class + 1) where both are values, else the class code of the pixel. */
    public static ChangeRaster.PixelChange op(double threshold) {
        return (x, y) -> {
            if (IndexCodes.isValue(x) && IndexCodes.isValue(y)) {
                return (short) (classOf(IndexCodes.decode(x), IndexCodes.decode(y), threshold) + 1);
            }
            return ChangeRaster.notBoth(x, y);
        };
    }
}
