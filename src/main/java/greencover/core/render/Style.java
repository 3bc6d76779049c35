package greencover.core.render;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A named portrayal of an index raster: the quantity shown (derived from the decoded index value, e.g. FVC from
 * NDVI), its colour ramp, and the lookup tables from stored code to colour or palette index built once at
 * construction (continuous ramps are quantised to {@link ColorRamp#QUANTIZED_COLORS} colours for indexed PNG).
 * The arrays returned by {@link #argbTable()}, {@link #paletteIndexTable()} and {@link #palette()} are shared
 * and must not be modified.
 */
public final class Style {
    private final String key;
    private final String title;
    private final String quantityName;
    private final ColorRamp ramp;
    private final DoubleUnaryOperator quantity;
    private final List<String> classLabels;
    private final int[] argbTable;
    private final byte[] paletteIndexTable;
    private final int[] palette;

    /**
     * Creates a style.
     *
     * @param quantityName short label of what is shown (legend title), e.g. "NDVI"
     * @param quantity maps the decoded index value to the value coloured by {@code ramp}
     * @param classLabels one label per class of a discrete ramp, empty for a continuous one
     */
    public Style(String key, String title, String quantityName, ColorRamp ramp, DoubleUnaryOperator quantity,
                 List<String> classLabels) {
        this.key = Objects.requireNonNull(key, "key");
        this.title = Objects.requireNonNull(title, "title");
        this.quantityName = Objects.requireNonNull(quantityName, "quantityName");
        this.ramp = Objects.requireNonNull(ramp, "ramp");
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.classLabels = List.copyOf(classLabels);
        if (ramp.discrete() && classLabels.size() != ramp.colors().length) {
            throw new IllegalArgumentException("classLabels must have one label per class (" + ramp.colors().length
                    + ") but had " + classLabels.size());
        }
        this.argbTable = ramp.lookupTable(quantity);
        this.paletteIndexTable = ramp.paletteIndexTable(quantity);
        this.palette = ramp.palette();
    }

    public String key() { return key; }

    public String title() { return title; }

    public String quantityName() { return quantityName; }

    public ColorRamp ramp() { return ramp; }

    public boolean discrete() { return ramp.discrete(); }

    public List<String> classLabels() { return classLabels; }

    /** The shown quantity for a decoded index value (NaN stays NaN). */
    public double quantityOf(double indexValue) {
        return Double.isNaN(indexValue) ? Double.NaN : quantity.applyAsDouble(indexValue);
    }

    /** Code → ARGB, indexed by {@code code & 0xFFFF}; class codes are 0 (transparent). Shared, do not modify. */
    public int[] argbTable() { return argbTable; }

    /**
     * Code → palette index (0 = transparent): the class of a discrete style, the quantisation step of a
     * continuous one (see {@link ColorRamp#palette()}). Shared, do not modify.
     */
    public byte[] paletteIndexTable() { return paletteIndexTable; }

    /** Palette of the style (at most 256 entries), entry 0 transparent. Shared, do not modify. */
    public int[] palette() { return palette; }

    @Override
    public String toString() { return "Style[" + key + "]"; }
}
