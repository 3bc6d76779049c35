package greencover.service.imports;

import greencover.domain.SiteWatch;
import greencover.domain.StacImport;
import greencover.service.SiteService;
import greencover.service.error.GreenCoverException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.stac.StacException;
import greencover.stac.StacSearch;
import greencover.store.ImportRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sites' watches on STAC APIs: a watch {@link #put} polls at once and then every {@code every} (at least
 * {@link #minimumEvery()}, by default {@link #MIN_EVERY}); each poll is an {@link ImportService import} of the watch's collections over the site from its
 * {@code from} on, so what is new is ingested and what is stored comes back as duplicates. A poll is skipped while
 * the previous one is unfinished. Watches are kept in the catalog and scheduled again at start-up, the first poll
 * then due {@code every} after the last one.
 */
public final class WatchService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchService.class);
    /** The default shortest interval ({@code AppConfig.watchMinEvery}). */
    public static final Duration MIN_EVERY = Duration.ofMinutes(1);
    public static final Duration MAX_EVERY = Duration.ofDays(30);
    /** Without a {@code from}, a watch looks this far back from its creation. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);

    private final ImportRepository repo;
    private final SiteService sites;
    private final ImportService imports;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private volatile Duration minEvery = MIN_EVERY;

    public WatchService(ImportRepository repo, SiteService sites, ImportService imports, Clock clock) {
        this.repo = repo;
        this.sites = sites;
        this.imports = imports;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stac-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** The shortest {@code every} a watch may ask. */
    public Duration minimumEvery() { return minEvery; }

    /** Sets the shortest {@code every} a watch may ask (the configuration's, before any watch is put). */
    public void minimumEvery(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("the shortest watch interval must be positive but was " + d);
        this.minEvery = d;
    }

    /** What a watch asks: the API, collections, cloud bound, interval (ISO-8601, e.g. PT6H), start and profile. */
    public record WatchRequest(String stacApi, List<String> collections, Double maxCloud, String every, String from, String profile) {}

    /**
     * Sets the site's watch (replacing one) and polls it once now; the first poll's import is checked as an import is,
     * so a bad catalog is refused and nothing is stored.
     *
     * @throws NoSuchResourceException for an unknown site
     * @throws InvalidInputException for a bad field
     */
    public SiteWatch put(String siteId, WatchRequest r) {
        sites.get(siteId);
        Duration every;
        try {
            every = Duration.parse(r.every() == null ? "" : r.every().trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException("invalid_field", "every", "every must be an ISO-8601 duration like PT6H, not '" + r.every() + "'");
        }
        if (every.compareTo(minEvery) < 0 || every.compareTo(MAX_EVERY) > 0) {
            throw new InvalidInputException("invalid_field", "every", "every must be between " + minEvery + " and " + MAX_EVERY + " but was " + every);
        }
        Instant now = clock.instant();
        String from;
        try {
            from = r.from() == null ? now.minus(DEFAULT_LOOKBACK).toString() : StacSearch.datetime(r.from());
        } catch (StacException e) {
            throw new InvalidInputException(e.code(), "from", e.getMessage());
        }
        if (from.contains("/")) throw new InvalidInputException("invalid_field", "from", "from is one instant, not an interval");
        SiteWatch w = new SiteWatch(siteId, r.stacApi(), r.collections(), r.maxCloud(), every, from, r.profile(), now, null, null);
        StacImport first = imports.start(spec(w), siteId); // checks every field and the catalog before the watch is stored
        w = w.polled(now, first.id());
        synchronized (this) {
            repo.saveWatch(w);
            schedule(w, every);
        }
        return w;
    }

    public SiteWatch get(String siteId) {
        sites.get(siteId);
        return repo.watch(siteId).orElseThrow(() -> new NoSuchResourceException("watch", siteId));
    }

    /** Removes the site's watch and its timer; a poll running meanwhile stores nothing after it. */
    public synchronized void delete(String siteId) {
        sites.get(siteId);
        ScheduledFuture<?> f = scheduled.remove(siteId);
        if (f != null) f.cancel(false);
        if (!repo.deleteWatch(siteId)) throw new NoSuchResourceException("watch", siteId);
    }

    /** Schedules the stored watches; each first poll is due {@code every} after its last. */
    public int scheduleStored() {
        List<SiteWatch> all = repo.watches();
        for (SiteWatch w : all) {
            Instant due = w.lastPollAt() == null ? clock.instant() : w.lastPollAt().plus(w.every());
            Duration wait = Duration.between(clock.instant(), due);
            schedule(w, wait.isNegative() ? Duration.ZERO : wait);
        }
        return all.size();
    }

    private void schedule(SiteWatch w, Duration firstIn) {
        ScheduledFuture<?> old = scheduled.put(w.siteId(), timer.scheduleAtFixedRate(() -> pollQuietly(w.siteId()),
                firstIn.toMillis(), w.every().toMillis(), TimeUnit.MILLISECONDS));
        if (old != null) old.cancel(false);
    }

    private void pollQuietly(String siteId) {
        try {
            poll(siteId);
        } catch (RuntimeException e) {
            LOG.warn("watch of site {}: the poll failed: {}", siteId, e.getMessage());
        }
    }

    /**
     * Polls the site's watch now (what its timer does): starts an import unless the last one is unfinished; returns
     * the watch as stored after it.
     */
    public SiteWatch poll(String siteId) {
        SiteWatch w = repo.watch(siteId).orElseThrow(() -> new NoSuchResourceException("watch", siteId));
        if (w.lastImportId() != null) {
            var last = repo.find(w.lastImportId());
            if (last.isPresent() && !last.get().finished()) return w;
        }
        Instant now = clock.instant();
        String id;
        try {
            id = imports.start(spec(w), siteId).id();
        } catch (GreenCoverException e) {
            LOG.warn("watch of site {}: {}", siteId, e.getMessage());
            id = w.lastImportId();
        }
        SiteWatch polled = w.polled(now, id);
        synchronized (this) { // not over a delete or a replacement made while the import started
            SiteWatch current = repo.watch(siteId).orElse(null);
            if (current == null || !current.createdAt().equals(w.createdAt())) return current == null ? polled : current;
            repo.saveWatch(polled);
        }
        return polled;
    }

    private static StacImport.Spec spec(SiteWatch w) {
        return new StacImport.Spec(w.stacApi(), w.collections(), List.of(w.siteId()), null, w.from() + "/..", w.maxCloud(), w.profile(), 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
