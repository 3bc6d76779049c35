package greencover.service;

/**
 * Signals input a user must fix: a missing or malformed field, an unusable file, a value out of range.
 * {@link #code()} is a stable machine code (e.g. {@code invalid_geometry}); {@link #field()} names the
 * request field at fault. Mapped to HTTP 400 (or {@link #status()}) with {@code {"error", "detail"}}.
 */
public class BadRequestException extends RuntimeException {
    private final String code;
    private final String field;
    private final int status;

    public BadRequestException(String code, String field, String detail) {
        this(400, code, field, detail);
    }

    public BadRequestException(int status, String code, String field, String detail) {
        super(detail);
        this.code = code;
        this.field = field;
        this.status = status;
    }

    public String code() { return code; }

    public String field() { return field; }

    public int status() { return status; }

    public static BadRequestException notFound(String what, String id) {
        return new BadRequestException(404, "not_found", what, what + " '" + id + "' does not exist");
    }

    public static BadRequestException conflict(String field, String detail) {
        return new BadRequestException(409, "conflict", field, detail);
    }

    public static BadRequestException tooLarge(String field, String detail) {
        return new BadRequestException(413, "payload_too_large", field, detail);
    }
}
