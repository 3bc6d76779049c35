/**
 * The catalog in a relational database through plain JDBC: embedded H2 (one server per data directory) or
 * PostgreSQL. {@link greencover.store.jdbc.JdbcStore#open} is the one entry point; it pools connections
 * (HikariCP), applies the versioned {@code Migrations} (table {@code schema_version}) and returns the
 * repositories. The only package allowed to import {@code java.sql} and, for JSON columns, Jackson.
 */
package greencover.store.jdbc;
