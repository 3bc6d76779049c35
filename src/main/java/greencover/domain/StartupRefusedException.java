package greencover.domain;


/**
 * A start-up refused for a reason the operator fixes: the data directory is used by another process or belongs to
 * another catalog, or the token file is empty or unreadable. The message is one line saying what to do; the command line prints it
 * without a stack trace and exits non-zero.
 */
public class StartupRefusedException extends StoreException {
    public StartupRefusedException(String message) { super(message, null); }
}
