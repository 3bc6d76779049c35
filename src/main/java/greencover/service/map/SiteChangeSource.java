package greencover.service.map;

import greencover.core.raster.IndexRaster;
import greencover.service.series.MonthWindow;

/**
 * The change of one site between two periods as its change route counts it, for the site's change layers
 * ({@code <site>:ndvi-change}, {@code <site>:greencover-change}): {@link PeriodChangeLayers} draws
 * {@code service.series.PeriodChange}'s comparison.
 */
public interface SiteChangeSource {
    /** What a site's change layer draws, in its scene grid, and the id of the latest scene of the second period. */
    record Drawn(IndexRaster raster, String latestToSceneId) {}

    /**
     * The change of site {@code siteId} from period {@code from} to period {@code to} in {@code months}, of
     * {@code index}, per-pixel maximum ({@code max}) or median composites: the green-cover change class at the site's
     * green threshold ({@code green}) or the index difference, no data outside the comparison's outline; null when
     * there is no such site or a period has no data over it.
     */
    Drawn draw(String siteId, TimeSelection.Period from, TimeSelection.Period to, MonthWindow months, String index,
               boolean max, boolean green);

    /**
     * A text that changes whenever something of the site that {@link #draw} reads besides the scenes changes (its
     * threshold, permanent water, mask buffer, outline and outline versions), for cache keys; "" for no such site.
     */
    String fingerprint(String siteId);
}
