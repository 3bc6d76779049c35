/**
 * The web viewer: static files under {@code src/main/resources/viewer/} (a Leaflet map of the layers with date,
 * style and opacity controls, site outlines, and a Chart.js time series of a clicked site) and the Leaflet and
 * Chart.js libraries served from their WebJars, never from a CDN. See {@link greencover.http.viewer.ViewerRoutes}.
 */
package greencover.http.viewer;
