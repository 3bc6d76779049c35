package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import greencover.domain.OutlineVersion;
import greencover.domain.Site;
import greencover.domain.SiteGoals;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * {@link SiteOutlines#on}: which outline counts on a date, its inner buffer, and that nothing else of the site is
 * lost. Outlines are squares in EPSG:32650 near its central meridian (E 500000), so their ground areas are their
 * grid areas over k0² and a ratio of two areas is the ratio of the squares' grid areas.
 */
class SiteOutlinesTest {
    /** The square [x0, x0 + side] × [y0, y0 + side] (metres of EPSG:32650) in WGS84. */
    private static Geometry square(double x0, double y0, double side) {
        return Geo.toWgs84(Geo.FACTORY.createPolygon(new Coordinate[] {new Coordinate(x0, y0), new Coordinate(x0 + side, y0),
                new Coordinate(x0 + side, y0 + side), new Coordinate(x0, y0 + side), new Coordinate(x0, y0)}), 32650);
    }

    private static final Geometry OWN = square(500000, 2800000, 100);
    private static final Geometry WATER = square(500040, 2800040, 20);
    private static final Site SITE = new Site("dump", "Dump", OWN, OWN.toText(), Geo.areaM2(OWN), 0.35, 0.1, 0.8, Map.of(),
            Instant.EPOCH, WATER, 30.0, new SiteGoals("forest", "greenFraction", 0.9));

    private static OutlineVersion version(String validFrom, Geometry g, double innerBufferM) {
        return new OutlineVersion("dump", LocalDate.parse(validFrom), g, g.toText(), innerBufferM, Instant.EPOCH);
    }

    @Test
    void theLatestVersionValidOnTheDateCountsAndBeforeTheFirstTheSitesOwnOutline() {
        Geometry v1 = square(500000, 2800000, 200), v2 = square(500000, 2800000, 300);
        List<OutlineVersion> versions = List.of(version("2020-01-01", v1, 0), version("2023-06-15", v2, 0));
        assertThat(SiteOutlines.on(SITE, versions, LocalDate.parse("2019-12-31")).wgs84()).isSameAs(OWN);
        assertThat(SiteOutlines.on(SITE, versions, LocalDate.parse("2020-01-01")).wgs84().equalsExact(v1)).isTrue(); // validFrom is inclusive
        assertThat(SiteOutlines.on(SITE, versions, LocalDate.parse("2023-06-14")).wgs84().equalsExact(v1)).isTrue();
        Site later = SiteOutlines.on(SITE, versions, LocalDate.parse("2025-01-01"));
        assertThat(later.wgs84().equalsExact(v2)).isTrue();
        // 300² against 100²: nine times the area of the site's own outline
        assertThat(later.areaM2() / SITE.areaM2()).isCloseTo(9.0, within(1e-6));
    }

    @Test
    void anInnerBufferTakesABandOfThatManyMetresOffEveryEdge() {
        Site s = SiteOutlines.on(SITE, List.of(version("2020-01-01", OWN, 10)), LocalDate.parse("2021-01-01"));
        // 100 m square less 10 m on each side: 80 m × 80 m, 0.64 of it (the inner buffer is taken in UTM 50N, the
        // squares' own grid, so only the reprojection's rounding separates the ratio from 0.64)
        assertThat(s.areaM2() / SITE.areaM2()).isCloseTo(0.64, within(1e-6));
    }

    @Test
    void aVersionKeepsTheSitesPermanentWaterMaskBufferReferenceAndTarget() {
        for (Site s : List.of(SiteOutlines.on(SITE, List.of(version("2020-01-01", square(500000, 2800000, 200), 5)), LocalDate.parse("2021-01-01")),
                SiteOutlines.on(SITE, List.of(version("2020-01-01", square(500000, 2800000, 200), 0)), LocalDate.parse("2021-01-01")))) {
            assertThat(s.permanentWaterWgs84()).isSameAs(WATER);
            assertThat(s.maskBufferM()).isEqualTo(30.0);
            assertThat(s.goals()).isEqualTo(SITE.goals());
            assertThat(s.greenThreshold()).isEqualTo(0.35);
            assertThat(s.ndviSoil()).isEqualTo(0.1);
            assertThat(s.ndviVeg()).isEqualTo(0.8);
        }
    }
}
