package greencover.batch;

import greencover.domain.Site;
import greencover.service.error.GreenCoverException;
import greencover.service.imports.SearchArea;
import greencover.service.source.RemoteRasters;
import greencover.service.source.StacSearchClient;
import greencover.stac.StacException;
import greencover.stac.StacSearch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's STAC search, on the driver: the server's own search client ({@link StacSearchClient}, the one behind
 * {@code POST /api/v1/imports}), so the address rule of the job's {@link Catalogs#sources source policy}, the page
 * and size guards, the loop guard, the cloud bound in both forms and the choice of one item per acquisition are the
 * server's. The area is the sites' outlines ({@link SearchArea}, as an import over sites sends it) unless
 * {@code --bbox} is given. Each item kept is returned as its own JSON document, so a task needs no second fetch.
 */
final class JobSearch {
    private static final Logger LOG = LoggerFactory.getLogger(JobSearch.class);

    private JobSearch() {}

    /** What the search found: the items to ingest (JSON), how many it skipped, and the problems it met on the way. */
    record Found(List<String> items, int skipped, List<String> problems) {}

    /**
     * Searches {@code s.stacApi()} over {@code sites}.
     *
     * @throws JobFailedException when the settings are refused, or the catalog refuses, cannot be reached or does not
     *         answer a search (nothing is written then)
     */
    static Found items(JobSettings s, List<Site> sites) {
        URI url;
        String datetime;
        try {
            url = StacSearchClient.searchUrl(s.stacApi());
            datetime = StacSearch.datetime(s.datetime());
        } catch (GreenCoverException | StacException e) {
            throw new JobFailedException("the STAC search cannot be made: " + e.getMessage(), e);
        }
        if (s.collections().isEmpty()) throw new JobFailedException("--stac-api needs --collections (e.g. sentinel-2-l2a)");
        if (s.pageSize() < 1 || s.pageSize() > StacSearch.MAX_LIMIT) {
            throw new JobFailedException("--page-size must be in 1.." + StacSearch.MAX_LIMIT + " but was " + s.pageSize());
        }
        String intersects = s.bbox() == null ? SearchArea.intersects(sites) : null;
        double[] bbox = s.bbox() != null ? s.bbox() : intersects == null ? SearchArea.bbox(sites) : null;
        StacSearch.Query q = new StacSearch.Query(s.collections(), intersects, bbox, datetime, s.maxCloud(), s.pageSize());
        StacSearchClient.Result r;
        try {
            r = new StacSearchClient(new RemoteRasters(Catalogs.sources(s))).search(url, q, () -> false);
        } catch (GreenCoverException e) {
            throw new JobFailedException("the STAC search at " + url + " failed (" + e.code() + "): " + e.getMessage(), e);
        }
        List<String> items = new ArrayList<>();
        int skipped = 0;
        for (StacSearchClient.Found f : r.items()) {
            if (f.skip() != null) {
                skipped++;
                LOG.info("search: item {} skipped: {}", f.item().id(), f.skip());
            } else {
                items.add(new String(f.json(), StandardCharsets.UTF_8));
            }
        }
        for (String p : r.problems()) LOG.warn("search: {}", p);
        LOG.info("the STAC search at {} found {} items in {} pages ({} skipped) over {} sites", url, r.items().size(), r.pages(),
                skipped, sites.size());
        return new Found(items, skipped, r.problems());
    }
}
