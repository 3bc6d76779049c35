/**
 * Map rendering shared by WMS, WMTS and XYZ: a request (layer, style, time, target grid) becomes an image by
 * choosing scenes, compositing their index rasters per pixel in the target grid, styling and encoding.
 */
package greencover.service.map;
