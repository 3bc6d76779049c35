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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's STAC search, on the driver: the server's own search client ({@link StacSearchClient}, the one behind
 * {@code POST /api/v1/imports}), so the address rule of the job's {@link Catalogs#sources source policy}, the page
 * and size guards, the loop guard, the cloud bound in both forms and the choice of one item per acquisition are the
 * server's. The area is the sites' outlines ({@link SearchArea}, as an import over sites sends it) unless
 * {@code --bbox} is given. Each item kept is returned as its own JSON document, so a task needs no second fetch.
 *
 * <p>A closed {@code --datetime} interval over several calendar years is searched one year at a time
 * ({@link #windows}), each search under the server's guards (at most {@link StacSearchClient#MAX_PAGES} pages), so a
 * decade of an archive is not cut at the page limit; an item found in two windows (its instant on their common
 * bound) is kept once.
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
        StacSearchClient client = new StacSearchClient(new RemoteRasters(Catalogs.sources(s)));
        List<String> items = new ArrayList<>(), problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int skipped = 0, found = 0, pages = 0;
        List<String> windows = windows(datetime);
        for (String window : windows) {
            StacSearch.Query q = new StacSearch.Query(s.collections(), intersects, bbox, window, s.maxCloud(), s.pageSize());
            StacSearchClient.Result r;
            try {
                r = client.search(url, q, () -> false);
            } catch (GreenCoverException e) {
                throw new JobFailedException("the STAC search at " + url + (windows.size() > 1 ? " for " + window : "") + " failed ("
                        + e.code() + "): " + e.getMessage(), e);
            }
            pages += r.pages();
            for (StacSearchClient.Found f : r.items()) {
                if (!seen.add(f.item().collection() + "|" + f.item().id())) continue;
                found++;
                if (f.skip() != null) {
                    skipped++;
                    LOG.info("search: item {} skipped: {}", f.item().id(), f.skip());
                } else {
                    items.add(new String(f.json(), StandardCharsets.UTF_8));
                }
            }
            for (String p : r.problems()) {
                String problem = windows.size() > 1 ? window + ": " + p : p;
                problems.add(problem);
                LOG.warn("search: {}", problem);
            }
        }
        LOG.info("the STAC search at {} found {} items in {} pages of {} searches ({} skipped) over {} sites", url, found, pages,
                windows.size(), skipped, sites.size());
        return new Found(items, skipped, problems);
    }

    /**
     * The datetime windows searched for {@code datetime} (normalised by {@link StacSearch#datetime}): a closed interval
     * over several calendar years as one window per year, {@code a/Y+1-01-01T00:00:00Z}, ...,
     * {@code Y-01-01T00:00:00Z/b} (STAC intervals are closed, so neighbours share their bound); anything else as it is.
     */
    static List<String> windows(String datetime) {
        if (datetime == null || !datetime.contains("/") || datetime.contains("..")) return java.util.Collections.singletonList(datetime);
        String[] ends = datetime.split("/");
        Instant a = Instant.parse(ends[0]), b = Instant.parse(ends[1]);
        int first = a.atZone(ZoneOffset.UTC).getYear(), last = b.atZone(ZoneOffset.UTC).getYear();
        List<String> out = new ArrayList<>();
        for (int y = first; y <= last; y++) {
            Instant from = y == first ? a : LocalDate.of(y, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant to = y == last ? b : LocalDate.of(y + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (y == last && y > first && to.equals(from)) break; // b is the new year's first instant: the previous window holds it
            out.add(from + "/" + to);
        }
        return out;
    }
}
