package greencover.http.ogc.wms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import greencover.http.ogc.OgcParams;
import greencover.service.map.MapRequestException;
import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapLayer;
import greencover.service.map.MapRequest;
import greencover.service.map.MapStyle;
import greencover.service.map.TimeSelection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.geotools.referencing.CRS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of GetMap parameters into renderer requests, axis order first. */
class WmsGetMapRequestTest {
    private static final List<MapLayer> LAYERS = List.of(
            new MapLayer("ndvi", "NDVI", "", List.of(new MapStyle("rdylgn", "RdYlGn"), new MapStyle("greys", "Greys")),
                    List.of(LocalDate.of(2024, 6, 1)), LocalDate.of(2024, 6, 1), new double[] {116, -2, 118, 0},
                    List.of(32750), true, TimeSelection.Mode.PERIOD),
            new MapLayer("sites", "Sites", "", List.of(new MapStyle("outline", "Outline")), List.of(), null,
                    new double[] {116, -2, 118, 0}, List.of(), false, TimeSelection.Mode.PERIOD));

    /** A valid 1.3.0 GetMap over lat -1.3..-1.2, lon 116.9..117.0 in EPSG:4326 (so BBOX is lat,lon,lat,lon). */
    private static Map<String, String> getMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("SERVICE", "WMS");
        m.put("VERSION", "1.3.0");
        m.put("REQUEST", "GetMap");
        m.put("LAYERS", "ndvi");
        m.put("STYLES", "");
        m.put("CRS", "EPSG:4326");
        m.put("BBOX", "-1.3,116.9,-1.2,117.0");
        m.put("WIDTH", "200");
        m.put("HEIGHT", "100");
        m.put("FORMAT", "image/png");
        return m;
    }

    private static WmsGetMapRequest parse(Map<String, String> m) {
        return WmsGetMapRequest.from(OgcParams.ofSingle(m), LAYERS);
    }

    private static void assertLonLatBox(MapRequest r) {
        assertThat(r.minX()).isEqualTo(116.9);
        assertThat(r.minY()).isEqualTo(-1.3);
        assertThat(r.maxX()).isEqualTo(117.0);
        assertThat(r.maxY()).isEqualTo(-1.2);
    }

    @Test
    void wms130Epsg4326BboxIsReadLatitudeFirstAndPassedLongitudeFirst() {
        MapRequest r = parse(getMap()).first();
        assertLonLatBox(r);
        assertThat(CRS.getAxisOrder(r.crs())).isEqualTo(CRS.AxisOrder.EAST_NORTH);
        assertThat(r.width()).isEqualTo(200);
        assertThat(r.height()).isEqualTo(100);
        assertThat(r.style()).isNull();
        assertThat(r.time()).isEqualTo(TimeSelection.LATEST);
        assertThat(r.transparent()).isFalse();
        assertThat(r.bgColorRgb()).isEqualTo(0xFFFFFF);
    }

    @Test
    void crs84IsLongitudeFirstIn130() {
        Map<String, String> m = getMap();
        m.put("CRS", "CRS:84");
        m.put("BBOX", "116.9,-1.3,117.0,-1.2");
        MapRequest r = parse(m).first();
        assertLonLatBox(r);
        assertThat(CRS.getAxisOrder(r.crs())).isEqualTo(CRS.AxisOrder.EAST_NORTH);
    }

    @Test
    void wms111Epsg4326IsLongitudeFirstAndUsesSrs() {
        Map<String, String> m = getMap();
        m.put("VERSION", "1.1.1");
        m.remove("CRS");
        m.put("SRS", "EPSG:4326");
        m.put("BBOX", "116.9,-1.3,117.0,-1.2");
        WmsGetMapRequest r = parse(m);
        assertThat(r.version()).isEqualTo(WmsVersion.V1_1_1);
        assertLonLatBox(r.first());
    }

    @Test
    void projectedEastNorthCrsIsNotSwapped() {
        Map<String, String> m = getMap();
        m.put("CRS", "EPSG:32750");
        m.put("BBOX", "500000,9850000,500040,9860000");
        MapRequest r = parse(m).first();
        assertThat(new double[] {r.minX(), r.minY(), r.maxX(), r.maxY()})
                .containsExactly(500000, 9850000, 500040, 9860000);
    }

    @Test
    void northFirstProjectedCrsIsSwappedIn130() {
        // EPSG:2180 (Poland CS92) is defined northing first, so a 1.3.0 BBOX is minN,minE,maxN,maxE
        Map<String, String> m = getMap();
        m.put("CRS", "EPSG:2180");
        m.put("BBOX", "100,200,300,400");
        MapRequest r = parse(m).first();
        assertThat(new double[] {r.minX(), r.minY(), r.maxX(), r.maxY()}).containsExactly(200, 100, 400, 300);
    }

    @Test
    void lowerCaseParameterNamesAndOptionsAreRead() {
        Map<String, String> m = new LinkedHashMap<>();
        getMap().forEach((k, v) -> m.put(k.toLowerCase(), v));
        m.put("styles", "greys");
        m.put("transparent", "true");
        m.put("bgcolor", "0x102030");
        m.put("time", "2024-06");
        m.put("composite", "MAX");
        m.put("format", "image/png; mode=8bit");
        MapRequest r = parse(m).first();
        assertLonLatBox(r);
        assertThat(r.style()).isEqualTo("greys");
        assertThat(r.transparent()).isTrue();
        assertThat(r.bgColorRgb()).isEqualTo(0x102030);
        assertThat(r.time()).isEqualTo(new TimeSelection.Period(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30)));
        assertThat(r.composite()).isEqualTo(Composite.MAX);
        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void severalLayersShareExtentAndKeepTheirOwnStyles() {
        Map<String, String> m = getMap();
        m.put("LAYERS", "ndvi,sites");
        m.put("STYLES", "greys,");
        WmsGetMapRequest r = parse(m);
        assertThat(r.layers()).extracting(MapRequest::layer).containsExactly("ndvi", "sites");
        assertThat(r.layers()).extracting(MapRequest::style).containsExactly("greys", null);
        assertLonLatBox(r.layers().get(1));
    }

    @ParameterizedTest(name = "{0}={1} gives {2}")
    @CsvSource(delimiter = ';', value = {
        "CRS;;MissingParameterValue;CRS",
        "BBOX;;MissingParameterValue;BBOX",
        "WIDTH;;MissingParameterValue;WIDTH",
        "FORMAT;;MissingParameterValue;FORMAT",
        "LAYERS;nope;LayerNotDefined;LAYERS",
        "STYLES;nope;StyleNotDefined;STYLES",
        "STYLES;greys,outline;InvalidParameterValue;STYLES",
        "CRS;EPSG:99999;InvalidCRS;CRS",
        "CRS;FOO:1;InvalidCRS;CRS",
        "FORMAT;image/gif;InvalidFormat;FORMAT",
        "WIDTH;99999;InvalidParameterValue;WIDTH",
        "HEIGHT;0;InvalidParameterValue;HEIGHT",
        "WIDTH;wide;InvalidParameterValue;WIDTH",
        "BBOX;-1.2,116.9,-1.3,117.0;InvalidParameterValue;BBOX",
        "BBOX;1,2,3;InvalidParameterValue;BBOX",
        "BBOX;1,2,NaN,4;InvalidParameterValue;BBOX",
        "TRANSPARENT;maybe;InvalidParameterValue;TRANSPARENT",
        "BGCOLOR;red;InvalidParameterValue;BGCOLOR",
        "COMPOSITE;median;InvalidParameterValue;COMPOSITE",
        "VERSION;1.2.0;InvalidParameterValue;VERSION"})
    void badParametersGiveTheirCodeAndLocator(String name, String value, String code, String locator) {
        Map<String, String> m = getMap();
        if (value == null) m.remove(name);
        else m.put(name, value);
        assertThatThrownBy(() -> parse(m)).isInstanceOfSatisfying(MapRequestException.class, e -> {
            assertThat(WmsErrors.codeOf(e.reason())).isEqualTo(code);
            assertThat(e.parameter()).isEqualTo(locator);
            assertThat(e.getMessage()).contains(locator);
        });
    }

    @Test
    void featureInfoPointOutsideTheMapIsInvalidPoint() {
        Map<String, String> m = getMap();
        m.put("REQUEST", "GetFeatureInfo");
        m.put("QUERY_LAYERS", "ndvi");
        m.put("I", "200");   // WIDTH is 200: columns 0..199
        m.put("J", "5");
        assertThatThrownBy(() -> WmsGetFeatureInfoRequest.from(OgcParams.ofSingle(m), LAYERS))
                .isInstanceOfSatisfying(MapRequestException.class, e -> {
                    assertThat(WmsErrors.codeOf(e.reason())).isEqualTo("InvalidPoint");
                    assertThat(e.parameter()).isEqualTo("I");
                });
        m.put("I", "199");
        WmsGetFeatureInfoRequest r = WmsGetFeatureInfoRequest.from(OgcParams.ofSingle(m), LAYERS);
        assertThat(r.i()).isEqualTo(199);
        assertThat(r.j()).isEqualTo(5);
        assertThat(r.infoFormat()).isEqualTo("application/json");
        assertLonLatBox(r.queryLayers().get(0));
    }

    @Test
    void featureInfoOnANonQueryableLayerIsRefused() {
        Map<String, String> m = getMap();
        m.put("LAYERS", "sites");
        m.put("QUERY_LAYERS", "sites");
        m.put("I", "1");
        m.put("J", "1");
        assertThatThrownBy(() -> WmsGetFeatureInfoRequest.from(OgcParams.ofSingle(m), LAYERS))
                .isInstanceOfSatisfying(MapRequestException.class, e -> assertThat(WmsErrors.codeOf(e.reason())).isEqualTo("LayerNotQueryable"));
    }

    @ParameterizedTest
    @CsvSource({"'',1.3.0", "1.3.0,1.3.0", "1.4.0,1.3.0", "2.0.0,1.3.0", "1.2.0,1.1.1", "1.1.1,1.1.1", "1.0.0,1.1.1"})
    void capabilitiesVersionIsNegotiated(String asked, String served) {
        assertThat(WmsVersion.negotiate(asked).text()).isEqualTo(served);
    }
}
