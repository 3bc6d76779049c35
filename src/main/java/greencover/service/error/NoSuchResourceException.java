package greencover.service.error;

/**
 * The named resource does not exist: code {@code not_found}, field = the resource kind ({@code site},
 * {@code scene}, ...), detail {@code "<kind> '<id>' does not exist"}.
 */
public class NoSuchResourceException extends GreenCoverException {
    private final String kind;
    private final String id;

    public NoSuchResourceException(String kind, String id) {
        super("not_found", kind, kind + " '" + id + "' does not exist");
        this.kind = kind;
        this.id = id;
    }

    /** The kind of resource looked for, e.g. {@code site}. */
    public String kind() { return kind; }

    /** The identifier that was not found. */
    public String id() { return id; }
}
