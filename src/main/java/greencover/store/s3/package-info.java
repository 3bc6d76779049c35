/**
 * Scene files in S3-compatible object storage ({@link greencover.store.s3.S3SceneFileStore}) through the AWS SDK v2
 * over the JDK's HTTP client, with a bounded local cache of the index rasters a server reads
 * ({@link greencover.store.s3.LocalRasterCache}). Objects are written before the catalog row is committed and
 * removed after it stopped being visible; the catalog stays the one source of truth.
 */
package greencover.store.s3;
