package greencover.service.imports;

import greencover.domain.Site;
import greencover.domain.StacImport;
import greencover.service.SceneService;
import greencover.service.SiteService;
import greencover.service.error.GreenCoverException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.QueueFullException;
import greencover.service.error.SourceUnavailableException;
import greencover.service.source.RemoteRasters;
import greencover.service.source.StacScenes;
import greencover.service.source.StacSearchClient;
import greencover.stac.CollectionProfiles;
import greencover.stac.StacException;
import greencover.stac.StacSearch;
import greencover.store.ImportRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports from a STAC API: {@link #start} checks the request and asks the catalog for its first page (so a bad
 * catalog is refused before anything is stored), stores the import as queued and hands it to one background thread,
 * which searches every page and ingests each item in place as {@code POST /api/v1/scenes {"stacItem"}} does. An item
 * that fails is counted and recorded with its error; the others go on. Progress is stored after every item, with the
 * item ({@link ImportRepository#saveProgress}). {@code bytesRead} is what the import's items read from their assets
 * (HTTP bodies and {@code file:} reads, told to the import's own counter through {@link StacScenes#ingest(StacScenes.StacRequest,
 * java.util.function.LongConsumer)}), not the search pages, and not what
 * any other request of the server reads meanwhile.
 *
 * <p>After a restart, {@link #resumeUnfinished} runs again each import that was queued or running: the search is
 * made anew; the items it had recorded as done keep their outcome and bytes and are not read again (each item counts
 * once: an item ingested before the stop stays {@code ingested}), and only the others are ingested. One that can no
 * longer run (a site deleted meanwhile) is marked failed with the reason. {@link #cancel} stops an import between
 * items; it ends failed, with an error saying it was cancelled.
 *
 * <p>Each import runs under a lease in the catalog ({@link ImportRepository#takeLease}, named {@code import:<id>}),
 * held by this service's {@link #owner} from the moment it is stored, renewed after every item and by a heartbeat
 * every third of {@code lease}, and released when it finishes. On a catalog that several servers share
 * ({@link #catalogShared}), {@link #resumeUnfinished} runs only the unfinished imports whose lease expired (their
 * server died or stopped): the others are running elsewhere. An import whose lease another server took over stops
 * without writing again; a cancel stored by another server stops it after its current item. On a catalog of one
 * process (H2) every unfinished import is resumed at start-up, whatever lease an earlier run of the process left.
 */
public final class ImportService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
    /** Page size when none is asked. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most imports queued or running at once. */
    public static final int MAX_UNFINISHED = 50;
    public static final int MAX_COLLECTIONS = 20;

    private final ImportRepository repo;
    private final SiteService sites;
    private final StacScenes stac;
    private final StacSearchClient search;
    private final Clock clock;
    private final ExecutorService worker;
    private final Map<String, AtomicBoolean> cancels = new ConcurrentHashMap<>();
    private final Object writes = new Object();
    private volatile boolean stopping;
    /** Every lease has expired by then: a process that is alone on its catalog takes any lease at start-up. */
    private static final Instant EVER = Instant.ofEpochMilli(Long.MAX_VALUE);
    private final String owner;
    private final java.time.Duration lease;
    /** The imports this service runs or has queued, whose leases the heartbeat renews. */
    private final java.util.Set<String> held = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService heartbeat;
    private volatile boolean shared;
    private volatile java.util.function.Consumer<List<greencover.domain.Scene>> afterImport = scenes -> { };
    private final java.util.concurrent.atomic.AtomicLong scans = new java.util.concurrent.atomic.AtomicLong();

    public ImportService(ImportRepository repo, SiteService sites, StacScenes stac, RemoteRasters remote, Clock clock) {
        this(repo, sites, stac, remote, clock, newOwner(), java.time.Duration.ofSeconds(60));
    }

    /**
     * The imports of {@code repo}, each run by {@code owner} (this server's id, unique among those sharing the catalog)
     * under a lease of {@code lease} (see the class comment).
     */
    public ImportService(ImportRepository repo, SiteService sites, StacScenes stac, RemoteRasters remote, Clock clock, String owner,
                         java.time.Duration lease) {
        this.owner = java.util.Objects.requireNonNull(owner, "owner");
        this.lease = lease;
        this.heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stac-import-lease");
            t.setDaemon(true);
            return t;
        });
        this.repo = repo;
        this.sites = sites;
        this.stac = stac;
        this.search = new StacSearchClient(remote);
        this.clock = clock;
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "stac-import");
            t.setDaemon(true);
            return t;
        });
        this.worker = ex;
        long beat = Math.max(100, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks {@code spec} and the catalog, stores the import as queued and starts it.
     *
     * @throws InvalidInputException for a bad field, an unknown site, or a catalog that is refused, unreachable
     *         or does not answer a search
     * @throws QueueFullException when {@link #MAX_UNFINISHED} imports are unfinished
     */
    public StacImport start(StacImport.Spec spec) { return start(spec, null); }

    /** As {@link #start(StacImport.Spec)}, for the watch of {@code watchSite} (null: none). */
    public StacImport start(StacImport.Spec spec, String watchSite) {
        StacImport.Spec s = checked(spec);
        Plan plan = plan(s);
        try {
            search.probe(plan.url, plan.query);
        } catch (SourceUnavailableException e) {
            throw new InvalidInputException("catalog_unreachable", "stacApi", "the STAC API " + s.stacApi() + " cannot be reached: " + e.getMessage(), e);
        }
        long unfinished = repo.all().stream().filter(i -> !i.finished()).count();
        if (unfinished >= MAX_UNFINISHED) throw new QueueFullException(unfinished + " imports are queued or running; retry later", 60);
        StacImport i = new StacImport(newId(), s, StacImport.QUEUED, StacImport.Counts.NONE, 0, List.of(), clock.instant(), null, null, watchSite);
        repo.takeLease(leaseOf(i.id()), owner, i.createdAt(), i.createdAt().plus(lease)); // before it is stored: no other server resumes it
        held.add(i.id());
        repo.save(i);
        submit(i.id());
        return i;
    }

    private static String newId() {
        byte[] b = new byte[8];
        new java.security.SecureRandom().nextBytes(b);
        return "imp-" + java.util.HexFormat.of().formatHex(b);
    }

    public StacImport get(String id) { return repo.find(id).orElseThrow(() -> new NoSuchResourceException("import", id)); }

    public List<StacImport> list() { return repo.all(); }

    /**
     * Cancels an import: a queued one at once, a running one after its current item. It ends {@code failed} with the
     * error {@code {"item": null, "error": "cancelled by DELETE at ..."}}. A finished one is answered as it is.
     *
     * @throws NoSuchResourceException for an unknown id
     */
    public StacImport cancel(String id) {
        synchronized (writes) {
            StacImport i = get(id);
            if (i.finished()) return i;
            cancels.computeIfAbsent(id, k -> new AtomicBoolean()).set(true);
            Instant now = clock.instant();
            List<StacImport.ItemError> errors = new ArrayList<>(trim(i.errors()));
            if (errors.size() == StacImport.MAX_ERRORS) errors.remove(errors.size() - 1); // the cancel is always recorded
            errors.add(new StacImport.ItemError(null, StacImport.CANCELLED_BY_DELETE + " at " + now + " (" + (i.items().ingested()
                    + i.items().duplicate() + i.items().skipped() + i.items().failed()) + " of " + i.items().found() + " items done)"));
            StacImport c = i.with(StacImport.FAILED, i.items(), i.bytesRead(), errors, i.startedAt(), now);
            repo.save(c);
            return c;
        }
    }

    /**
     * Starts again the imports a stop left queued or running; returns how many. Sharing the catalog, only those whose
     * lease expired (see the class comment): {@code serve} calls it every half lease.
     */
    public int resumeUnfinished() {
        int n = 0;
        for (StacImport i : resumable()) {
            if (i.finished()) continue;
            try {
                checked(i.spec());
                List<StacImport.ItemError> notes = new ArrayList<>(i.errors());
                if (i.status().equals(StacImport.RUNNING)) {
                    notes.add(new StacImport.ItemError(null, "interrupted by a restart at " + i.items().found() + " found / "
                            + (i.items().ingested() + i.items().duplicate() + i.items().failed() + i.items().skipped())
                            + " done; searched again, the items done before the restart counted once and not read again"));
                }
                repo.save(i.with(StacImport.QUEUED, i.items(), i.bytesRead(), trim(notes), i.startedAt(), null));
                submit(i.id());
                n++;
            } catch (GreenCoverException e) {
                List<StacImport.ItemError> errors = new ArrayList<>(i.errors());
                errors.add(new StacImport.ItemError(null, "not resumed after a restart: " + e.getMessage()));
                repo.save(i.with(StacImport.FAILED, i.items(), i.bytesRead(), trim(errors), i.startedAt(), clock.instant()));
            }
        }
        if (n > 0) LOG.info("imports: resumed {} unfinished import(s)", n);
        return n;
    }

    private void submit(String id) {
        cancels.put(id, new AtomicBoolean());
        Instant now = clock.instant();
        repo.takeLease(leaseOf(id), owner, now, now.plus(lease)); // this service's already (taken when stored or resumed)
        held.add(id);
        worker.execute(() -> {
            try {
                run(id);
            } finally {
                if (!stopping && held.remove(id)) repo.releaseLease(leaseOf(id), owner);
            }
        });
    }

    /**
     * Told the scenes an import stored when it ends (done, failed or cancelled; not when the server stops, after which
     * the resumed import or the periodic evaluation covers them): {@code Services} evaluates the alerts of the sites
     * they meet, once each, instead of after each item (each evaluation reads a site's whole series).
     */
    public void afterImport(java.util.function.Consumer<List<greencover.domain.Scene>> hook) {
        this.afterImport = java.util.Objects.requireNonNull(hook, "hook");
    }

    /** This service's id as the owner of leases: unique per process among the servers of one catalog. */
    public String owner() { return owner; }

    /** A new owner id for this process among the servers of one catalog: host, process id and a random part. */
    public static String newOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + newId().substring(4);
    }

    /** How many times {@link #resumeUnfinished} looked for imports to resume (a server sharing its catalog looks periodically). */
    public long scans() { return scans.get(); }

    static String leaseOf(String importId) { return "import:" + importId; }

    /**
     * Says whether other servers may share the catalog (PostgreSQL): then {@link #resumeUnfinished} leaves alone the
     * imports whose lease is alive (see the class comment).
     */
    public void catalogShared(boolean shared) { this.shared = shared; }

    /**
     * The unfinished imports this service may resume, their leases taken: alone on the catalog, all of them; sharing
     * it, those whose lease expired or that have none, and none that this service runs itself.
     */
    private List<StacImport> resumable() {
        scans.incrementAndGet();
        List<StacImport> out = new ArrayList<>();
        for (StacImport i : repo.all()) {
            if (i.finished() || held.contains(i.id())) continue;
            Instant now = clock.instant();
            if (repo.takeLease(leaseOf(i.id()), owner, shared ? now : EVER, now.plus(lease))) {
                if (shared) LOG.info("import {}: its server's lease expired; resumed by {}", i.id(), owner);
                out.add(i);
            }
        }
        return out;
    }

    /** Renews the leases of the imports this service runs or has queued; one taken over by another server is stopped here. */
    private void renewLeases() {
        for (String id : held) {
            try {
                if (!stopping && !repo.renewLease(leaseOf(id), owner, clock.instant().plus(lease))) lost(id);
            } catch (RuntimeException e) {
                LOG.warn("import {}: its lease was not renewed: {}", id, e.getMessage());
            }
        }
    }

    private void lost(String id) {
        if (!held.remove(id)) return;
        cancels.computeIfAbsent(id, k -> new AtomicBoolean()).set(true);
        LOG.warn("import {}: another server took over its lease; it stops here", id);
    }

    private record Plan(URI url, StacSearch.Query query) {}

    private Plan plan(StacImport.Spec s) {
        URI url = StacSearchClient.searchUrl(s.stacApi());
        String intersects = null;
        double[] bbox = null;
        if (s.sites() != null) {
            List<Site> ss = new ArrayList<>();
            for (String id : s.sites()) ss.add(site(id));
            intersects = SearchArea.intersects(ss);
            if (intersects == null) bbox = SearchArea.bbox(ss);
        } else {
            bbox = s.bbox().stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Plan(url, new StacSearch.Query(s.collections(), intersects, bbox, s.datetime(), s.maxCloud(), s.limit()));
    }

    private Site site(String id) {
        try {
            return sites.get(id);
        } catch (NoSuchResourceException e) {
            throw new InvalidInputException("unknown_site", "sites", "there is no site '" + id + "'");
        }
    }

    /** {@code spec} checked, with its datetime normalised and its limit defaulted. */
    StacImport.Spec checked(StacImport.Spec s) {
        if (s.stacApi() == null || s.stacApi().isBlank()) throw InvalidInputException.missing("stacApi", "stacApi is required: the STAC API's URL");
        URI u = StacSearchClient.searchUrl(s.stacApi());
        String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException("invalid_field", "stacApi", "stacApi must be an http or https URL, not " + scheme + ":");
        }
        if (s.collections() == null || s.collections().isEmpty()) throw InvalidInputException.missing("collections", "collections is required: one or more collection ids");
        if (s.collections().size() > MAX_COLLECTIONS) throw new InvalidInputException("invalid_field", "collections", "at most " + MAX_COLLECTIONS + " collections");
        for (String c : s.collections()) {
            if (c == null || !c.matches("[A-Za-z0-9._:-]{1,100}")) throw new InvalidInputException("invalid_field", "collections", "'" + c + "' is not a collection id");
        }
        boolean hasSites = s.sites() != null, hasBbox = s.bbox() != null;
        if (hasSites == hasBbox) throw new InvalidInputException(hasSites ? "invalid_field" : "missing_field", "sites", "give either sites (site ids) or bbox [west, south, east, north]");
        if (hasSites) {
            if (s.sites().isEmpty() || s.sites().size() > SiteService.MAX_SITES_PER_ADD) throw new InvalidInputException("invalid_field", "sites", "sites must list 1 to " + SiteService.MAX_SITES_PER_ADD + " site ids");
            for (String id : s.sites()) site(id);
        } else {
            List<Double> b = s.bbox();
            if (b.size() != 4 || b.stream().anyMatch(d -> d == null || !Double.isFinite(d)) || b.get(0) < -180 || b.get(2) > 180
                    || b.get(1) < -90 || b.get(3) > 90 || b.get(1) >= b.get(3) || b.get(0) >= b.get(2)) {
                throw new InvalidInputException("invalid_field", "bbox", "bbox must be [west, south, east, north] in WGS84 degrees, west < east and south < north");
            }
        }
        String datetime;
        try {
            datetime = StacSearch.datetime(s.datetime());
        } catch (StacException e) {
            throw new InvalidInputException(e.code(), e.field(), e.getMessage());
        }
        if (s.maxCloud() != null && !(s.maxCloud() >= 0 && s.maxCloud() <= 100)) {
            throw new InvalidInputException("invalid_field", "maxCloud", "maxCloud must be a percentage in 0..100 but was " + s.maxCloud());
        }
        int limit = s.limit() == 0 ? DEFAULT_LIMIT : s.limit();
        if (limit < 1 || limit > StacSearch.MAX_LIMIT) throw new InvalidInputException("invalid_field", "limit", "limit must be in 1.." + StacSearch.MAX_LIMIT + " but was " + s.limit());
        if (s.profile() != null && !CollectionProfiles.NAMES.contains(s.profile())) {
            throw new InvalidInputException("invalid_field", "collectionProfile", "collectionProfile '" + s.profile() + "' is not one of " + CollectionProfiles.NAMES);
        }
        return new StacImport.Spec(s.stacApi().trim(), List.copyOf(s.collections()), hasSites ? List.copyOf(s.sites()) : null,
                hasBbox ? List.copyOf(s.bbox()) : null, datetime, s.maxCloud(), s.profile(), limit);
    }

    private static List<StacImport.ItemError> trim(List<StacImport.ItemError> e) {
        return e.size() <= StacImport.MAX_ERRORS ? e : new ArrayList<>(e.subList(0, StacImport.MAX_ERRORS));
    }

    /** Saves {@code next} unless the import was cancelled meanwhile; returns whether it goes on. */
    private boolean progress(StacImport next) { return progress(next, null); }

    /** As above, recording also that the import is done with item {@code done} (null: none) in the same write. */
    private boolean progress(StacImport next, StacImport.Done done) {
        synchronized (writes) {
            if (stopping || cancelled(next.id())) return false;
            if (!repo.renewLease(leaseOf(next.id()), owner, clock.instant().plus(lease))) {
                lost(next.id());
                return false;
            }
            if (repo.find(next.id()).map(StacImport::finished).orElse(true)) return false; // cancelled on another server
            if (done == null) repo.save(next);
            else repo.saveProgress(next, done);
            return true;
        }
    }

    private boolean cancelled(String id) {
        AtomicBoolean c = cancels.get(id);
        return c != null && c.get();
    }

    /** An item's key among the items an import is done with. */
    private static String key(StacSearchClient.Found f) { return f.item().collection() + "/" + f.item().id(); }

    private void run(String id) {
        StacImport i = repo.find(id).orElse(null);
        if (i == null || i.finished() || cancelled(id)) return;
        Instant started = i.startedAt() != null ? i.startedAt() : clock.instant();
        List<StacImport.ItemError> errors = new ArrayList<>(i.errors());
        // what was done before a restart, counted from the items recorded (an import stored without them starts at zero)
        List<StacImport.Done> before = repo.done(id);
        int found = before.size(), ingested = 0, duplicate = 0, skipped = 0, failed = 0;
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        Map<String, Integer> doneBefore = new java.util.HashMap<>();
        for (StacImport.Done d : before) {
            switch (d.outcome()) {
                case StacImport.Done.INGESTED -> ingested++;
                case StacImport.Done.DUPLICATE -> duplicate++;
                case StacImport.Done.SKIPPED -> skipped++;
                default -> failed++;
            }
            bytes.addAndGet(d.bytesRead());
            doneBefore.merge(d.key(), 1, Integer::sum);
        }
        if (!progress(i.with(StacImport.RUNNING, new StacImport.Counts(found, ingested, duplicate, skipped, failed), bytes.get(), errors,
                started, null))) return;
        List<greencover.domain.Scene> stored = new ArrayList<>(); // told on this thread, by the ingest of each item
        try {
            Plan plan = plan(i.spec());
            StacSearchClient.Result r = search.search(plan.url, plan.query, () -> cancelled(id));
            for (String p : r.problems()) {
                StacImport.ItemError e = new StacImport.ItemError(null, p);
                if (!errors.contains(e)) errors.add(e); // a resumed search meets the same problems again
            }
            List<StacSearchClient.Found> todo = new ArrayList<>();
            int unmatched = before.size();
            for (StacSearchClient.Found f : r.items()) {
                Integer n = doneBefore.get(key(f));
                if (n != null && n > 0) { // done before the restart: counted once, not read again
                    doneBefore.put(key(f), n - 1);
                    unmatched--;
                } else {
                    todo.add(f);
                }
            }
            found = r.items().size() + unmatched; // an item done before that the catalog no longer returns still counts
            if (!progress(i.with(StacImport.RUNNING, new StacImport.Counts(found, ingested, duplicate, skipped, failed), bytes.get(),
                    trim(errors), started, null))) return;
            for (StacSearchClient.Found f : todo) {
                if (stopping || cancelled(id)) return;
                long bytesBefore = bytes.get();
                String outcome;
                if (f.skip() != null) {
                    skipped++;
                    outcome = StacImport.Done.SKIPPED;
                } else {
                    try {
                        SceneService.IngestResult res = stac.ingest(new StacScenes.StacRequest(null, f.json(), i.spec().profile(), null),
                                bytes::addAndGet, stored::add);
                        if (res.duplicate()) duplicate++;
                        else ingested++;
                        outcome = res.duplicate() ? StacImport.Done.DUPLICATE : StacImport.Done.INGESTED;
                    } catch (GreenCoverException | greencover.core.raster.RasterFormatException e) {
                        failed++;
                        outcome = StacImport.Done.FAILED;
                        errors.add(new StacImport.ItemError(f.item().id(), e.getMessage()));
                    } catch (RuntimeException e) {
                        failed++;
                        outcome = StacImport.Done.FAILED;
                        LOG.warn("import {}: item {} failed", id, f.item().id(), e);
                        errors.add(new StacImport.ItemError(f.item().id(), e.getClass().getSimpleName() + ": " + e.getMessage()));
                    }
                }
                long now = bytes.get();
                if (!progress(i.with(StacImport.RUNNING, new StacImport.Counts(found, ingested, duplicate, skipped, failed), now,
                        trim(errors), started, null), new StacImport.Done(key(f), outcome, now - bytesBefore))) return;
            }
            progress(i.with(StacImport.DONE, new StacImport.Counts(found, ingested, duplicate, skipped, failed),
                    bytes.get(), trim(errors), started, clock.instant()));
            LOG.info("import {}: done, {} found, {} ingested, {} duplicate, {} skipped, {} failed", id, found, ingested, duplicate, skipped, failed);
        } catch (RuntimeException e) {
            errors.add(new StacImport.ItemError(null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            if (!(e instanceof GreenCoverException)) LOG.warn("import {} failed", id, e);
            progress(i.with(StacImport.FAILED, new StacImport.Counts(found, ingested, duplicate, skipped, failed),
                    bytes.get(), trim(errors), started, clock.instant()));
        } finally {
            if (!stored.isEmpty() && !stopping) {
                try {
                    afterImport.accept(List.copyOf(stored));
                } catch (RuntimeException e) {
                    LOG.warn("import {}: after its {} new scene(s): {}", id, stored.size(), e.toString());
                }
            }
        }
    }

    /** Stops the worker: a running import stays running in the catalog and is resumed at the next start. */
    @Override
    public void close() {
        synchronized (writes) {
            stopping = true; // from now on nothing is written: the catalog closes after this
        }
        worker.shutdownNow();
        heartbeat.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
