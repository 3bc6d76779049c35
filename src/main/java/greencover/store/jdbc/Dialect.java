package greencover.store.jdbc;

/**
 * What differs between the two supported databases: column types for binary and long text, the URL settings
 * GreenCover needs, and the migration lock. Everything else in {@code store.jdbc} is plain SQL both accept.
 */
enum Dialect {
    H2("VARBINARY(16777216)", "CHARACTER LARGE OBJECT"),
    POSTGRESQL("BYTEA", "TEXT");

    /** The type of a binary column of up to 16 MiB. */
    final String blob;
    /** The type of an unbounded text column. */
    final String text;

    Dialect(String blob, String text) {
        this.blob = blob;
        this.text = text;
    }

    /**
     * The dialect of a JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}).
     *
     * @throws IllegalArgumentException for any other database
     */
    static Dialect of(String url) {
        if (url.startsWith("jdbc:h2:")) return H2;
        if (url.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new IllegalArgumentException("unsupported JDBC URL '" + url + "': use jdbc:h2:... or jdbc:postgresql://...");
    }

    /**
     * {@code url} with the settings GreenCover relies on. For H2: {@code WRITE_DELAY=0}, so a commit is on disk
     * when it is acknowledged (H2's default flushes up to 500 ms later and loses acknowledged writes when the
     * process dies), and {@code TRACE_LEVEL_FILE=4}, so H2's own errors go to the log (SLF4J) instead of a
     * {@code greencover.trace.db} file left beside the catalog; each unless the URL sets it already.
     */
    String configure(String url) {
        if (this != H2) return url;
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains(";WRITE_DELAY=")) url += ";WRITE_DELAY=0";
        if (!upper.contains(";TRACE_LEVEL_FILE=")) url += ";TRACE_LEVEL_FILE=4";
        return url;
    }

    /**
     * A statement that makes concurrent migrations of one database wait for each other inside the current
     * transaction, or null when the database is single-process (H2 file databases are locked by their process).
     */
    String migrationLock() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(7416204312)" : null;
    }
}
