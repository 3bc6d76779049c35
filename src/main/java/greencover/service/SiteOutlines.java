package greencover.service;

import greencover.domain.OutlineVersion;
import greencover.domain.Site;
import greencover.service.error.InvalidInputException;
import greencover.store.SiteOutlineRepository;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * Which outline of a site counts on a date: the latest {@link OutlineVersion} whose {@code validFrom} is on or before
 * the date, else the site's own outline; less its inner buffer (the version's {@code innerBufferM}, for the site's own
 * outline its property {@value #INNER_BUFFER}), the band along the edge whose pixels mix the site with its
 * surroundings. The buffer is taken inward in the outline's UTM zone (JTS {@code buffer(-m)}), so it is metres on the
 * ground. The result is the site with that outline and its ground area, its other settings (threshold, permanent
 * water, mask buffer, goals) unchanged: what every statistic of the date is computed over.
 */
public final class SiteOutlines {
    /** The site property naming the inner buffer of the site's own outline, in metres. */
    public static final String INNER_BUFFER = "innerBufferM";
    /** Largest inner buffer, in metres. */
    public static final double MAX_INNER_BUFFER_M = 10_000;
    private final SiteOutlineRepository repo;

    /** Outlines from {@code repo}; null for sites that only ever have their own outline. */
    public SiteOutlines(SiteOutlineRepository repo) { this.repo = repo; }

    /** Every site's versions, read once, for many {@link View#on} calls (an ingest over every site). */
    public View view() { return new View(repo == null ? Map.of() : repo.all()); }

    /** The versions of {@code siteId}, oldest first. */
    public List<OutlineVersion> versions(String siteId) { return repo == null ? List.of() : repo.of(siteId); }

    /** {@code site} as it counts on {@code date} (see the class comment). */
    public Site on(Site site, LocalDate date) { return on(site, versions(site.id()), date); }

    /** Every site's versions at one moment. */
    public static final class View {
        private final Map<String, List<OutlineVersion>> versions;

        View(Map<String, List<OutlineVersion>> versions) { this.versions = versions; }

        /** {@code site} as it counts on {@code date}. */
        public Site on(Site site, LocalDate date) { return SiteOutlines.on(site, versions.getOrDefault(site.id(), List.of()), date); }
    }

    /** {@code site} as it counts on {@code date} when its versions are {@code versions} (oldest first). */
    public static Site on(Site site, List<OutlineVersion> versions, LocalDate date) {
        OutlineVersion v = null;
        for (OutlineVersion o : versions) if (!o.validFrom().isAfter(date)) v = o;
        Geometry outline = v == null ? site.wgs84() : v.wgs84();
        double buffer = v == null ? innerBufferOf(site) : v.innerBufferM();
        if (v == null && buffer == 0) return site;
        Geometry counted = shrunk(outline, buffer);
        // everything but the outline stays the site's: its permanent water, mask buffer, reference and target
        return new Site(site.id(), site.name(), counted, v == null ? site.geometryAsGiven() : v.geometryAsGiven(), Geo.areaM2(counted),
                site.greenThreshold(), site.ndviSoil(), site.ndviVeg(), site.properties(), site.createdAt(),
                site.permanentWaterWgs84(), site.maskBufferM(), site.goals());
    }

    /** The inner buffer of the site's own outline: its {@value #INNER_BUFFER} property, 0 when absent. */
    public static double innerBufferOf(Site site) {
        Object v = site.properties() == null ? null : site.properties().get(INNER_BUFFER);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /**
     * Checks an inner buffer given as {@code field}: a finite number in [0, {@link #MAX_INNER_BUFFER_M}] that leaves
     * part of {@code wgs84}; returns it (0 for null).
     *
     * @throws InvalidInputException {@code invalid_field} naming {@code field}
     */
    public static double checkInnerBuffer(Object value, Geometry wgs84, String field) {
        if (value == null) return 0;
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0 || n.doubleValue() > MAX_INNER_BUFFER_M) {
            throw new InvalidInputException("invalid_field", field, field + " must be a number of metres in [0, " + (int) MAX_INNER_BUFFER_M
                    + "] but was " + value);
        }
        double m = n.doubleValue();
        if (m > 0 && shrunk(wgs84, m).isEmpty()) {
            throw new InvalidInputException("invalid_field", field, "an inner buffer of " + m + " m leaves nothing of the outline");
        }
        return m;
    }

    /** {@code wgs84} less a band of {@code metres} along its edge, measured in its UTM zone; itself for 0. */
    public static Geometry shrunk(Geometry wgs84, double metres) {
        if (metres <= 0) return wgs84;
        Point c = wgs84.getCentroid();
        CoordinateReferenceSystem utm = Geo.crs(Geo.utmZone(c.getX(), c.getY()));
        Geometry inner = Geo.fromWgs84(wgs84, utm).buffer(-metres);
        if (inner.isEmpty()) return inner;
        return Geo.toWgs84(inner, utm);
    }
}
