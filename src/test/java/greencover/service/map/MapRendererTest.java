package greencover.service.map;

import greencover.core.index.SpectralIndices;
import static greencover.core.raster.IndexCodes.CLOUD;
import static greencover.core.raster.IndexCodes.NODATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import greencover.core.raster.ArrayIndexRaster;
import greencover.core.raster.IndexRaster;
import greencover.core.raster.RasterGrid;
import greencover.core.tiles.TargetGrid;
import greencover.service.map.MapRequestException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.geotools.referencing.CRS;
import org.geotools.referencing.crs.DefaultEngineeringCRS;
import org.geotools.referencing.crs.DefaultGeographicCRS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * Two 4 × 4 scenes of 10 m cells in EPSG:32650 with upper-left corner (500000, 2800000), NDVI codes:
 * <pre>
 * s1 (2024-05-01)                  s2 (2024-06-01)
 * -2000  2000   6000  10000        -2000  CLOUD  6000  10000
 *  3000  2000 NODATA  CLOUD         6000   1000 NODATA  CLOUD
 *  4000  4000   4000   4000         4000   4000  4000   4000
 *  4000  4000   4000   4000         4000   4000  4000   4000
 * </pre>
 * Expected colours are the ndvi ramp's stops (-0.2 brown 8C510A, 0.2 yellow F5E65A, 0.6 green 66BD63, 1 dark
 * green 006837) or interpolations worked out in each test.
 */
class MapRendererTest {
    static final double MIN_X = 500000, MAX_Y = 2800000;
    static final LocalDate MAY = LocalDate.of(2024, 5, 1), JUNE = LocalDate.of(2024, 6, 1);
    static CoordinateReferenceSystem utm;
    static MapRenderer renderer;
    static MapSite site;

    record Data(List<MapScene> scenes, List<MapSite> sites, long version) implements MapData {}

    @BeforeAll
    static void setUp() throws Exception {
        utm = CRS.decode("EPSG:32650", true);
        RasterGrid grid = new RasterGrid(4, 4, MIN_X, MAX_Y, 10, 10);
        short[] a = {
            -2000, 2000, 6000, 10000,
            3000, 2000, NODATA, CLOUD,
            4000, 4000, 4000, 4000,
            4000, 4000, 4000, 4000};
        short[] b = {
            -2000, CLOUD, 6000, 10000,
            6000, 1000, NODATA, CLOUD,
            4000, 4000, 4000, 4000,
            4000, 4000, 4000, 4000};
        MapScene s1 = new MapScene("s1", "May", MAY, "S2A", Map.of("ndvi", raster(grid, a)));
        MapScene s2 = new MapScene("s2", "June", JUNE, "S2B", Map.of("ndvi", raster(grid, b)));
        GeometryFactory gf = new GeometryFactory();
        Polygon box = gf.createPolygon(new Coordinate[] {
            new Coordinate(10, 20), new Coordinate(11, 20), new Coordinate(11, 21), new Coordinate(10, 21),
            new Coordinate(10, 20)});
        site = new MapSite("site-1", "Pit A", box, Map.of("areaM2", 1.0));
        renderer = new MapRenderer(new Data(List.of(s1, s2), List.of(site), 1), SpectralIndices.defaults());
    }

    private static IndexRaster raster(RasterGrid grid, short[] codes) {
        return new ArrayIndexRaster(grid, utm, 32650, codes, 3);
    }

    /** The scene's own grid, 4 × 4 pixels. */
    private static MapRequest own(String layer, String style, String time, String composite) {
        return request(layer, style, time, composite, utm, MIN_X, MAX_Y - 40, MIN_X + 40, MAX_Y, 4, 4,
                "image/png", true, 0xFFFFFF);
    }

    /** A typed request from the values a client sends (TIME read as the named layer reads it). */
    static MapRequest request(String layer, String style, String time, String composite, CoordinateReferenceSystem crs,
                              double minX, double minY, double maxX, double maxY, int width, int height, String format,
                              boolean transparent, int bg) {
        TimeSelection.Mode mode = "ndvi-change".equals(layer) ? TimeSelection.Mode.CHANGE : TimeSelection.Mode.PERIOD;
        return new MapRequest(layer, style, TimeSelection.parse(time, mode, "time"),
                "max".equals(composite) ? Composite.MAX : Composite.LATEST,
                new TargetGrid(crs, minX, minY, maxX, maxY, width, height),
                format.equals("image/jpeg") ? ImageFormat.JPEG : ImageFormat.PNG, transparent, bg);
    }

    private static BufferedImage decode(RenderedMap m) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(m.bytes()));
        assertThat(img).isNotNull();
        return img;
    }

    private static MapRequestException failure(Runnable r) {
        try {
            r.run();
        } catch (MapRequestException e) {
            return e;
        }
        throw new AssertionError("expected a MapRequestException");
    }

    @Test
    void oneDateInTheScenesOwnGridGivesTheRampColourOfEachPixel() throws IOException {
        RenderedMap m = renderer.render(own("ndvi", null, "2024-05-01", null));
        assertThat(m.contentType()).isEqualTo("image/png");
        assertThat(m.empty()).isFalse();
        BufferedImage img = decode(m);
        assertThat(img.getWidth()).isEqualTo(4);
        assertThat(img.getRGB(0, 0)).isEqualTo(0xFF8C510A);
        assertThat(img.getRGB(1, 0)).isEqualTo(0xFFF5E65A);
        assertThat(img.getRGB(2, 0)).isEqualTo(0xFF66BD63);
        assertThat(img.getRGB(3, 0)).isEqualTo(0xFF006837);
        // 0.3: a quarter from yellow (245,230,90) to green (102,189,99) = (209.25, 219.75, 92.25)
        assertThat(img.getRGB(0, 1)).isEqualTo(0xFFD1DC5C);
        assertThat(img.getRGB(2, 1) >>> 24).as("no data is transparent").isZero();
        assertThat(img.getRGB(3, 1) >>> 24).as("cloud is transparent").isZero();
    }

    @Test
    void defaultTimeIsTheLatestDateWithoutCompositing() throws IOException {
        BufferedImage img = decode(renderer.render(own("ndvi", null, null, null)));
        assertThat(img.getRGB(1, 0) >>> 24).as("June is cloudy there").isZero();
        assertThat(img.getRGB(0, 1)).isEqualTo(0xFF66BD63);
    }

    @Test
    void latestClearCompositeShowsTheEarlierValueUnderALaterCloud() throws IOException {
        BufferedImage img = decode(renderer.render(own("ndvi", null, "2024-05/2024-06", null)));
        assertThat(img.getRGB(1, 0)).isEqualTo(0xFFF5E65A);    // May's 0.2 under June's cloud
        assertThat(img.getRGB(0, 1)).isEqualTo(0xFF66BD63);    // June's 0.6 over May's 0.3
        // June's 0.1: three quarters from brown (140,81,10) to yellow (245,230,90) = (218.75, 192.75, 70)
        assertThat(img.getRGB(1, 1)).isEqualTo(0xFFDBC146);
        assertThat(img.getRGB(3, 1) >>> 24).isZero();          // cloudy on both dates
        PointInfo under = renderer.pointInfo(own("ndvi", null, "2024", null), 1, 0);
        assertThat(under.value()).isCloseTo(0.2, within(1e-12));
        assertThat(under.date()).isEqualTo(MAY);
        assertThat(under.sceneId()).isEqualTo("s1");
        assertThat(under.pixelClass()).isEqualTo("valid");
        assertThat(under.coverClass()).isEqualTo("sparse");
        PointInfo cloudy = renderer.pointInfo(own("ndvi", null, "2024", null), 3, 1);
        assertThat(cloudy.value()).isNull();
        assertThat(cloudy.pixelClass()).isEqualTo("cloud");
    }

    @Test
    void maximumCompositeKeepsTheLargerValue() throws IOException {
        BufferedImage img = decode(renderer.render(own("ndvi", null, "2024", "max")));
        assertThat(img.getRGB(1, 1)).isEqualTo(0xFFF5E65A);    // max(0.2, 0.1) = 0.2
        assertThat(img.getRGB(0, 1)).isEqualTo(0xFF66BD63);    // max(0.3, 0.6) = 0.6
        PointInfo p = renderer.pointInfo(own("ndvi", null, "2024", "max"), 1, 1);
        assertThat(p.value()).isCloseTo(0.2, within(1e-12));
        assertThat(p.sceneId()).isEqualTo("s1");
    }

    @Test
    void changeLayerShowsTheSecondPeriodMinusTheFirst() throws IOException {
        BufferedImage img = decode(renderer.render(own("ndvi-change", null, "2024-05-01/2024-06-01", null)));
        // +0.3: 0.6 of the way from white (247,247,247) to green (26,152,80) = (114.4, 190, 146.8)
        assertThat(img.getRGB(0, 1)).isEqualTo(0xFF72BE93);
        // -0.1: 0.8 of the way from red (178,24,43) to white = (233.2, 202.4, 206.2)
        assertThat(img.getRGB(1, 1)).isEqualTo(0xFFE9CACE);
        assertThat(img.getRGB(0, 0)).isEqualTo(0xFFF7F7F7);   // no change
        assertThat(img.getRGB(1, 0) >>> 24).isZero();          // cloudy in June
        PointInfo p = renderer.pointInfo(own("ndvi-change", null, "2024-05-01/2024-06-01", null), 0, 1);
        assertThat(p.value()).isCloseTo(0.3, within(1e-12));
        assertThat(p.sceneId()).isEqualTo("s2");
    }

    @Test
    void greenCoverLayerPaintsClassColours() throws IOException {
        BufferedImage img = decode(renderer.render(own("greencover", null, "2024-05-01", null)));
        assertThat(img.getRGB(0, 0)).isEqualTo(0xFFD2B48C);   // -0.2 bare
        assertThat(img.getRGB(1, 0)).isEqualTo(0xFFF0E68C);   // 0.2 sparse (a break belongs to the upper class)
        assertThat(img.getRGB(0, 2)).isEqualTo(0xFF7FBF5F);   // 0.4 moderate
        assertThat(img.getRGB(3, 0)).isEqualTo(0xFF1E7B34);   // 1.0 dense
        assertThat(img.getRGB(3, 1) >>> 24).isZero();
    }

    @Test
    void opaqueRequestPaintsTheBackgroundWhereThereIsNoData() throws IOException {
        MapRequest r = request("ndvi", null, "2024-05-01", null, utm, MIN_X, MAX_Y - 40, MIN_X + 40, MAX_Y,
                4, 4, "image/png", false, 0x123456);
        BufferedImage img = decode(renderer.render(r));
        assertThat(img.getRGB(2, 1)).isEqualTo(0xFF123456);
        MapRequest jpeg = request("ndvi", null, "2024-05-01", null, utm, MIN_X, MAX_Y - 40, MIN_X + 40, MAX_Y,
                4, 4, "image/jpeg", false, 0xFFFFFF);
        RenderedMap m = renderer.render(jpeg);
        assertThat(m.contentType()).isEqualTo("image/jpeg");
        assertThat(decode(m).getWidth()).isEqualTo(4);
    }

    @Test
    void webMercatorRequestOverTheSceneHasDataAndOneFarAwayIsEmpty() throws Exception {
        CoordinateReferenceSystem merc = CRS.decode("EPSG:3857", true);
        // the scene's centre, 20 m east and south of its corner, in Web Mercator
        double[] c = {MIN_X + 20, MAX_Y - 20};
        CRS.findMathTransform(utm, merc).transform(c, 0, c, 0, 1);
        RenderedMap m = renderer.render(request("ndvi", null, "2024-05-01", null, merc, c[0] - 5, c[1] - 5,
                c[0] + 5, c[1] + 5, 8, 8, "image/png", true, 0));
        assertThat(m.empty()).isFalse();
        assertThat(decode(m).getHeight()).isEqualTo(8);
        RenderedMap far = renderer.render(request("ndvi", null, "2024-05-01", null, merc, 0, 0, 1000, 1000,
                8, 8, "image/png", true, 0));
        assertThat(far.empty()).isTrue();
        assertThat(decode(far).getRGB(3, 3) >>> 24).isZero();
    }

    @Test
    void latitudeFirstCrsIsReadLongitudeFirstAsTheRequestPromises() throws Exception {
        // the same CRS:84 box drawn through EPSG:4326 decoded latitude-first gives the same picture
        MapRequest lonFirst = request("sites", null, null, null, DefaultGeographicCRS.WGS84, 9.5, 19.5, 11.5,
                21.5, 50, 50, "image/png", true, 0);
        MapRequest latFirstCrs = request("sites", null, null, null, CRS.decode("EPSG:4326"), 9.5, 19.5, 11.5,
                21.5, 50, 50, "image/png", true, 0);
        assertThat(CRS.getAxisOrder(latFirstCrs.crs())).isEqualTo(CRS.AxisOrder.NORTH_EAST);
        assertThat(renderer.render(latFirstCrs).bytes()).isEqualTo(renderer.render(lonFirst).bytes());
    }

    @Test
    void whatOnlyTheDataCanDecideFailsWithItsReason() {
        assertThat(failure(() -> renderer.render(own("ndvi", null, "2020-01-01", null))).reason())
                .isEqualTo(Reason.INVALID_TIME);
        assertThat(failure(() -> renderer.render(own("ndvi-change", null, "2019", null))).reason())
                .isEqualTo(Reason.INVALID_TIME);
        assertThat(failure(() -> renderer.render(own("forest", null, null, null))).reason())
                .isEqualTo(Reason.LAYER_NOT_DEFINED);
        assertThat(failure(() -> renderer.render(own("ndvi", "rainbow", null, null))).reason())
                .isEqualTo(Reason.STYLE_NOT_DEFINED);
        MapRequestException crs = failure(() -> renderer.render(request("ndvi", null, null, null,
                DefaultEngineeringCRS.CARTESIAN_2D, 0, 0, 1, 1, 4, 4, "image/png", true, 0)));
        assertThat(crs.reason()).isEqualTo(Reason.INVALID_CRS);
        MapRequestException point = failure(() -> renderer.pointInfo(own("ndvi", null, null, null), 4, 0));
        assertThat(point.reason()).isEqualTo(Reason.POINT_OUT_OF_RANGE);
        assertThat(point.parameter()).isEqualTo("i");
        assertThat(failure(() -> renderer.legend("nope", null)).reason()).isEqualTo(Reason.LAYER_NOT_DEFINED);
    }

    @Test
    void aRequestLargerThanTheLimitCannotBeBuilt() {
        assertThatThrownBy(() -> request("ndvi", null, null, null, utm, 0, 0, 1, 1, MapRequest.MAX_SIZE_PX + 1, 4,
                "image/png", true, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(request("ndvi", null, null, null, utm, 0, 0, 1, 1, MapRequest.MAX_SIZE_PX, 4, "image/png", true, 0)
                .width()).isEqualTo(4096);
    }

    @Test
    void aStackOfTwoLayersShowsTheLowerOneThroughTheUpperOnesClearPixels() throws IOException {
        LayerStack stack = new LayerStack(renderer);
        // bottom: May in green-cover classes; top: June on the ndvi ramp, cloudy at (1, 0)
        MapRequest may = own("greencover", null, "2024-05-01", null), june = own("ndvi", null, "2024-06-01", null);
        RenderedMap m = stack.render(List.of(may, june));
        assertThat(m.contentType()).isEqualTo("image/png");
        assertThat(m.empty()).isFalse();
        BufferedImage img = decode(m);
        assertThat(img.getRGB(1, 0)).as("May's 0.2 sparse class under June's cloud").isEqualTo(0xFFF0E68C);
        assertThat(img.getRGB(0, 1)).as("June's 0.6 over May's class").isEqualTo(0xFF66BD63);
        assertThat(img.getRGB(0, 0)).as("June's -0.2").isEqualTo(0xFF8C510A);
        assertThat(img.getRGB(2, 1) >>> 24).as("no data in either").isZero();
        MapRequest opaqueMay = request("greencover", null, "2024-05-01", null, utm, MIN_X, MAX_Y - 40, MIN_X + 40,
                MAX_Y, 4, 4, "image/png", false, 0x123456);
        MapRequest opaqueJune = opaqueMay.withLayer("ndvi", null, june.time());
        BufferedImage opaque = decode(stack.render(List.of(opaqueMay, opaqueJune)));
        assertThat(opaque.getRGB(2, 1)).as("background where neither has data").isEqualTo(0xFF123456);
        assertThat(opaque.getRGB(1, 0)).isEqualTo(0xFFF0E68C);
        RenderedMap jpeg = stack.render(List.of(opaqueMay.withFormat(ImageFormat.JPEG),
                opaqueJune.withFormat(ImageFormat.JPEG)));
        assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(decode(jpeg).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void aStackOfOneLayerHasTheSinglePicturesPixels() throws IOException {
        for (MapRequest r : List.of(own("ndvi", null, "2024", null), own("ndvi-change", null, null, null),
                request("sites", null, null, null, DefaultGeographicCRS.WGS84, 9.5, 19.5, 11.5, 21.5, 60, 60,
                        "image/png", true, 0))) {
            BufferedImage single = decode(renderer.render(r)), stacked = decode(new LayerStack(renderer).render(List.of(r)));
            for (int y = 0; y < single.getHeight(); y++) {
                for (int x = 0; x < single.getWidth(); x++) {
                    int a = single.getRGB(x, y), b = stacked.getRGB(x, y);
                    assertThat(b).as("%s at %d,%d", r.layer(), x, y).isEqualTo(a >>> 24 == 0 ? b & 0xFFFFFF : a);
                }
            }
        }
    }

    @Test
    void layersDescribeDatesBoundsAndStyles() {
        List<MapLayer> layers = renderer.layers();
        assertThat(layers).extracting(MapLayer::name)
                .containsExactly("ndvi", "fvc", "greencover", "ndvi-change", "greencover-change", "sites",
                        "site-1:ndvi", "site-1:fvc", "site-1:greencover", "site-1:ndvi-change", "site-1:greencover-change");
        MapLayer ndvi = layers.get(0);
        assertThat(ndvi.dates()).containsExactly(MAY, JUNE);
        assertThat(ndvi.defaultDate()).isEqualTo(JUNE);
        assertThat(ndvi.nativeEpsg()).containsExactly(32650);
        assertThat(ndvi.styles()).extracting(MapStyle::name).containsExactly("default", "ndvi", "greencover", "fvc");
        // the per-site copy: the site's bounds (10..11 E, 20..21 N) plus a tenth on each side; no scene is there
        MapLayer siteNdvi = layers.get(6);
        assertThat(siteNdvi.site()).isEqualTo("site-1");
        assertThat(siteNdvi.wgs84Bounds()).containsExactly(new double[] {9.9, 19.9, 11.1, 21.1}, within(1e-9));
        assertThat(siteNdvi.dates()).isEmpty();
        // UTM zone 50 has its central meridian at 117° E: easting 500000 is longitude 117; 2800000 m north is ~25.3° N
        assertThat(ndvi.wgs84Bounds()[0]).isCloseTo(117.0, within(1e-6));
        assertThat(ndvi.wgs84Bounds()[3]).isCloseTo(25.3, within(0.05));
        assertThat(layers.get(5).wgs84Bounds()).containsExactly(10, 20, 11, 21);
    }

    @Test
    void legendsDecodeAsPng() throws IOException {
        for (String layer : List.of("ndvi", "greencover", "ndvi-change", "fvc", "sites")) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(renderer.legend(layer, null)));
            assertThat(img).as(layer).isNotNull();
            assertThat(img.getWidth()).isPositive();
        }
    }

    @Test
    void sitesLayerDrawsOutlinesAndAnswersPointQueries() throws IOException {
        // CRS:84 box [9.5, 19.5] - [11.5, 21.5] on 100 x 100 px: the site's west edge (lon 10) is column 25
        MapRequest r = request("sites", null, null, null, DefaultGeographicCRS.WGS84, 9.5, 19.5, 11.5, 21.5,
                100, 100, "image/png", true, 0);
        RenderedMap m = renderer.render(r);
        assertThat(m.empty()).isFalse();
        BufferedImage img = decode(m);
        int outline = img.getRGB(25, 50);
        assertThat(outline >>> 24).isGreaterThan(100);
        assertThat((outline >> 16) & 0xFF).as("red of magenta").isGreaterThan(150);
        assertThat(img.getRGB(5, 5) >>> 24).as("outside is transparent").isZero();
        assertThat(renderer.pointInfo(r, 40, 40).sites()).extracting(MapSite::id).containsExactly("site-1");
        assertThat(renderer.pointInfo(r, 2, 2).sites()).isEmpty();
    }

    @Test
    void aSingleTimeOnTheChangeLayerMeansTheChangeSinceTheFirstDate() {
        byte[] single = renderer.render(own("ndvi-change", null, "2024-06-01", null)).bytes();
        byte[] pair = renderer.render(own("ndvi-change", null, "2024-05-01/2024-06-01", null)).bytes();
        assertThat(single).isEqualTo(pair);
    }
}
