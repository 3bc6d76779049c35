package greencover.core.raster;

/**
 * A sensor field of a scene (its sensor id, or a parameter a {@link SensorProvider} declares) is missing or
 * malformed; {@link #field()} names it as the request spells it, e.g. {@code processingBaseline} or {@code scale}.
 */
public class InvalidSensorFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidSensorFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault. */
    public String field() { return field; }
}
