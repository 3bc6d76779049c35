package greencover.service.series;

import greencover.domain.Site;
import greencover.store.CatalogVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SiteSummaryView} of each site, computed by {@link SeriesService#summaryOf} on first use and kept until
 * the catalog version changes: a listing after a write recomputes each listed site once, a liveness probe or a map
 * request never does. Thread-safe; two threads may compute the same view once each.
 */
public final class SiteSummaries {
    private final SeriesService series;
    private final CatalogVersion version;
    private volatile Cache cache = new Cache(Long.MIN_VALUE, Map.of());

    private record Cache(long version, Map<String, SiteSummaryView> views) {}

    /** Views of {@code series}, valid as long as {@code version} stays the same. */
    public SiteSummaries(SeriesService series, CatalogVersion version) {
        this.series = series;
        this.version = version;
    }

    /** The view of {@code site} as of the current catalog version. */
    public SiteSummaryView of(Site site) {
        long v = version.current();
        Cache c = cache;
        if (c.version != v) cache = c = new Cache(v, new ConcurrentHashMap<>());
        SiteSummaryView view = c.views.get(site.id());
        if (view == null) {
            view = series.summaryOf(site);
            c.views.put(site.id(), view);
        }
        return view;
    }
}
