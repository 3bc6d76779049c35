/**
 * Target grids of map requests: the OGC tile matrix sets (WebMercatorQuad, WorldCRS84Quad) and the warping of a
 * source raster grid into a target grid through an approximate coordinate transform with bounded error.
 */
package greencover.core.tiles;
