/**
 * OGC map protocols over the map renderer: WMS 1.3.0 (and 1.1.1), WMTS 1.0.0 (KVP and REST), XYZ tiles with
 * TileJSON, their capabilities documents and exception reports, and the byte-bounded cache of encoded images
 * they share.
 *
 * <p>Each protocol is one thin controller ({@link greencover.http.ogc.Wms}, {@link greencover.http.ogc.Wmts},
 * {@link greencover.http.ogc.Xyz}) that parses its parameters into {@link greencover.service.map.MapRequest}s,
 * calls {@link greencover.http.ogc.CachedMapRenderer} and writes the bytes with cache and CORS headers
 * ({@link greencover.http.ogc.MapResponses}). {@link greencover.http.ogc.OgcRoutes} registers them all.
 *
 * <p><b>Axis order.</b> The renderer always receives x = east, y = north. The one place that swaps is
 * {@link greencover.http.ogc.OgcCrs}: WMS 1.3.0 with a CRS whose EPSG axis order is north-first (EPSG:4326,
 * EPSG:4258, EPSG:2180...) sends BBOX as (minNorth, minEast, maxNorth, maxEast).
 *
 * <p><b>Errors.</b> WMS answers a {@code ServiceExceptionReport} with HTTP 400 for every client error (GeoServer
 * answers 200; we prefer a status that caches and monitors can see) and 500 for {@code NoApplicableCode}. WMTS
 * answers an OWS {@code ExceptionReport}: 400, except {@code OperationNotSupported} 501 and
 * {@code NoApplicableCode} 500. XYZ answers JSON {@code {"error", "detail", "status"}}: 404 outside the tile
 * grid or for an unknown layer, 400 for other bad parameters; an in-range tile without data is a transparent PNG.
 */
package greencover.http.ogc;
