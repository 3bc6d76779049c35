package greencover.service.map;

import java.util.Objects;

/**
 * A map request that cannot be served, with its OGC exception code (LayerNotDefined, StyleNotDefined,
 * InvalidCRS, InvalidFormat, InvalidDimensionValue, MissingParameterValue, InvalidPoint,
 * InvalidParameterValue) and the parameter at fault as locator (may be null).
 */
public final class MapException extends RuntimeException {
    public static final String LAYER_NOT_DEFINED = "LayerNotDefined";
    public static final String STYLE_NOT_DEFINED = "StyleNotDefined";
    public static final String INVALID_CRS = "InvalidCRS";
    public static final String INVALID_FORMAT = "InvalidFormat";
    public static final String INVALID_DIMENSION_VALUE = "InvalidDimensionValue";
    public static final String MISSING_PARAMETER_VALUE = "MissingParameterValue";
    public static final String INVALID_POINT = "InvalidPoint";
    public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";

    private final String code;
    private final String locator;

    public MapException(String code, String locator, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.locator = locator;
    }

    /** The OGC exception code. */
    public String code() { return code; }

    /** The request parameter at fault, or null. */
    public String locator() { return locator; }
}
