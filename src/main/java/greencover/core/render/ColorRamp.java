package greencover.core.render;

import greencover.core.raster.IndexCodes;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A mapping from a quantity to an ARGB colour: either continuous (linear interpolation of each channel between
 * stops, clamped to the end colours outside the stops) or discrete (class {@code k} for values in
 * [{@code breaks[k-1]}, {@code breaks[k]}), a value equal to a break belonging to the upper class).
 * NaN maps to fully transparent (0).
 */
public final class ColorRamp {
    private final double[] values;
    private final int[] colors;
    private final boolean discrete;
    private final int[] paletteSteps;

    private ColorRamp(double[] values, int[] colors, boolean discrete) {
        this.values = values;
        this.colors = colors;
        this.discrete = discrete;
        this.paletteSteps = discrete ? null : segmentSteps();
    }

    /**
     * Creates a continuous ramp through the stops ({@code values} strictly increasing, one ARGB colour each).
     */
    public static ColorRamp linear(double[] values, int[] argb) {
        if (values.length == 0 || values.length != argb.length) {
            throw new IllegalArgumentException("values and argb must be non-empty and of equal length but were "
                    + values.length + " and " + argb.length);
        }
        checkIncreasing(values, "values");
        return new ColorRamp(values.clone(), argb.clone(), false);
    }

    /** Creates a discrete ramp: {@code argb.length == breaks.length + 1} classes, lowest first. */
    public static ColorRamp classes(double[] breaks, int[] argb) {
        if (argb.length != breaks.length + 1) {
            throw new IllegalArgumentException("argb must have breaks.length + 1 = " + (breaks.length + 1)
                    + " colours but had " + argb.length);
        }
        checkIncreasing(breaks, "breaks");
        return new ColorRamp(breaks.clone(), argb.clone(), true);
    }

    private static void checkIncreasing(double[] v, String name) {
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] > v[i - 1])) throw new IllegalArgumentException(name + " must be strictly increasing at " + i);
        }
    }

    public boolean discrete() { return discrete; }

    /** Stop values (continuous) or class breaks (discrete). */
    public double[] values() { return values.clone(); }

    /** Stop colours (continuous) or class colours, lowest first (discrete). */
    public int[] colors() { return colors.clone(); }

    /** Index of the class of {@code value} for a discrete ramp; -1 for NaN. */
    public int classOf(double value) {
        if (Double.isNaN(value)) return -1;
        int k = 0;
        while (k < values.length && value >= values[k]) k++;
        return k;
    }

    /** The ARGB colour of {@code value}; 0 (transparent) for NaN. */
    public int argbOf(double value) {
        if (Double.isNaN(value)) return 0;
        if (discrete) return colors[classOf(value)];
        int n = values.length;
        if (value <= values[0]) return colors[0];
        if (value >= values[n - 1]) return colors[n - 1];
        int k = 1;
        while (value > values[k]) k++;
        double t = (value - values[k - 1]) / (values[k] - values[k - 1]);
        return lerp(colors[k - 1], colors[k], t);
    }

    private static int lerp(int a, int b, double t) {
        int out = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int ca = (a >>> shift) & 0xFF, cb = (b >>> shift) & 0xFF;
            int c = (int) Math.round(ca + (cb - ca) * t);
            out |= (c & 0xFF) << shift;
        }
        return out;
    }

    /**
     * Builds the 65536-entry table from a stored code ({@code table[code & 0xFFFF]}) to ARGB, colouring
     * {@code quantity.applyAsDouble(IndexCodes.decode(code))}; class codes (no data, cloud, snow, water)
     * map to 0, fully transparent.
     */
    public int[] lookupTable(DoubleUnaryOperator quantity) {
        int[] table = new int[65536];
        for (int code = Short.MIN_VALUE; code <= Short.MAX_VALUE; code++) {
            short s = (short) code;
            table[code & 0xFFFF] = IndexCodes.isValue(s) ? argbOf(quantity.applyAsDouble(IndexCodes.decode(s))) : 0;
        }
        return table;
    }

    /**
     * Builds the 65536-entry table from a stored code to an entry of {@link #palette()}: 0 for class codes and
     * NaN quantities, else the entry of the class (discrete ramp) or of the nearest quantisation step
     * (continuous ramp) of {@code quantity.applyAsDouble(IndexCodes.decode(code))}.
     */
    public byte[] paletteIndexTable(DoubleUnaryOperator quantity) {
        byte[] table = new byte[65536];
        for (int code = Short.MIN_VALUE; code <= Short.MAX_VALUE; code++) {
            short s = (short) code;
            int k = IndexCodes.isValue(s) ? paletteEntry(quantity.applyAsDouble(IndexCodes.decode(s))) : 0;
            table[code & 0xFFFF] = (byte) k;
        }
        return table;
    }

    /**
     * The palette of the ramp (at most 256 entries), entry 0 transparent. Discrete: then the class colours.
     * Continuous: entry 1 is the first stop's colour, then each segment between two stops gets
     * {@link #segmentSteps()} entries at even steps, the last one being the next stop's colour. Segments get
     * a share of 254 steps proportional to their length, rounded down to a multiple of 20 when at least 20, so
     * stops and the tenths, quarters and fifths of a segment are exact and other values are off by at most
     * half a step (1/160 of a segment of 80 steps).
     */
    public int[] palette() {
        if (discrete) {
            int[] p = new int[colors.length + 1];
            System.arraycopy(colors, 0, p, 1, colors.length);
            return p;
        }
        int[] steps = paletteSteps;
        int total = 0;
        for (int n : steps) total += n;
        int[] p = new int[2 + total];
        p[1] = colors[0];
        int at = 2;
        for (int k = 0; k < steps.length; k++) {
            for (int j = 1; j <= steps[k]; j++) p[at++] = lerp(colors[k], colors[k + 1], j / (double) steps[k]);
        }
        return p;
    }

    /** The number of palette steps of each segment of a continuous ramp (see {@link #palette()}). */
    public int[] segmentSteps() {
        if (discrete) throw new IllegalStateException("a discrete ramp has no segments");
        if (paletteSteps != null) return paletteSteps.clone();
        int segments = values.length - 1;
        double span = values[segments] - values[0];
        int[] steps = new int[segments];
        for (int k = 0; k < segments; k++) {
            int n = (int) Math.floor(254 * (values[k + 1] - values[k]) / span);
            steps[k] = n >= 20 ? n / 20 * 20 : Math.max(1, n);
        }
        return steps;
    }

    /** The palette entry of a quantity: 0 for NaN, else 1 + class, or the nearest quantisation step. */
    private int paletteEntry(double q) {
        if (Double.isNaN(q)) return 0;
        if (discrete) return 1 + classOf(q);
        int[] steps = paletteSteps;
        if (q <= values[0] || values.length == 1) return 1;
        int base = 1, k = 1;
        while (k < values.length - 1 && q > values[k]) {
            base += steps[k - 1];
            k++;
        }
        double t = Math.min(1, (q - values[k - 1]) / (values[k] - values[k - 1]));
        return base + (int) Math.round(t * steps[k - 1]);
    }

    @Override
    public String toString() {
        return (discrete ? "classes" : "linear") + Arrays.toString(values);
    }
}
