package greencover.core.index;

/**
 * A closed interval [min, max] of index values, such as an index's {@link SpectralIndex#outputRange()}.
 */
public record ValueRange(double min, double max) {

    public ValueRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("min must be <= max but was [" + min + ", " + max + "]");
        }
    }

    public static ValueRange of(double min, double max) { return new ValueRange(min, max); }

    /** True when {@code v} lies in the interval; false for NaN. */
    public boolean contains(double v) { return v >= min && v <= max; }

    /** {@code v} limited to the interval; NaN stays NaN. */
    public double clamp(double v) {
        if (v < min) return min;
        if (v > max) return max;
        return v;
    }
}
