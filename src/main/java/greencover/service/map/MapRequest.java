package greencover.service.map;

import org.geotools.api.referencing.crs.CoordinateReferenceSystem;

/** STUB (to be replaced by the renderer branch): one layer to render into a bbox (x = east, y = north). */
public record MapRequest(String layer, String style, String time, String composite, CoordinateReferenceSystem crs,
        double minX, double minY, double maxX, double maxY, int width, int height, String format,
        boolean transparent, int bgColorRgb) {}
