/**
 * WMS 1.3.0 and 1.1.1 at {@code /wms}: GetCapabilities, GetMap, GetFeatureInfo, GetLegendGraphic; request
 * parsing into typed {@link greencover.service.map.MapRequest}s, capabilities, and the WMS error table
 * ({@link greencover.http.ogc.wms.WmsErrors}).
 */
package greencover.http.ogc.wms;
