package greencover.service.map;

import greencover.core.raster.IndexRaster;
import java.time.LocalDate;
import java.util.Map;

/**
 * A stored scene as the map renderer sees it: its acquisition date, sensor id and one
 * {@link IndexRaster} per available index key ("ndvi" always; "savi", "msavi2", "evi", "ndmi" when the
 * bands allowed them). The rasters stay owned by the catalog; the renderer must not close them.
 */
public record MapScene(String id, String name, LocalDate date, String sensor, Map<String, IndexRaster> indices) {}
