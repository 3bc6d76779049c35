package greencover.service.map;

import greencover.core.index.GreenChange;
import greencover.core.raster.ChangeRaster;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.SiteOutlines;
import greencover.service.error.InvalidInputException;
import greencover.service.series.MonthWindow;
import greencover.service.series.PeriodChange;
import greencover.store.SiteRepository;
import java.util.Objects;
import java.util.Optional;

/**
 * The site change layers drawn from {@link PeriodChange#compare}: the route's composites of the site's masked
 * scenes over the route's outline, with {@link GreenChange#op} at the site's own {@code greenThreshold} or the
 * difference, so a site's change map shows exactly the pixels and classes the route counts.
 */
public final class PeriodChangeLayers implements SiteChangeSource {
    private final PeriodChange change;
    private final SiteRepository sites;
    private final SiteOutlines outlines;

    public PeriodChangeLayers(PeriodChange change, SiteRepository sites, SiteOutlines outlines) {
        this.change = Objects.requireNonNull(change, "change");
        this.sites = Objects.requireNonNull(sites, "sites");
        this.outlines = Objects.requireNonNull(outlines, "outlines");
    }

    @Override
    public Drawn draw(String siteId, TimeSelection.Period from, TimeSelection.Period to, MonthWindow months, String index,
                      boolean max, boolean green) {
        Optional<Site> site = sites.byId(siteId);
        if (site.isEmpty()) return null;
        PeriodChange.Comparison c;
        try {
            c = change.compare(site.get(), new PeriodChange.Span(from.start(), from.end()),
                    new PeriodChange.Span(to.start(), to.end()), months, index, !max);
        } catch (InvalidInputException e) { // no data over the site in a period, or outlines that do not overlap: nothing to draw
            return null;
        }
        ChangeRaster.PixelChange op = green ? GreenChange.op(site.get().greenThreshold()) : ChangeRaster.DIFFERENCE;
        Scene latest = c.toScenes().get(c.toScenes().size() - 1);
        return new Drawn(PeriodChange.drawn(c, op), latest.id());
    }

    @Override
    public String fingerprint(String siteId) {
        Optional<Site> site = sites.byId(siteId);
        return site.map(s -> s + "|" + outlines.versions(siteId)).orElse("");
    }
}
