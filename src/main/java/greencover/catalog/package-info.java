/**
 * Persistence of sites, scenes and their zonal summaries through plain JDBC, on an embedded H2 file
 * database by default or PostgreSQL for several instances ({@link greencover.catalog.Catalog}), and the
 * scene files under the data directory ({@link greencover.catalog.SceneFiles}).
 */
package greencover.catalog;
