package greencover.service.source;

import greencover.service.error.InvalidInputException;
import greencover.stac.Acquisitions;
import greencover.stac.StacException;
import greencover.stac.StacItem;
import greencover.stac.StacSearch;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Searches a STAC API for items ({@code POST {api}/search}) under the {@link SourcePolicy} address rule, following
 * {@code links[rel=next]} in both forms ({@link StacSearch}). The cloud bound is sent in the query extension's form
 * first; a catalog that refuses it (400, 422) is asked again with a CQL2-JSON filter, and items above the bound are
 * skipped here as well, since a catalog may ignore either form without saying so.
 *
 * <p>Guards: at most {@link #MAX_PAGES} pages of at most {@link #MAX_PAGE_BYTES}; a next link that repeats an
 * earlier request ends the paging (a loop); a full page without a next link, or fewer items than the catalog says
 * matched, is reported as a problem. Then one item per acquisition is kept ({@link Acquisitions}): the others are
 * marked superseded.
 */
public final class StacSearchClient {
    public static final int MAX_PAGES = 100;
    public static final long MAX_PAGE_BYTES = 32L << 20;
    private final RemoteRasters remote;

    public StacSearchClient(RemoteRasters remote) { this.remote = remote; }

    /** A found item, with why it is skipped (null: to ingest). */
    public record Found(StacItem item, byte[] json, String skip) {}

    /** What a search found, the problems met on the way, and the pages read. */
    public record Result(List<Found> items, List<String> problems, int pages) {}

    /** The search URL of an API's landing page URL (or the search URL itself). */
    public static URI searchUrl(String stacApi) {
        URI u;
        try {
            u = new URI(stacApi.trim());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new InvalidInputException("invalid_field", "stacApi", "stacApi '" + stacApi + "' is not a URL");
        }
        if (!u.isAbsolute() || u.getHost() == null) throw new InvalidInputException("invalid_field", "stacApi", "stacApi '" + stacApi + "' is not an absolute http(s) URL");
        String s = u.toString().replaceFirst("/+$", "");
        return URI.create(s.endsWith("/search") ? s : s + "/search");
    }

    /** The first page only, to learn that the catalog answers this search (no problem of paging is looked at). */
    public StacSearch.Page probe(URI search, StacSearch.Query q) { return first(search, q).page; }

    private record First(StacSearch.Page page, byte[] sent) {}

    private First first(URI search, StacSearch.Query q) {
        byte[] body = StacSearch.body(q, StacSearch.CloudForm.QUERY);
        RemoteRasters.Answer a = remote.send("POST", search, body, "stacApi", MAX_PAGE_BYTES);
        if ((a.status() == 400 || a.status() == 422) && q.maxCloud() != null) {
            body = StacSearch.body(q, StacSearch.CloudForm.FILTER);
            a = remote.send("POST", search, body, "stacApi", MAX_PAGE_BYTES);
        }
        return new First(page(a, search, body), body);
    }

    private static StacSearch.Page page(RemoteRasters.Answer a, URI at, byte[] sent) {
        if (a.status() >= 500) throw new greencover.service.error.SourceUnavailableException("the catalog's search " + at + " answered HTTP " + a.status(), null);
        if (a.status() != 200) {
            throw new InvalidInputException(a.status() == 404 ? "catalog_not_found" : "catalog_refused", "stacApi", "the catalog's search "
                    + at + " answered HTTP " + a.status() + (a.body().length > 0 ? ": " + snippet(a.body()) : ""));
        }
        try {
            return StacSearch.page(a.body(), sent);
        } catch (StacException e) {
            throw new InvalidInputException(e.code(), "stacApi", at + ": " + e.getMessage());
        }
    }

    private static String snippet(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 200), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return b.length > 200 ? s + "..." : s;
    }

    /** Every page of the search, then the acquisitions (see the class comment); stops early when {@code cancelled}. */
    public Result search(URI search, StacSearch.Query q, BooleanSupplier cancelled) {
        List<String> problems = new ArrayList<>();
        List<StacItem> items = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        First f = first(search, q);
        StacSearch.Page page = f.page;
        byte[] sent = f.sent;
        Set<String> seen = new HashSet<>();
        seen.add("POST " + search + " " + new String(sent, java.nio.charset.StandardCharsets.UTF_8));
        int pages = 1;
        Long matched = page.matched();
        while (true) {
            items.addAll(page.items());
            json.addAll(page.itemJson());
            StacSearch.Next next = page.next();
            if (next == null) {
                if (page.items().size() >= q.limit() && (matched == null || items.size() < matched)) {
                    problems.add("page " + pages + " of the search was full (" + page.items().size() + " items) but had no next link: "
                            + "the catalog may hold more items than were found");
                }
                break;
            }
            if (page.items().isEmpty()) break; // a next link after an empty page leads nowhere
            if (cancelled.getAsBoolean()) break;
            if (pages >= MAX_PAGES) {
                problems.add("the search stopped after " + MAX_PAGES + " pages; narrow datetime or the area");
                break;
            }
            if (!seen.add(next.key())) {
                problems.add("the catalog's next link on page " + pages + " repeats an earlier request; paging stopped (a loop)");
                break;
            }
            URI at;
            try {
                at = search.resolve(next.href());
            } catch (IllegalArgumentException e) {
                problems.add("the next link '" + next.href() + "' is not a URL; paging stopped");
                break;
            }
            RemoteRasters.Answer a = next.method().equals("POST")
                    ? remote.send("POST", at, next.body(), "stacApi", MAX_PAGE_BYTES)
                    : remote.send("GET", at, null, "stacApi", MAX_PAGE_BYTES);
            sent = next.method().equals("POST") ? next.body() : sent;
            page = page(a, at, sent);
            pages++;
        }
        if (matched != null && items.size() < matched && problems.isEmpty() && !cancelled.getAsBoolean()) {
            problems.add("the catalog says " + matched + " items matched but its pages held " + items.size());
        }
        List<Found> out = new ArrayList<>();
        List<Integer> keep = Acquisitions.newest(items);
        Set<Integer> kept = new HashSet<>(keep);
        for (int i = 0; i < items.size(); i++) {
            StacItem it = items.get(i);
            String skip = null;
            Object cc = it.properties().get("eo:cloud_cover");
            if (q.maxCloud() != null && cc instanceof Number n && n.doubleValue() > q.maxCloud()) {
                skip = "cloud cover " + n + " % is above maxCloud " + q.maxCloud();
            } else if (!kept.contains(i)) {
                skip = "superseded by a newer processing of the same acquisition";
            }
            out.add(new Found(it, json.get(i), skip));
        }
        // an acquisition whose newest processing is too cloudy is skipped whole: the older one is no clearer
        return new Result(out, problems, pages);
    }
}
