package greencover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.index.Fvc;
import greencover.domain.Scene;
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

/**
 * {@link SiteService} on the in-memory store, with typed drafts. The scene: columns 0-1 NDVI 0.8, columns 2-3 NDVI 0.1 (see
 * {@link ServiceFixture}). The site x in [500005, 500025], y in [2799965, 2799995] covers 1.5, 3, 1.5 and 0 pixels
 * of the four columns: 600 m², 450 m² at 0.8 and 150 m² at 0.1, so mean 0.625 and green fraction 0.75.
 */
class SiteServiceTest {
    /** Grid area over ground area on a UTM zone's central meridian: the scale factor k0 = 0.9996, squared. */
    private static final double K0_SQUARED = 0.9996 * 0.9996;
    @TempDir Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() { f = new ServiceFixture(dir); }

    @AfterEach
    void close() { f.close(); }

    private Scene halfAndHalf(String date) throws Exception {
        return f.ingest(date, 500000, new int[] {500, 500, 1800, 1800}, new int[] {4500, 4500, 2200, 2200});
    }

    @Test
    void aSiteAddedAfterItsScenesIsBackfilledOverEveryStoredSceneItMeets() throws Exception {
        Scene s = halfAndHalf("2020-05-01");
        f.ingestGreen("2020-05-02", 600000); // far away: no summary
        f.services.sites().add(List.of(ServiceFixture.rectangle("offset", 500005, 2799965, 500025, 2799995)));

        assertThat(f.store.summaries().of("offset", "ndvi")).singleElement().satisfies(r -> assertThat(r.sceneId()).isEqualTo(s.id()));
        assertThat(f.store.summaries().of("offset", "savi")).hasSize(1); // every index of the scene
        var p = f.services.series().timeseries("offset", SceneServiceTest.query()).points();
        assertThat(p).singleElement().satisfies(pt -> {
            assertThat(pt.statistics().siteAreaM2()).isCloseTo(600 / K0_SQUARED, within(1e-3));
            assertThat(pt.statistics().mean()).isCloseTo(0.625, within(1e-4));
            assertThat(pt.statistics().greenFraction()).isCloseTo(0.75, within(1e-6));
        });
        Site site = f.services.sites().get("offset");
        assertThat(site.areaM2()).isCloseTo(600 / K0_SQUARED, within(1e-3));
    }

    @Test
    void aRequestWithOneConflictingFeatureStoresNoneOfItsSites() throws Exception {
        halfAndHalf("2020-05-01");
        f.services.sites().add(List.of(ServiceFixture.rectangle("taken", 500000, 2799960, 500040, 2800000)));
        long v = f.store.version().current();
        List<SiteDraft> drafts = List.of(ServiceFixture.rectangle("fresh", 500005, 2799965, 500025, 2799995),
                ServiceFixture.rectangle("taken", 500005, 2799965, 500025, 2799995));

        assertThatThrownBy(() -> f.services.sites().add(drafts)).hasMessageContaining("taken");

        assertThat(f.services.sites().list()).extracting(Site::id).containsExactly("taken");
        assertThat(f.store.summaries().of("fresh", "ndvi")).isEmpty();
        assertThat(f.store.version().current()).isEqualTo(v);
    }

    @Test
    void deletingASiteDeletesItsSummariesAndLeavesTheOthers() throws Exception {
        Scene s = halfAndHalf("2020-05-01");
        f.services.sites().add(List.of(ServiceFixture.rectangle("a", 500000, 2799960, 500040, 2800000)));
        f.services.sites().add(List.of(ServiceFixture.rectangle("b", 500005, 2799965, 500025, 2799995)));
        f.services.sites().delete("a");
        assertThat(f.services.sites().list()).extracting(Site::id).containsExactly("b");
        assertThat(f.store.summaries().ofScene(s.id(), "ndvi")).extracting(r -> r.siteId()).containsExactly("b");
        assertThatThrownBy(() -> f.services.sites().delete("a")).hasMessageContaining("'a'");
    }

    // ---- typed drafts: the rules and the fields they name ------------------------------------------------

    private SiteService sites() { return f.services.sites(); }

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
        List<Site> added = sites().add(List.of(new SiteDraft("pit-1", null, utmRectangle(200, 50), "{\"type\":\"Polygon\"}",
                null, null, null, props)));
        Site s = added.get(0);
        assertThat(s.id()).isEqualTo("pit-1");
        assertThat(s.name()).isEqualTo("pit-1");
        assertThat(s.greenThreshold()).isEqualTo(SiteService.DEFAULT_GREEN_THRESHOLD);
        assertThat(s.ndviSoil()).isEqualTo(Fvc.DEFAULT_NDVI_SOIL);
        assertThat(s.ndviVeg()).isEqualTo(Fvc.DEFAULT_NDVI_VEG);
        assertThat(s.areaM2()).isCloseTo(200 * 50 / K0_SQUARED, within(1e-2)); // ground area of a rectangle drawn in UTM on its central meridian
        assertThat(s.geometryAsGiven()).isEqualTo("{\"type\":\"Polygon\"}");
        assertThat(s.properties()).containsOnlyKeys("owner", "note").containsEntry("owner", "mine authority");
        assertThat(sites().get("pit-1").areaM2()).isCloseTo(10000 / K0_SQUARED, within(1e-2));
    }

    @Test
    void eachRuleNamesTheDraftComponent() {
        assertFails(() -> sites().add(List.of(draft(null, utmRectangle(10, 10)))), InvalidInputException.class, "missing_field", "id");
        assertFails(() -> sites().add(List.of(draft("Not A Slug", utmRectangle(10, 10)))), InvalidInputException.class, "invalid_field", "id");
        assertFails(() -> sites().add(List.of(new SiteDraft("n", "x".repeat(501), utmRectangle(10, 10), null, null, null, null, null))),
                InvalidInputException.class, "invalid_field", "name");
        assertFails(() -> sites().add(List.of(withThreshold("t", 1.5))), InvalidInputException.class, "invalid_field", "greenThreshold");
        assertFails(() -> sites().add(List.of(new SiteDraft("e", null, utmRectangle(10, 10), null, null, 0.5, 0.2, null))),
                InvalidInputException.class, "invalid_field", "ndviSoil");
        assertFails(() -> sites().add(List.of(draft("g", null))), InvalidInputException.class, "missing_field", "geometry");
        assertFails(() -> sites().add(List.of(draft("g", Geo.FACTORY.createPoint(new Coordinate(116.4, 25.2))))),
                InvalidInputException.class, "invalid_geometry_type", "geometry");
        // a bow tie: the edges (0,0)-(1,1) and (1,0)-(0,1) cross
        assertFails(() -> sites().add(List.of(draft("g", lonLat(116.40, 25.20, 116.41, 25.21, 116.41, 25.20, 116.40, 25.21, 116.40, 25.20)))),
                InvalidInputException.class, "invalid_geometry", "geometry");
        assertFails(() -> sites().add(List.of(draft("g", lonLat(110, 20, 117, 20, 117, 21, 110, 21, 110, 20)))),
                InvalidInputException.class, "geometry_too_large", "geometry");
        assertThat(sites().list()).isEmpty();
    }

    @Test
    void severalDraftsAreNamedByPositionAndStoredAllOrNothing() {
        assertFails(() -> sites().add(List.of(withThreshold("ok", 0.3), withThreshold("bad", -2))),
                InvalidInputException.class, "invalid_field", "sites[1].greenThreshold");
        assertThat(sites().list()).isEmpty();
        assertFails(() -> sites().add(List.of(withThreshold("same", 0.3), withThreshold("same", 0.4))),
                ConflictException.class, "conflict", "id");
        assertThat(sites().list()).isEmpty();
        assertThat(sites().add(List.of(withThreshold("a", 0.3), withThreshold("b", 0.4)))).extracting(Site::id).containsExactly("a", "b");
        assertFails(() -> sites().add(List.of(withThreshold("c", 0.3), withThreshold("a", 0.3))), ConflictException.class, "conflict", "id");
        assertThat(sites().list()).extracting(Site::id).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void moreThanTheLimitOfDraftsIsTooLarge() {
        List<SiteDraft> many = new ArrayList<>();
        for (int i = 0; i <= SiteService.MAX_SITES_PER_ADD; i++) many.add(withThreshold("s" + i, 0.3));
        assertFails(() -> sites().add(many), PayloadTooLargeException.class, "payload_too_large", "sites");
        assertThat(sites().list()).isEmpty();
    }
}
