package greencover.service.map;

import static greencover.service.map.MapRendererTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.index.SpectralIndices;
import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.RasterGrid;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * TIME resolved per requested area (WMS 1.3.0 Annex C nearest value, tolerance 366 days). Two areas 100 km apart
 * in EPSG:32650, each one 4 × 4 grid of 10 m cells with one NDVI code everywhere:
 * <pre>
 * area A, corner (500000, 2800000): 2016-11-03 NDVI 0.2, 2018-10-24 NDVI 0.5
 * area B, corner (600000, 2800000): 2019-07-14 NDVI 0.4, 2020-08-17 NDVI 0.7
 * </pre>
 * Site "b-site" (117.9..118.1° E, 25.2..25.4° N) covers area B's grid and not area A's. Day counts: 2016-11-03 → 2017-06-01 is 210 days, → 2018-10-24 is 720 days
 * (midpoint 2017-10-29, 360 days from each); 2020-01-01 is 171 days after 2019-07-14 and 229 before 2020-08-17;
 * 2016-01-01 is 1290 days before 2019-07-14.
 */
class NearestTimeTest {
    static final double A_X = 500000, B_X = 600000, MAX_Y = 2800000;
    static CoordinateReferenceSystem utm;
    static MapRenderer renderer;

    @BeforeAll
    static void setUp() throws Exception {
        utm = CRS.decode("EPSG:32650", true);
        List<MapScene> scenes = List.of(scene("a1", "2016-11-03", A_X, 2000), scene("a2", "2018-10-24", A_X, 5000),
                scene("b1", "2019-07-14", B_X, 4000), scene("b2", "2020-08-17", B_X, 7000));
        // area B in WGS84: UTM 50 easting 600000 at 2800000 m north is about 117.99° E, 25.3° N; area A is at 117° E
        var gf = new GeometryFactory();
        var env = new Envelope(117.9, 118.1, 25.2, 25.4);
        MapSite b = new MapSite("b-site", "Site B", gf.toGeometry(env), Map.of());
        renderer = new MapRenderer(new MapRendererTest.Data(scenes, List.of(b), 1), SpectralIndices.defaults());
    }

    private static MapScene scene(String id, String date, double minX, int code) {
        short[] codes = new short[16];
        Arrays.fill(codes, (short) code);
        return new MapScene(id, id, LocalDate.parse(date), "S2A",
                Map.of("ndvi", new ArrayIndexRaster(new RasterGrid(4, 4, minX, MAX_Y, 10, 10), utm, 32650, codes, 3)));
    }

    private static MapRequest over(double minX, String layer, String time) {
        return request(layer, null, time, null, utm, minX, MAX_Y - 40, minX + 40, MAX_Y, 4, 4, "image/png", true, 0xFFFFFF);
    }

    @Test
    void anInstantThatIsNoAcquisitionDateResolvesToTheNearestDateInTheArea() {
        assertThat(renderer.render(over(A_X, "ndvi", "2017-06-01T00:00:00Z")).time()).isEqualTo("2016-11-03");
        assertThat(renderer.render(over(B_X, "ndvi", "2020-01-01T00:00:00Z")).time()).isEqualTo("2019-07-14");
        PointInfo p = renderer.pointInfo(over(B_X, "ndvi", "2020-01-01"), 1, 1);
        assertThat(p.value()).isCloseTo(0.4, within(1e-9));
        assertThat(p.date()).isEqualTo(LocalDate.of(2019, 7, 14));
        assertThat(p.time()).isEqualTo("2019-07-14");
    }

    @Test
    void ofTwoEquallyNearDatesTheEarlierWins() {
        assertThat(renderer.render(over(A_X, "ndvi", "2017-10-29")).time()).isEqualTo("2016-11-03");
    }

    @Test
    void anAcquisitionDateOfAnotherAreaIsNotMovedBeyondTheToleranceAndDrawsNothing() {
        RenderedMap m = renderer.render(over(B_X, "ndvi", "2016-11-03"));
        assertThat(m.time()).isEqualTo("2016-11-03");
        assertThat(m.empty()).isTrue();
    }

    @Test
    void anInstantFarFromEveryDateIsInvalid() {
        assertThatThrownBy(() -> renderer.render(over(B_X, "ndvi", "2016-01-01")))
                .isInstanceOf(MapRequestException.class)
                .satisfies(e -> assertThat(((MapRequestException) e).reason()).isEqualTo(MapRequestException.Reason.INVALID_TIME))
                .hasMessageContaining("366 days");
    }

    @Test
    void periodsAreNotMovedAndStillComposite() {
        RenderedMap m = renderer.render(over(A_X, "ndvi", "2016/2019"));
        assertThat(m.time()).isEqualTo("2016-01-01/2019-12-31");
        // latest clear observation of the period: 2018-10-24, NDVI 0.5
        assertThat(renderer.pointInfo(over(A_X, "ndvi", "2016/2019"), 0, 0).value()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theDefaultIsTheLatestDateInTheArea() {
        assertThat(renderer.render(over(A_X, "ndvi", null)).time()).isEqualTo("2018-10-24");
        assertThat(renderer.render(over(B_X, "ndvi", null)).time()).isEqualTo("2020-08-17");
    }

    @Test
    void aChangeWithOneTimeIsTheChangeSinceTheFirstDateInTheArea() {
        assertThat(renderer.render(over(B_X, "ndvi-change", "2020-08-17")).time()).isEqualTo("2019-07-14/2020-08-17");
        assertThat(renderer.pointInfo(over(B_X, "ndvi-change", "2020-08-17"), 2, 2).value()).isCloseTo(0.3, within(1e-9));
        // and its TIME resolves by nearest value too: 2018-06-01 is 145 days before 2018-10-24
        assertThat(renderer.render(over(A_X, "ndvi-change", "2018-06-01")).time()).isEqualTo("2016-11-03/2018-10-24");
        assertThat(renderer.pointInfo(over(A_X, "ndvi-change", "2018-06-01"), 0, 3).value()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void theSiteLayerHasTheSitesBoundsAndTheDatesOverIt() {
        MapLayer l = renderer.layers().stream().filter(x -> x.name().equals("b-site:ndvi")).findFirst().orElseThrow();
        assertThat(l.site()).isEqualTo("b-site");
        assertThat(l.dates()).containsExactly(LocalDate.of(2019, 7, 14), LocalDate.of(2020, 8, 17));
        assertThat(l.defaultDate()).isEqualTo(LocalDate.of(2020, 8, 17));
        // 0.2 x 0.2 degrees, padded by a tenth on each side
        assertThat(l.wgs84Bounds()).containsExactly(new double[] {117.88, 25.18, 118.12, 25.42}, within(1e-9));
        assertThat(renderer.render(over(B_X, "b-site:ndvi", "2020-01-01")).time()).isEqualTo("2019-07-14");
        MapLayer all = renderer.layers().get(0);
        assertThat(all.dates()).hasSize(4);
    }
}
