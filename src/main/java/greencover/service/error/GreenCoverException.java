package greencover.service.error;

import java.util.regex.Pattern;

/**
 * A failure the application layer reports to whoever called it, in protocol-free terms: a stable machine
 * {@link #code()} (lower snake case, e.g. {@code invalid_geometry}; never changes once published), the input
 * {@link #field()} it concerns (or {@code null} when no single field is at fault), and a {@link #getMessage()
 * detail} a user can act on. The subclass says what kind of failure it is; each protocol maps the kinds to its
 * own statuses in one table (REST: {@code http.rest.RestErrors}). No HTTP status lives here.
 */
public abstract class GreenCoverException extends RuntimeException {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");
    private final String code;
    private final String field;

    /**
     * @param code   the stable machine code, lower snake case
     * @param field  the input field at fault, or {@code null}
     * @param detail the human-readable explanation
     * @throws IllegalArgumentException if {@code code} is not lower snake case
     */
    protected GreenCoverException(String code, String field, String detail) {
        this(code, field, detail, null);
    }

    protected GreenCoverException(String code, String field, String detail, Throwable cause) {
        super(detail, cause);
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code must be lower snake case but was '" + code + "'");
        }
        this.code = code;
        this.field = field == null || field.isEmpty() ? null : field;
    }

    /** The stable machine code, lower snake case. */
    public String code() { return code; }

    /** The input field the failure concerns, or {@code null}. */
    public String field() { return field; }
}
