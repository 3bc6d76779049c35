/**
 * Map rendering shared by WMS, WMTS and XYZ, free of any protocol: a typed {@link greencover.service.map.MapRequest}
 * (layer, style, parsed {@link greencover.service.map.TimeSelection}, {@link greencover.service.map.Composite},
 * target grid, {@link greencover.service.map.ImageFormat}, background) becomes an image by choosing scenes,
 * compositing their index rasters per pixel in the target grid, styling and encoding
 * ({@link greencover.service.map.MapRenderer}). Several layers are stacked in memory and encoded once
 * ({@link greencover.service.map.LayerStack}); results are cached under a protocol-independent key
 * ({@link greencover.service.map.CachedMapRenderer}, {@link greencover.service.map.MapCache}). Requests that
 * cannot be served fail with a {@link greencover.service.map.MapRequestException} whose
 * {@link greencover.service.map.MapRequestException.Reason} each protocol maps with its own table.
 */
package greencover.service.map;
