package greencover.service.error;

/**
 * A bounded work queue (the ingest queue) holds as many requests as it takes, running and waiting: this one was
 * refused before anything was read or stored. Code {@code queue_full}; REST answers 429 Too Many Requests with
 * {@code Retry-After}.
 */
public class QueueFullException extends OverloadedException {
    /** @param retryAfterSeconds suggested wait before a retry, in seconds; values below 1 are taken as 1 */
    public QueueFullException(String detail, int retryAfterSeconds) {
        super("queue_full", detail, retryAfterSeconds);
    }
}
