/**
 * HTTP semantics every surface shares, below the REST, OGC and viewer packages: which requests are reads
 * ({@link greencover.http.semantics.ReadRequests}), CORS on every path ({@link greencover.http.semantics.Cors}),
 * {@code HEAD} answered exactly as {@code GET} without the body ({@link greencover.http.semantics.HeadAsGet}),
 * and {@code ETag}/304 with {@code Range}/206 on reads ({@link greencover.http.semantics.ReadResponses},
 * {@link greencover.http.semantics.ByteRange}). It depends on no other GreenCover package.
 */
package greencover.http.semantics;
