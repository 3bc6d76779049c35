package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.app.AppConfig;
import greencover.app.Services;
import greencover.core.index.Fvc;
import greencover.domain.Site;
import greencover.service.error.ConflictException;
import greencover.service.error.GreenCoverException;
import greencover.service.error.InvalidInputException;
import greencover.service.error.PayloadTooLargeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/** {@link SiteService#add} on typed drafts, over a real H2 store: the rules, the fields they name, all-or-nothing. */
class SiteServiceTest {
    @TempDir Path dir;
    Services services;
    SiteService sites;

    @BeforeEach
    void open() {
        services = Services.open(AppConfig.forTests(dir.resolve("data"), "t"));
        sites = services.sites();
    }

    @AfterEach
    void close() { services.close(); }

    /** A w x h metre rectangle in UTM 50N (EPSG:32650) with its lower-left corner at (500000, 2800000), in WGS84. */
    private static Geometry utmRectangle(double w, double h) {
        double x = 500000, y = 2800000;
        Geometry r = Geo.FACTORY.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + w, y),
                new Coordinate(x + w, y + h), new Coordinate(x, y + h), new Coordinate(x, y)});
        return Geo.toWgs84(r, 32650);
    }

    private static Geometry lonLat(double... xy) {
        Coordinate[] cs = new Coordinate[xy.length / 2];
        for (int i = 0; i < cs.length; i++) cs[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        return Geo.FACTORY.createPolygon(cs);
    }

    private static SiteDraft draft(String id, Geometry g) {
        return new SiteDraft(id, null, g, null, null, null, null, Map.of());
    }

    private static SiteDraft withThreshold(String id, double t) {
        return new SiteDraft(id, "Name", utmRectangle(100, 100), null, t, null, null, Map.of());
    }

    private static void assertFails(Runnable r, Class<? extends GreenCoverException> kind, String code, String field) {
        assertThatThrownBy(r::run).isInstanceOf(kind)
                .satisfies(e -> {
                    GreenCoverException g = (GreenCoverException) e;
                    assertThat(g.code()).isEqualTo(code);
                    assertThat(g.field()).isEqualTo(field);
                });
    }

    @Test
    void aDraftWithOnlyIdAndOutlineGetsTheDefaultsAndItsAreaInSquareMetres() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("owner", "mine authority");
        props.put("areaM2", 5);          // computed by the service: a submitted value is dropped
        props.put("latest", "2020-01-01");
        props.put("note", null);
        List<Site> added = sites.add(List.of(new SiteDraft("pit-1", null, utmRectangle(200, 50), "{\"type\":\"Polygon\"}",
                null, null, null, props)));
        Site s = added.get(0);
        assertThat(s.id()).isEqualTo("pit-1");
        assertThat(s.name()).isEqualTo("pit-1");
        assertThat(s.greenThreshold()).isEqualTo(SiteService.DEFAULT_GREEN_THRESHOLD);
        assertThat(s.ndviSoil()).isEqualTo(Fvc.DEFAULT_NDVI_SOIL);
        assertThat(s.ndviVeg()).isEqualTo(Fvc.DEFAULT_NDVI_VEG);
        assertThat(s.areaM2()).isCloseTo(200 * 50, within(0.5)); // measured back in the zone it was drawn in
        assertThat(s.geometryAsGiven()).isEqualTo("{\"type\":\"Polygon\"}");
        assertThat(s.properties()).containsOnlyKeys("owner", "note").containsEntry("owner", "mine authority");
        assertThat(sites.get("pit-1").areaM2()).isCloseTo(10000, within(0.5));
    }

    @Test
    void eachRuleNamesTheDraftComponent() {
        assertFails(() -> sites.add(List.of(draft(null, utmRectangle(10, 10)))), InvalidInputException.class, "missing_field", "id");
        assertFails(() -> sites.add(List.of(draft("Not A Slug", utmRectangle(10, 10)))), InvalidInputException.class, "invalid_field", "id");
        assertFails(() -> sites.add(List.of(new SiteDraft("n", "x".repeat(501), utmRectangle(10, 10), null, null, null, null, null))),
                InvalidInputException.class, "invalid_field", "name");
        assertFails(() -> sites.add(List.of(withThreshold("t", 1.5))), InvalidInputException.class, "invalid_field", "greenThreshold");
        assertFails(() -> sites.add(List.of(new SiteDraft("e", null, utmRectangle(10, 10), null, null, 0.5, 0.2, null))),
                InvalidInputException.class, "invalid_field", "ndviSoil");
        assertFails(() -> sites.add(List.of(draft("g", null))), InvalidInputException.class, "missing_field", "geometry");
        assertFails(() -> sites.add(List.of(draft("g", Geo.FACTORY.createPoint(new Coordinate(116.4, 25.2))))),
                InvalidInputException.class, "invalid_geometry_type", "geometry");
        // a bow tie: the edges (0,0)-(1,1) and (1,0)-(0,1) cross
        assertFails(() -> sites.add(List.of(draft("g", lonLat(116.40, 25.20, 116.41, 25.21, 116.41, 25.20, 116.40, 25.21, 116.40, 25.20)))),
                InvalidInputException.class, "invalid_geometry", "geometry");
        assertFails(() -> sites.add(List.of(draft("g", lonLat(110, 20, 117, 20, 117, 21, 110, 21, 110, 20)))),
                InvalidInputException.class, "geometry_too_large", "geometry");
        assertThat(sites.list()).isEmpty();
    }

    @Test
    void severalDraftsAreNamedByPositionAndStoredAllOrNothing() {
        assertFails(() -> sites.add(List.of(withThreshold("ok", 0.3), withThreshold("bad", -2))),
                InvalidInputException.class, "invalid_field", "sites[1].greenThreshold");
        assertThat(sites.list()).isEmpty();
        assertFails(() -> sites.add(List.of(withThreshold("same", 0.3), withThreshold("same", 0.4))),
                ConflictException.class, "conflict", "id");
        assertThat(sites.list()).isEmpty();
        assertThat(sites.add(List.of(withThreshold("a", 0.3), withThreshold("b", 0.4)))).extracting(Site::id).containsExactly("a", "b");
        assertFails(() -> sites.add(List.of(withThreshold("c", 0.3), withThreshold("a", 0.3))), ConflictException.class, "conflict", "id");
        assertThat(sites.list()).extracting(Site::id).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void moreThanTheLimitOfDraftsIsTooLarge() {
        List<SiteDraft> many = new ArrayList<>();
        for (int i = 0; i <= SiteService.MAX_SITES_PER_ADD; i++) many.add(withThreshold("s" + i, 0.3));
        assertFails(() -> sites.add(many), PayloadTooLargeException.class, "payload_too_large", "sites");
        assertThat(sites.list()).isEmpty();
    }
}
