package greencover.domain;

/**
 * What readiness needs to know about the catalog: whether it answered just now, and how this process learns of
 * other processes' writes.
 *
 * @param reachable whether a read of the catalog succeeded
 * @param listener  {@link #LISTENER_UP} (a shared catalog's change notifications are being received),
 *                  {@link #LISTENER_DOWN} (they are not: other servers' writes are seen only by the periodic poll)
 *                  or {@link #LISTENER_NOT_NEEDED} (a catalog of this process alone)
 * @param detail    why the catalog is not reachable or the listener is down, null when neither
 */
public record CatalogHealth(boolean reachable, String listener, String detail) {
    public static final String LISTENER_UP = "up";
    public static final String LISTENER_DOWN = "down";
    public static final String LISTENER_NOT_NEEDED = "not needed";

    /** Whether a load balancer may send this server requests: the catalog answers and no listener is down. */
    public boolean ready() { return reachable && !LISTENER_DOWN.equals(listener); }
}
