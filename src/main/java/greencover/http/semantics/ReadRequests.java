package greencover.http.semantics;

/**
 * The one rule of what a read is, shared by the token check and CORS: {@code GET}, {@code HEAD}, {@code OPTIONS},
 * and {@code POST /api/v1/statistics} (statistics of an ad-hoc polygon; nothing is stored).
 */
public final class ReadRequests {
    /** The one POST that stores nothing. */
    public static final String STATISTICS_PATH = "/api/v1/statistics";

    private ReadRequests() {}

    /**
     * Whether a request with {@code method} (upper case, e.g. {@code GET}) on {@code path} only reads.
     *
     * @param path the request path without the query, e.g. {@code /api/v1/sites}
     */
    public static boolean isRead(String method, String path) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> true;
            case "POST" -> STATISTICS_PATH.equals(path);
            default -> false;
        };
    }
}
