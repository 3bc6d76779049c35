package greencover.service.map;

import java.util.Map;

/** STUB (to be replaced by the renderer branch): what a point query found. */
public record PointInfo(String layer, double x, double y, Map<String, Object> properties) {}
