/**
 * Portrayal of index rasters: colour ramps over the 16-bit index codes, the built-in styles, legends and a
 * fast PNG encoder. A style turns a stored code into an ARGB colour through one 65536-entry lookup table.
 */
package greencover.core.render;
