package greencover.service.map;

/** STUB (to be replaced by the renderer branch): a map request that cannot be served, with an OGC code. */
public class MapException extends RuntimeException {
    private final String code;
    private final String locator;

    public MapException(String code, String locator, String message) {
        super(message);
        this.code = code;
        this.locator = locator;
    }

    public String code() { return code; }

    public String locator() { return locator; }
}
