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
 *
 * <p>Several servers on one catalog each time every watch ({@link #refresh} follows the watches the others set or
 * deleted), but a timed poll runs only under the watch's lease ({@code watch:<site>}), taken until just before the
 * next poll is due ({@code every} less a tenth of it, at most {@link #POLL_SLACK}): so each watch is polled once per
 * interval whichever server's timer fires first. A watch whose site is gone is deleted ({@link #forget}).
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
    private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
    /** The most by which a watch's lease ends before its next poll is due (timers of several servers drift). */
    public static final Duration POLL_SLACK = Duration.ofMinutes(5);

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
            repo.takeLease(leaseOf(siteId), pollOwner(now), Instant.ofEpochMilli(Long.MAX_VALUE), nextLeaseEnd(now, every)); // polled now
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
        intervals.put(w.siteId(), w.every());
        ScheduledFuture<?> old = scheduled.put(w.siteId(), timer.scheduleAtFixedRate(() -> pollQuietly(w.siteId()),
                firstIn.toMillis(), w.every().toMillis(), TimeUnit.MILLISECONDS));
        if (old != null) old.cancel(false);
    }

    private void pollQuietly(String siteId) {
        try {
            pollDue(siteId);
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

    /**
     * What a watch's timer does: polls the site's watch if its lease can be taken (no other server polled it within
     * this interval); a watch no longer stored stops its timer here, and one whose site is gone is deleted. Returns
     * whether it polled.
     */
    public boolean pollDue(String siteId) {
        java.util.Optional<SiteWatch> w = repo.watch(siteId);
        if (w.isEmpty()) {
            unschedule(siteId);
            return false;
        }
        try {
            sites.get(siteId);
        } catch (NoSuchResourceException gone) {
            forget(siteId);
            return false;
        }
        Instant now = clock.instant();
        if (!repo.takeLease(leaseOf(siteId), pollOwner(now), now, nextLeaseEnd(now, w.get().every()))) return false; // polled this interval
        poll(siteId);
        return true;
    }

    /**
     * Follows the watches other servers set or deleted on a shared catalog: schedules the stored watches this service
     * does not time (or times at another interval), and stops the timers of those no longer stored; returns how many
     * it scheduled.
     */
    public int refresh() {
        Map<String, SiteWatch> stored = new java.util.HashMap<>();
        for (SiteWatch w : repo.watches()) stored.put(w.siteId(), w);
        for (String site : List.copyOf(scheduled.keySet())) if (!stored.containsKey(site)) unschedule(site);
        int n = 0;
        for (SiteWatch w : stored.values()) {
            if (w.every().equals(intervals.get(w.siteId())) && scheduled.containsKey(w.siteId())) continue;
            Instant due = w.lastPollAt() == null ? clock.instant() : w.lastPollAt().plus(w.every());
            Duration wait = Duration.between(clock.instant(), due);
            schedule(w, wait.isNegative() ? Duration.ZERO : wait);
            n++;
        }
        return n;
    }

    /** Stops and deletes the watch of site {@code siteId} whether or not the site still exists (its delete calls this). */
    public void forget(String siteId) {
        unschedule(siteId);
        if (repo.deleteWatch(siteId)) LOG.info("watch of site {}: deleted with its site", siteId);
    }

    /** The sites whose watches this service times now. */
    public java.util.Set<String> scheduledSites() { return java.util.Set.copyOf(scheduled.keySet()); }

    private void unschedule(String siteId) {
        ScheduledFuture<?> f = scheduled.remove(siteId);
        intervals.remove(siteId);
        if (f != null) f.cancel(false);
    }

    private static String leaseOf(String siteId) { return "watch:" + siteId; }

    /**
     * The owner of one poll's lease: this server and the poll's time, so that no timer, this server's included, takes
     * it again before it expires (a lease's owner may always take it again).
     */
    private String pollOwner(Instant now) { return imports.owner() + "#" + now.toEpochMilli(); }

    /** When a poll at {@code now}'s lease ends: {@code every} later, less a tenth of it (at most {@link #POLL_SLACK}). */
    static Instant nextLeaseEnd(Instant now, Duration every) {
        Duration slack = every.dividedBy(10);
        if (slack.compareTo(POLL_SLACK) > 0) slack = POLL_SLACK;
        return now.plus(every).minus(slack);
    }

    private static StacImport.Spec spec(SiteWatch w) {
        return new StacImport.Spec(w.stacApi(), w.collections(), List.of(w.siteId()), null, w.from() + "/..", w.maxCloud(), w.profile(), 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
