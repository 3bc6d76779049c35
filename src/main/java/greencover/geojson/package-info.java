/**
 * GeoJSON, the wire format of sites and areas: read into the services' typed inputs and written from stored
 * outlines. Used by the REST API ({@code http.rest}) and the sample loader ({@code cli}); the services never see JSON.
 */
package greencover.geojson;
