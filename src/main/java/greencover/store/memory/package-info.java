/**
 * The catalog ports implemented in memory ({@link greencover.store.memory.MemoryStore}): real implementations with
 * the JDBC store's transaction, ordering and version contract (they pass the same contract tests), for fast service
 * tests and a development mode without a database.
 */
package greencover.store.memory;
