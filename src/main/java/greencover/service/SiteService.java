package greencover.service;

import greencover.core.index.Fvc;
import greencover.domain.DuplicateKeyException;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SiteGoals;
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
import org.locationtech.jts.geom.Geometry;

/**
 * Adds, lists and deletes sites. Adding validates every draft first (slug ids, name length, threshold and
 * endmember ranges, the {@link PolygonRules} of the outline), then stores the sites and their summaries over every
 * stored scene in one transaction, so a rejected request changes nothing. The summaries are computed before the
 * write lock is taken (a 1000-site request does not stop ingests for its whole duration); only what changed
 * meanwhile is recomputed under it. A scene read in place ({@code POST /api/v1/scenes {"stacItem"}}) whose stored
 * window does not hold a new site is read again from its source over that site's window, as an ingest with the site
 * would have read it, and the site's statistics come from that read (the stored scene is unchanged). Errors name the draft component at
 * fault: {@code id}, {@code name}, {@code greenThreshold}, {@code ndviSoil}, {@code geometry}, {@code permanentWater},
 * {@code maskBufferM} ({@link SiteMasks}), prefixed with
 * {@code sites[i].} when several drafts are added.
 */
public final class SiteService {
    public static final double DEFAULT_GREEN_THRESHOLD = 0.3;
    /** Most sites one {@link #add} call takes. */
    public static final int MAX_SITES_PER_ADD = 1000;
    /** The property naming a site's reference site (an undisturbed slope nearby). */
    public static final String REFERENCE_SITE = "referenceSite";
    /** The property setting a target green fraction in (0, 1]. */
    public static final String TARGET_GREEN_FRACTION = "targetGreenFraction";
    /** The property setting a target mean index in [-1, 1]. */
    public static final String TARGET_MEAN_INDEX = "targetMeanIndex";
    /** The farthest a reference site's centroid may lie from the site's, in metres. */
    public static final double MAX_REFERENCE_DISTANCE_M = 50_000;
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$");
    /** Properties the service computes or owns: submitted values of these are dropped. */
    private static final List<String> COMPUTED = List.of("id", "name", "greenThreshold", "ndviSoil", "ndviVeg", "areaM2",
            "latest", "timeseries", "observations", "permanentWater", "maskBufferM", REFERENCE_SITE, TARGET_GREEN_FRACTION, TARGET_MEAN_INDEX);
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository stored;
    private final Transactions transactions;
    private final WriteLock writeLock;
    private final SummaryService summaries;
    private final DiskFull disk;
    private final SceneService rereads;
    private volatile java.util.function.Consumer<String> afterDelete = id -> { };
    private volatile java.util.function.Consumer<String> afterChange = id -> { };

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
        checkReferences(valid, drafts.size() == 1);
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
            checkReferences(valid, valid.size() == 1);
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

    /**
     * Each site's reference exists (stored, or in this request), is not the site itself and has its centroid within
     * {@link #MAX_REFERENCE_DISTANCE_M} of the site's (great-circle distance on the sphere of the WGS84 mean radius).
     */
    private void checkReferences(List<Site> valid, boolean single) {
        Map<String, Site> batch = new LinkedHashMap<>();
        for (Site s : valid) batch.put(s.id(), s);
        for (int i = 0; i < valid.size(); i++) {
            Site s = valid.get(i);
            String ref = s.goals().referenceSite();
            if (ref == null) continue;
            String field = (single ? "" : "sites[" + i + "].") + REFERENCE_SITE;
            if (ref.equals(s.id())) throw new InvalidInputException("invalid_field", field, "a site cannot be its own reference site");
            Site r = batch.containsKey(ref) ? batch.get(ref) : sites.byId(ref).orElse(null);
            if (r == null) {
                throw new InvalidInputException("invalid_field", field, "reference site '" + ref + "' does not exist (add it first or in the same request)");
            }
            double d = centroidDistanceM(s, r);
            if (d > MAX_REFERENCE_DISTANCE_M) {
                throw new InvalidInputException("invalid_field", field, String.format(java.util.Locale.ROOT,
                        "reference site '%s' lies %.1f km from this site; a reference must lie within %.0f km", ref, d / 1000,
                        MAX_REFERENCE_DISTANCE_M / 1000));
            }
        }
    }

    /** The great-circle distance between the sites' centroids on a sphere of radius 6 371 008.8 m (the WGS84 mean radius). */
    static double centroidDistanceM(Site a, Site b) {
        var ca = a.wgs84().getCentroid().getCoordinate();
        var cb = b.wgs84().getCentroid().getCoordinate();
        double p1 = Math.toRadians(ca.y), p2 = Math.toRadians(cb.y);
        double dp = p2 - p1, dl = Math.toRadians(cb.x - ca.x);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /**
     * Replaces site {@code id}'s reference and target with those of {@code properties} ({@code referenceSite},
     * {@code targetGreenFraction} or {@code targetMeanIndex}; absent ones are cleared), checked as at creation.
     *
     * @throws NoSuchResourceException when there is no such site
     * @throws InvalidInputException naming the property at fault; nothing changes then
     */
    public Site setGoals(String id, Map<String, Object> properties) {
        SiteGoals goals = goals(properties == null ? Map.of() : properties, "");
        disk.ensureRoom(DiskFull.CATALOG_MARGIN_BYTES, "this site update");
        Site site;
        try {
            site = writeLock.holding(() -> {
                Site old = sites.byId(id).orElseThrow(() -> new NoSuchResourceException("site", id));
                Site updated = new Site(old.id(), old.name(), old.wgs84(), old.geometryAsGiven(), old.areaM2(), old.greenThreshold(),
                        old.ndviSoil(), old.ndviVeg(), old.properties(), old.createdAt(), goals);
                checkReferences(List.of(updated), true);
                if (!sites.updateGoals(id, goals)) throw new NoSuchResourceException("site", id);
                return updated;
            });
        } catch (RuntimeException e) {
            throw disk.translated(e, "this site update");
        }
        notify(afterChange, id, "change");
        return site;
    }

    /**
     * Sets what runs after a site is deleted, with its id (the composition root's: the site's watch goes with it); a
     * failure there is logged, the delete stands.
     */
    public void afterDelete(java.util.function.Consumer<String> listener) { this.afterDelete = java.util.Objects.requireNonNull(listener); }

    /** Sets what runs after a site's settings changed ({@link #setGoals}), with its id (its alerts are evaluated again). */
    public void afterChange(java.util.function.Consumer<String> listener) { this.afterChange = java.util.Objects.requireNonNull(listener); }

    private static void notify(java.util.function.Consumer<String> listener, String id, String what) {
        try {
            listener.accept(id);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SiteService.class).warn("after the {} of site {}: {}", what, id, e.toString());
        }
    }

    /** The reference and target of draft {@code d}'s properties, checked. */
    private static SiteGoals goals(SiteDraft d, String prefix) { return goals(d.properties(), prefix); }

    private static SiteGoals goals(Map<String, Object> props, String prefix) {
        Object ref = props.get(REFERENCE_SITE);
        String reference = null;
        if (ref != null) {
            if (!(ref instanceof String r) || !SLUG.matcher(r.trim()).matches()) {
                throw new InvalidInputException("invalid_field", prefix + REFERENCE_SITE, REFERENCE_SITE + " must be a site id (a slug) but was " + ref);
            }
            reference = r.trim();
        }
        Double green = number(props.get(TARGET_GREEN_FRACTION), prefix + TARGET_GREEN_FRACTION);
        Double mean = number(props.get(TARGET_MEAN_INDEX), prefix + TARGET_MEAN_INDEX);
        if (green != null && mean != null) {
            throw new InvalidInputException("invalid_field", prefix + TARGET_MEAN_INDEX, "give " + TARGET_GREEN_FRACTION + " or "
                    + TARGET_MEAN_INDEX + ", not both");
        }
        if (green != null && !(green > 0 && green <= 1)) {
            throw new InvalidInputException("invalid_field", prefix + TARGET_GREEN_FRACTION, TARGET_GREEN_FRACTION + " must be in (0, 1] but was " + green);
        }
        if (mean != null && !(mean >= -1 && mean <= 1)) {
            throw new InvalidInputException("invalid_field", prefix + TARGET_MEAN_INDEX, TARGET_MEAN_INDEX + " must be in [-1, 1] but was " + mean);
        }
        if (green != null) return new SiteGoals(reference, SiteGoals.GREEN_FRACTION, green);
        if (mean != null) return new SiteGoals(reference, SiteGoals.MEAN, mean);
        return new SiteGoals(reference, null, null);
    }

    private static Double number(Object v, String field) {
        if (v == null) return null;
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidInputException("invalid_field", field, field.substring(field.lastIndexOf('.') + 1) + " must be a number but was " + v);
        }
        return n.doubleValue();
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
        Geometry water = SiteMasks.checkedWater(d.permanentWaterWgs84(), d.wgs84(), prefix + "permanentWater");
        Double buffer = SiteMasks.checkedBuffer(d.maskBufferM(), prefix + "maskBufferM");
        SiteOutlines.checkInnerBuffer(d.properties().get(SiteOutlines.INNER_BUFFER), d.wgs84(), prefix + "properties." + SiteOutlines.INNER_BUFFER);
        SiteGoals goals = goals(d, prefix);
        Map<String, Object> properties = new LinkedHashMap<>(d.properties());
        COMPUTED.forEach(properties::remove);
        return new Site(id, name, d.wgs84(), d.geometryAsGiven() != null ? d.geometryAsGiven() : d.wgs84().toText(), Geo.areaM2(d.wgs84()), threshold, soil, veg, properties, now,
                water, buffer, goals);
    }

    public List<Site> list() { return sites.all(); }

    public Site get(String id) {
        return sites.byId(id).orElseThrow(() -> new NoSuchResourceException("site", id));
    }

    /** Deletes the site and its summaries, then runs {@link #afterDelete} (its watch is deleted with it). */
    public void delete(String id) {
        disk.ensureRoomToFree(DiskFull.CATALOG_MARGIN_BYTES, "this site delete");
        try {
            writeLock.run(() -> {
                for (Site other : sites.all()) {
                    if (id.equals(other.goals().referenceSite()) && !other.id().equals(id)) {
                        throw new ConflictException("id", "site '" + id + "' is the reference site of '" + other.id()
                                + "'; delete that site first");
                    }
                }
                if (!sites.delete(id)) throw new NoSuchResourceException("site", id);
            });
        } catch (RuntimeException e) {
            throw disk.translated(e, "this site delete");
        }
        notify(afterDelete, id, "delete");
    }
}
