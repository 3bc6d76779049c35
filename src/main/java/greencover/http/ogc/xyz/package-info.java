/**
 * XYZ tiles at {@code /tiles/{layer}/{z}/{x}/{y}.png}, their TileJSON, the {@code /api/v1/layers} list for
 * viewers, and the XYZ error table ({@link greencover.http.ogc.xyz.XyzErrors}, JSON bodies).
 */
package greencover.http.ogc.xyz;
