package greencover.service.map;

import java.time.LocalDate;
import java.util.List;

/** STUB (to be replaced by the renderer branch): a layer offered by the map renderer. */
public record MapLayer(String name, String title, String abstractText, List<MapStyle> styles, List<LocalDate> dates,
        LocalDate defaultDate, double[] wgs84Bounds, List<Integer> nativeEpsg, boolean queryable) {}
