package greencover.core.raster;

import java.util.Map;

/**
 * One parameter a {@link SensorProvider} accepts, as a text field of a scene upload (form field, query parameter,
 * CLI option or manifest entry): its name (part of the public API), type, default (null when it has none) and a
 * one-line description. The typed readers treat a missing or blank field as the default and throw an
 * {@link InvalidSensorFieldException} naming the field when the text does not parse.
 */
public record SensorParameter(String name, Type type, String defaultValue, String description) {

    /** How the text of a field is read. */
    public enum Type {
        /** Free text. */
        TEXT,
        /** A finite decimal number. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** Comma-separated whole numbers. */
        INTEGER_LIST
    }

    public SensorParameter {
        if (name == null || !name.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("name must be a camelCase word but was " + name);
        }
        if (type == null) throw new IllegalArgumentException("type must not be null");
    }

    /** The trimmed text of this field in {@code fields}, or the default when missing or blank. */
    public String text(Map<String, String> fields) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    /** The field as a finite number, or null when missing without default. */
    public Double number(Map<String, String> fields) {
        String t = text(fields);
        if (t == null) return null;
        try {
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidSensorFieldException(name, name + " must be a number but was '" + fields.get(name) + "'");
        }
    }

    /**
     * The field as a whole number (a decimal with a fraction is cut), or null when missing without default.
     *
     * @throws InvalidSensorFieldException when the number lies outside the 32-bit range (never clamped)
     */
    public Integer integer(Map<String, String> fields) {
        Double v = number(fields);
        if (v == null) return null;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new InvalidSensorFieldException(name, name + " must be a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + " but was '" + fields.get(name) + "'");
        }
        return (int) v.doubleValue();
    }

    /** The field as comma-separated whole numbers, or null when missing without default. */
    public int[] integers(Map<String, String> fields) {
        String t = text(fields);
        if (t == null) return null;
        String[] parts = t.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidSensorFieldException(name, name + " must be comma-separated integers but has '"
                        + parts[i].trim() + "'");
            }
        }
        return out;
    }
}
