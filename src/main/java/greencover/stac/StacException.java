package greencover.stac;

/** A STAC item or profile that cannot be used, with a stable error code and the field it concerns. */
public class StacException extends RuntimeException {
    private final String code;
    private final String field;

    public StacException(String code, String message) {
        this(code, "stacItem", message);
    }

    public StacException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() { return code; }

    public String field() { return field; }
}
