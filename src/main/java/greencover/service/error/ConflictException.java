package greencover.service.error;

/**
 * The request is well formed but contradicts stored state: an identifier already taken, the same files
 * stored with other settings. Code {@code conflict} unless a more specific one is given.
 */
public class ConflictException extends GreenCoverException {
    public ConflictException(String field, String detail) {
        this("conflict", field, detail, null);
    }

    public ConflictException(String code, String field, String detail, Throwable cause) {
        super(code, field, detail, cause);
    }
}
