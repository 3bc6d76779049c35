package greencover.service.error;

/**
 * Input the caller must fix: a missing or malformed field, an unusable file, a value out of range.
 * The code says which rule was broken ({@code missing_field}, {@code invalid_field}, {@code invalid_geometry},
 * {@code invalid_raster}, ...), the field where.
 */
public class InvalidInputException extends GreenCoverException {
    public InvalidInputException(String code, String field, String detail) {
        super(code, field, detail);
    }

    public InvalidInputException(String code, String field, String detail, Throwable cause) {
        super(code, field, detail, cause);
    }

    /** A required field is absent: code {@code missing_field}. */
    public static InvalidInputException missing(String field, String detail) {
        return new InvalidInputException("missing_field", field, detail);
    }

    /** A field is present but its value is not acceptable: code {@code invalid_field}. */
    public static InvalidInputException invalid(String field, String detail) {
        return new InvalidInputException("invalid_field", field, detail);
    }
}
