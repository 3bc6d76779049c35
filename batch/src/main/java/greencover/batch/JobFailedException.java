package greencover.batch;

/** The job cannot run at all (the catalog cannot be opened, no site, a failed search): one line for the user. */
public final class JobFailedException extends RuntimeException {
    public JobFailedException(String message, Throwable cause) { super(message, cause); }

    public JobFailedException(String message) { super(message); }
}
