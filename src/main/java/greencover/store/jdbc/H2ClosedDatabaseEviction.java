package greencover.store.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop a connection to an embedded H2 database that has closed itself. H2 closes the database
 * when a write to its file fails (a full disk: {@code MVStoreException ... No space left on device}); every pooled
 * connection then answers "The database has been closed" (90098), which HikariCP does not count as a dead
 * connection, so without this the catalog stays unreadable until a restart even after space was freed. A new
 * connection opens the file again (H2 recovers its last committed state), so reads and writes resume by themselves.
 * Instantiated by HikariCP by name ({@code exceptionOverrideClassName}).
 */
public final class H2ClosedDatabaseEviction implements SQLExceptionOverride {
    /** H2's DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN and GENERAL_ERROR_1 (how a failed file write surfaces). */
    static final int DATABASE_IS_CLOSED = 90098, DATABASE_CALLED_AT_SHUTDOWN = 90121, GENERAL_ERROR = 50000;

    public H2ClosedDatabaseEviction() {}

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s) {
                int code = s.getErrorCode();
                if (code == DATABASE_IS_CLOSED || code == DATABASE_CALLED_AT_SHUTDOWN) return Override.MUST_EVICT;
                if (code == GENERAL_ERROR && String.valueOf(s.getMessage()).contains("MVStoreException")) return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
