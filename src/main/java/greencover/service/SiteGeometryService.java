package greencover.service;

import greencover.domain.DuplicateKeyException;
import greencover.domain.OutlineVersion;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.domain.SummaryRow;
import greencover.service.error.ConflictException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.NoSuchResourceException;
import greencover.store.SceneRepository;
import greencover.store.SiteOutlineRepository;
import greencover.store.SiteRepository;
import greencover.store.SummaryRepository;
import greencover.store.Transactions;
import greencover.store.WriteLock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;

/**
 * Outlines that change over time: {@link #addVersion} adds an outline valid from a date and recomputes, in the same
 * commit, the stored statistics of the site over the scenes of that date and later (only those: the earlier dates
 * keep the outline they had), from the stored index rasters of each scene. A scene read in place stored its index
 * rasters over the window the sites needed when it was ingested, so ground of a new outline outside that window counts
 * as no data. Versions only append: a new version starts after every existing one.
 */
public final class SiteGeometryService {
    private final SiteRepository sites;
    private final SceneRepository scenes;
    private final SummaryRepository stored;
    private final SiteOutlineRepository outlines;
    private final Transactions transactions;
    private final WriteLock writeLock;
    private final SummaryService summaries;
    private final Clock clock;

    public SiteGeometryService(SiteRepository sites, SceneRepository scenes, SummaryRepository stored, SiteOutlineRepository outlines,
                               Transactions transactions, WriteLock writeLock, SummaryService summaries, Clock clock) {
        this.sites = sites;
        this.scenes = scenes;
        this.stored = stored;
        this.outlines = outlines;
        this.transactions = transactions;
        this.writeLock = writeLock;
        this.summaries = summaries;
        this.clock = clock;
    }

    /**
     * One entry of a site's outline history: valid from {@code validFrom} (null: the site's own outline, from the
     * beginning) until {@code validTo} (exclusive; null: still valid), its outline area and the area counted (less the
     * inner buffer), both geodesic m².
     */
    public record Entry(LocalDate validFrom, LocalDate validTo, Geometry wgs84, String geometryAsGiven, double innerBufferM,
                        double areaM2, double countedAreaM2, Instant createdAt) {}

    /** {@code site} as its statistics of {@code date} count it: the outline valid then, less its inner buffer. */
    public Site outlineOn(Site site, LocalDate date) { return SiteOutlines.on(site, outlines.of(site.id()), date); }

    /** The outline history of site {@code siteId}, oldest first (the site's own outline first). */
    public List<Entry> history(String siteId) {
        Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
        List<OutlineVersion> versions = outlines.of(siteId);
        List<Entry> out = new ArrayList<>();
        LocalDate firstFrom = versions.isEmpty() ? null : versions.get(0).validFrom();
        double ownBuffer = SiteOutlines.innerBufferOf(site);
        out.add(new Entry(null, firstFrom, site.wgs84(), site.geometryAsGiven(), ownBuffer, site.areaM2(),
                Geo.areaM2(SiteOutlines.shrunk(site.wgs84(), ownBuffer)), site.createdAt()));
        for (int i = 0; i < versions.size(); i++) {
            OutlineVersion v = versions.get(i);
            LocalDate to = i + 1 < versions.size() ? versions.get(i + 1).validFrom() : null;
            out.add(new Entry(v.validFrom(), to, v.wgs84(), v.geometryAsGiven(), v.innerBufferM(), Geo.areaM2(v.wgs84()),
                    Geo.areaM2(SiteOutlines.shrunk(v.wgs84(), v.innerBufferM())), v.createdAt()));
        }
        return out;
    }

    /**
     * Adds the outline {@code wgs84} (as given: {@code asGiven}) to site {@code siteId}, valid from {@code validFrom}
     * with inner buffer {@code innerBufferM} (null: 0), and recomputes the site's statistics of the dates from
     * {@code validFrom} on. All or nothing; returns the new history.
     *
     * @throws NoSuchResourceException no such site
     * @throws InvalidInputException {@code missing_field} / {@code invalid_field} for {@code validFrom} (missing, or
     *         after today, UTC), {@code geometry} (the {@link PolygonRules}) or {@code innerBufferM}
     * @throws ConflictException {@code duplicate_version} for a version from the same date, {@code overlapping_version}
     *         for a date before the latest version's (field {@code validFrom})
     */
    public List<Entry> addVersion(String siteId, Geometry wgs84, String asGiven, LocalDate validFrom, Object innerBufferM) {
        if (sites.byId(siteId).isEmpty()) throw new NoSuchResourceException("site", siteId);
        if (validFrom == null) throw new InvalidInputException("missing_field", "validFrom", "validFrom is required: the date (YYYY-MM-DD) the outline applies from");
        LocalDate today = LocalDate.now(clock);
        if (validFrom.isAfter(today)) {
            throw new InvalidInputException("invalid_field", "validFrom", "validFrom " + validFrom + " is in the future (today is " + today
                    + "); add the outline once it applies");
        }
        PolygonRules.check(wgs84, "geometry");
        double buffer = SiteOutlines.checkInnerBuffer(innerBufferM, wgs84, "innerBufferM");
        OutlineVersion v = new OutlineVersion(siteId, validFrom, wgs84, asGiven != null ? asGiven : wgs84.toText(), buffer,
                Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        writeLock.run(() -> {
            Site site = sites.byId(siteId).orElseThrow(() -> new NoSuchResourceException("site", siteId));
            List<OutlineVersion> before = outlines.of(siteId);
            checkOrder(before, validFrom);
            List<OutlineVersion> after = new ArrayList<>(before);
            after.add(v);
            TreeMap<LocalDate, List<Scene>> byDate = new TreeMap<>();
            for (Scene s : scenes.between(validFrom, null)) byDate.computeIfAbsent(s.date(), d -> new ArrayList<>()).add(s);
            List<SummaryRow> rows = new ArrayList<>();
            Set<String> gone = new LinkedHashSet<>();
            for (var e : byDate.entrySet()) {
                Site was = SiteOutlines.on(site, before, e.getKey()), now = SiteOutlines.on(site, after, e.getKey());
                List<Scene> group = SameDateMerge.group(e.getValue(), e.getValue().get(0), now.wgs84());
                if (!group.isEmpty()) rows.addAll(summaries.rowsFor(now, group, null));
                for (Scene s : e.getValue()) {
                    if (was.wgs84().intersects(s.footprintWgs84()) && !group.contains(s)) gone.add(s.id());
                }
            }
            try {
                transactions.run(() -> {
                    outlines.insert(v);
                    stored.deleteOf(siteId, gone);
                    stored.putAll(rows);
                });
            } catch (DuplicateKeyException e) { // another server added a version from this date meanwhile
                throw new ConflictException("duplicate_version", "validFrom", "site " + siteId + " already has an outline from " + validFrom, e);
            }
        });
        return history(siteId);
    }

    private static void checkOrder(List<OutlineVersion> before, LocalDate validFrom) {
        for (OutlineVersion o : before) {
            if (o.validFrom().equals(validFrom)) {
                throw new ConflictException("duplicate_version", "validFrom", "the site already has an outline from " + validFrom
                        + "; outlines are versions and are not replaced", null);
            }
        }
        if (!before.isEmpty() && validFrom.isBefore(before.get(before.size() - 1).validFrom())) {
            throw new ConflictException("overlapping_version", "validFrom", "validFrom " + validFrom + " falls inside the version valid from "
                    + before.get(before.size() - 1).validFrom() + "; a new outline must start after the latest one", null);
        }
    }
}
