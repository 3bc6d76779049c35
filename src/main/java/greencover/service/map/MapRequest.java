package greencover.service.map;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/**
 * One map image to render: layer, style (null = the layer's default), time (null = default; a date, a
 * reduced-accuracy period such as {@code 2024} or {@code 2024-06}, or {@code start/end}), composite rule
 * (null or "latest" = latest clear observation, "max" = maximum), the target grid — CRS and bbox in the CRS's
 * east/north (x/y) order, longitude first for geographic CRSs, and size in pixels — and the output: format
 * ({@code image/png} or {@code image/jpeg}), transparency of pixels without data and the background colour
 * (0xRRGGBB) used where they are not transparent.
 */
public record MapRequest(String layer, String style, String time, String composite, CoordinateReferenceSystem crs,
                         double minX, double minY, double maxX, double maxY, int width, int height, String format,
                         boolean transparent, int bgColorRgb) {}
