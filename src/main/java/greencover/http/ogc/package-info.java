/**
 * What the OGC map protocols share: case-insensitive KVP parameters ({@link greencover.http.ogc.OgcParams}), the
 * one parser of style, TIME, composite, format, transparency and background ({@link greencover.http.ogc.MapParams}),
 * CRS names ({@link greencover.http.ogc.OgcCrs}), tile addresses ({@link greencover.http.ogc.TileRequest}), the
 * response headers every map read gets ({@link greencover.http.ogc.MapResponses}: ETag/304,
 * Cache-Control; CORS, HEAD and Range are {@code http.semantics}, on every route), XML and feature-info writers. The protocols themselves are thin controllers in
 * {@code http.ogc.wms}, {@code http.ogc.wmts} and {@code http.ogc.xyz}, each with ONE error table
 * ({@code WmsErrors}, {@code WmtsErrors}, {@code XyzErrors}) from
 * {@link greencover.service.map.MapRequestException.Reason} to its exception code and HTTP status;
 * {@link greencover.http.OgcRoutes} registers them. Rendering, caching and layer stacking are in
 * {@code service.map}.
 *
 * <p><b>Axis order.</b> The renderer always receives x = east, y = north. The one place that swaps is
 * {@code WmsGetMapRequest}, with {@link greencover.http.ogc.OgcCrs#northFirst()}: WMS 1.3.0 with a CRS whose EPSG
 * axis order is north-first (EPSG:4326, EPSG:4258, EPSG:2180...) sends BBOX as (minNorth, minEast, maxNorth,
 * maxEast).
 *
 * <p><b>Errors.</b> WMS answers a {@code ServiceExceptionReport} with HTTP 400 for every client error (GeoServer
 * answers 200; we prefer a status that caches and monitors can see) and 500 for {@code NoApplicableCode}. WMTS
 * answers an OWS {@code ExceptionReport}: 400, except {@code OperationNotSupported} 501 and
 * {@code NoApplicableCode} 500. XYZ answers JSON {@code {"error", "detail", "field", "status"}}: 404 outside the
 * tile grid or for an unknown layer, 400 for other bad parameters; an in-range tile without data is a transparent
 * PNG. An unexpected exception is logged with its stack trace and answered 500 in the surface's own format.
 */
package greencover.http.ogc;
