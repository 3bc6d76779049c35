package greencover.service;

import greencover.core.index.Fvc;
import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.error.ConflictException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.service.error.PayloadTooLargeException;
import greencover.store.DiskSpace;
import greencover.store.SceneRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import greencover.store.Transactions;
import greencover.store.WriteLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Adds, lists and deletes sites. Adding validates every draft first (slug ids, name length, threshold and
 * endmember ranges, the {@link PolygonRules} of the outline), then stores the sites and their summaries over every
 * stored scene in one transaction, so a rejected request changes nothing. The summaries are computed before the
 * write lock is taken (a 1000-site request does not stop ingests for its whole duration); only what changed
 * meanwhile is recomputed under it. A scene read in place ({@code POST /api/v1/scenes {"stacItem"}}) whose stored
 * window does not hold a new site is read again from its source over that site's window, as an ingest with the site
 * would have read it, and the site's statistics come from that read (the stored scene is unchanged). Errors name the draft component at
 * fault: {@code id}, {@code name}, {@code greenThreshold}, {@code ndviSoil}, {@code geometry}, prefixed with
 * {@code sites[i].} when several drafts are added.
 */
public final class SiteService {
    public static final double DEFAULT_GREEN_THRESHOLD = 0.3;
    /** Most sites one {@link #add} call takes. */
    public static final int MAX_SITES_PER_ADD = 1000;
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$");
    /** Properties the service computes or owns: submitted values of these are dropped. */
    private static final List<String> COMPUTED = List.of("id", "name", "greenThreshold", "ndviSoil", "ndviVeg", "areaM2",
            "latest", "timeseries", "observations");
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository stored;
    private final Transactions transactions;
    private final WriteLock writeLock;
    private final SummaryService summaries;
    private final DiskFull disk;
    private final SceneService rereads;

    public SiteService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, Transactions transactions,
                       WriteLock writeLock, SummaryService summaries, DiskSpace disk) {
        this(sites, scenes, stored, transactions, writeLock, summaries, disk, null);
    }

    /**
     * @param rereads reads scenes read in place again for a new site outside their stored window
     *                ({@link SceneService#reread}); null: such a site gets no statistics from them
     */
    public SiteService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, Transactions transactions,
                       WriteLock writeLock, SummaryService summaries, DiskSpace disk, SceneService rereads) {
        this.rereads = rereads;
        this.disk = new DiskFull(disk);
        this.sites = sites;
        this.scenes = scenes;
        this.stored = stored;
        this.transactions = transactions;
        this.writeLock = writeLock;
        this.summaries = summaries;
    }

    /**
     * Validates and stores {@code drafts}, with their summaries over every stored scene; returns the sites as stored,
     * in order. All or nothing.
     *
     * @throws InvalidInputException a draft breaks a rule (the field names the component, see the class comment)
     * @throws PayloadTooLargeException more than {@link #MAX_SITES_PER_ADD} drafts (field {@code sites})
     * @throws ConflictException an id appears twice or is already stored (field {@code id})
     */
    public List<Site> add(List<SiteDraft> drafts) { return add(drafts, null); }

    /**
     * {@link #add(List)}, telling {@code progress} (may be null) after each scene summarised while the write lock is
     * not held ("backfill {site} i/n"): the summaries are computed over a snapshot of the catalog without the lock,
     * then, holding it, the scenes ingested or deleted meanwhile (and the other scenes of their dates, whose shares change with them) are
     * summarised again and everything is committed in one transaction.
     */
    public List<Site> add(List<SiteDraft> drafts, java.util.function.Consumer<String> progress) {
        if (drafts == null || drafts.isEmpty()) throw new InvalidInputException("missing_field", "sites", "at least one site is required");
        if (drafts.size() > MAX_SITES_PER_ADD) {
            throw new PayloadTooLargeException("sites", "at most " + MAX_SITES_PER_ADD + " sites per request");
        }
        List<Site> valid = new ArrayList<>(drafts.size());
        Set<String> ids = new HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < drafts.size(); i++) {
            Site s = validate(drafts.get(i), drafts.size() == 1 ? "" : "sites[" + i + "].", now);
            if (!ids.add(s.id())) throw new ConflictException("id", "site id '" + s.id() + "' appears twice in the request");
            valid.add(s);
        }
        disk.ensureRoom(DiskFull.CATALOG_MARGIN_BYTES, "these sites");
        rejectStored(valid);
        // the long part, outside the write lock: every summary over a snapshot of the catalog, so that ingests,
        // deletes and other writers commit meanwhile
        List<Scene> snapshot = scenes.all();
        Map<String, Map<String, SummaryService.Backfilled>> early = new LinkedHashMap<>();
        // scenes read in place whose stored window misses a new site are read again from their source over its window
        Map<String, Map<String, SceneService.Reread>> again = new LinkedHashMap<>();
        try {
            for (Site s : valid) {
                Map<String, SceneService.Reread> mine = new LinkedHashMap<>();
                if (rereads != null) {
                    for (Scene sc : snapshot) {
                        if (rereads.needsReread(sc, s)) rereads.reread(sc, s).ifPresent(r -> mine.put(sc.id(), r));
                    }
                }
                again.put(s.id(), mine);
                early.put(s.id(), summaries.backfill(s, over(snapshot, mine), Map.of(), true, progress, rastersOf(mine)));
            }
            store(valid, early, again);
        } catch (RuntimeException e) {
            throw disk.translated(e, "this site write");
        } finally {
            again.values().forEach(m -> m.values().forEach(SceneService.Reread::close));
        }
        return valid;
    }

    /** {@code scenes} with those read again replacing the stored ones (the same generation only). */
    private static List<Scene> over(List<Scene> scenes, Map<String, SceneService.Reread> again) {
        if (again.isEmpty()) return scenes;
        return scenes.stream().map(s -> {
            SceneService.Reread r = again.get(s.id());
            return r != null && r.scene().createdAt().equals(s.createdAt()) ? r.scene() : s;
        }).toList();
    }

    private static java.util.function.BiFunction<Scene, String, greencover.core.raster.IndexRaster> rastersOf(
            Map<String, SceneService.Reread> again) {
        if (again.isEmpty()) return null;
        return (s, key) -> {
            SceneService.Reread r = again.get(s.id());
            return r != null && r.scene() == s ? r.raster(key) : null;
        };
    }

    private void store(List<Site> valid, Map<String, Map<String, SummaryService.Backfilled>> early,
                       Map<String, Map<String, SceneService.Reread>> again) {
        writeLock.run(() -> {
            rejectStored(valid);
            // under the lock, only what changed since the snapshot: dates whose scenes over the site changed (new or
            // deleted scenes: the same-date merge shares the date among them) are computed again; deleted scenes drop out
            List<Scene> current = scenes.all();
            List<SummaryRow> rows = new ArrayList<>();
            for (Site s : valid) {
                Map<String, SceneService.Reread> mine = again.get(s.id());
                summaries.backfill(s, over(current, mine), early.get(s.id()), false, null, rastersOf(mine)).values()
                        .forEach(b -> rows.addAll(b.rows()));
            }
            try {
                transactions.run(() -> {
                    for (Site s : valid) sites.insert(s);
                    stored.putAll(rows);
                    widen(valid, current, again, rows);
                });
            } catch (DuplicateKeyException e) { // another server on the same database stored one of the ids first
                throw new ConflictException("conflict", "id", "a site of this request was stored meanwhile; DELETE it first to replace it", e);
            }
        });
    }

    /**
     * The footprint of each scene read again that gave a new site rows grows by that read's window, so the site's
     * series, maps and same-date merges find the scene over it (its grid and stored rasters stay its window).
     */
    private void widen(List<Site> valid, List<Scene> current, Map<String, Map<String, SceneService.Reread>> again, List<SummaryRow> rows) {
        Map<String, Scene> byId = new LinkedHashMap<>();
        for (Scene sc : current) byId.put(sc.id(), sc);
        Map<String, org.locationtech.jts.geom.Geometry> footprints = new LinkedHashMap<>();
        for (Site s : valid) {
            for (SceneService.Reread r : again.getOrDefault(s.id(), Map.of()).values()) {
                Scene sc = byId.get(r.scene().id());
                if (sc == null || !sc.createdAt().equals(r.scene().createdAt())) continue;
                boolean used = rows.stream().anyMatch(row -> row.siteId().equals(s.id()) && row.sceneId().equals(sc.id()));
                if (used) footprints.merge(sc.id(), sc.footprintWgs84().union(r.scene().footprintWgs84()), (a, b) -> a.union(b));
            }
        }
        for (var e : footprints.entrySet()) scenes.widenFootprint(e.getKey(), byId.get(e.getKey()).createdAt(), e.getValue());
    }

    private void rejectStored(List<Site> valid) {
        for (Site s : valid) {
            if (sites.byId(s.id()).isPresent()) {
                throw new ConflictException("id", "site '" + s.id() + "' already exists; DELETE it first to replace it");
            }
        }
    }

    private static Site validate(SiteDraft d, String prefix, Instant now) {
        if (d == null) throw new InvalidInputException("missing_field", prefix.isEmpty() ? "sites" : prefix.substring(0, prefix.length() - 1),
                "a site draft is missing");
        String id = d.id() == null ? null : d.id().trim();
        if (id == null || id.isEmpty()) {
            throw new InvalidInputException("missing_field", prefix + "id", prefix + "id is required (in 'id' or 'properties.id'), a slug like 'zijinshan-dump'");
        }
        if (!SLUG.matcher(id).matches()) {
            throw new InvalidInputException("invalid_field", prefix + "id", prefix + "id '" + id + "' is not a slug: lower-case letters, digits, '-' and '_', at most 100 characters");
        }
        String name = d.name() == null || d.name().isBlank() ? id : d.name().trim();
        if (name.length() > 500) throw new InvalidInputException("invalid_field", prefix + "name", "name is longer than 500 characters");
        double threshold = d.greenThreshold() == null ? DEFAULT_GREEN_THRESHOLD : d.greenThreshold();
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new InvalidInputException("invalid_field", prefix + "greenThreshold", "greenThreshold must be in [-1, 1] but was " + threshold);
        }
        double soil = d.ndviSoil() == null ? Fvc.DEFAULT_NDVI_SOIL : d.ndviSoil();
        double veg = d.ndviVeg() == null ? Fvc.DEFAULT_NDVI_VEG : d.ndviVeg();
        if (!(soil >= -1 && veg <= 1 && soil < veg)) {
            throw new InvalidInputException("invalid_field", prefix + "ndviSoil", "ndviSoil and ndviVeg must satisfy -1 <= ndviSoil < ndviVeg <= 1 but were " + soil + ", " + veg);
        }
        PolygonRules.check(d.wgs84(), prefix + "geometry");
        Map<String, Object> properties = new LinkedHashMap<>(d.properties());
        COMPUTED.forEach(properties::remove);
        return new Site(id, name, d.wgs84(), d.geometryAsGiven() != null ? d.geometryAsGiven() : d.wgs84().toText(), Geo.areaM2(d.wgs84()), threshold, soil, veg, properties, now);
    }

    public List<Site> list() { return sites.all(); }

    public Site get(String id) {
        return sites.byId(id).orElseThrow(() -> new NoSuchResourceException("site", id));
    }

    /** Deletes the site and its summaries. */
    public void delete(String id) {
        disk.ensureRoomToFree(DiskFull.CATALOG_MARGIN_BYTES, "this site delete");
        try {
            writeLock.run(() -> {
                if (!sites.delete(id)) throw new NoSuchResourceException("site", id);
            });
        } catch (RuntimeException e) {
            throw disk.translated(e, "this site delete");
        }
    }
}
