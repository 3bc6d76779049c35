package greencover.http.ogc;

import static greencover.http.ogc.TestServer.nodes;
import static greencover.http.ogc.TestServer.xml;
import static greencover.http.ogc.TestServer.xpath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/** WMTS over a real server, KVP and REST. Prefixed names are matched with name() (namespace-unaware DOM). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WmtsHttpTest {
    private static final String GET_TILE = "/wmts?SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetTile&LAYER=ndvi&STYLE=default"
            + "&FORMAT=image/png&TILEMATRIXSET=WebMercatorQuad&TILEMATRIX=3&TILEROW=4&TILECOL=6";

    private final TestServer server = new TestServer();

    @AfterAll
    void stop() { server.close(); }

    private static String header(java.net.http.HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String ows(String local) { return "*[name()='ows:" + local + "']"; }

    @Test
    void restCapabilitiesDescribeLayersAndBothTileMatrixSets() {
        var r = server.get("/wmts/1.0.0/WMTSCapabilities.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("application/xml");
        Document d = xml(r.body());
        assertThat(xpath(d, "/Capabilities/@version")).isEqualTo("1.0.0");
        assertThat(xpath(d, "/Capabilities/" + ows("ServiceIdentification") + "/" + ows("ServiceType")))
                .isEqualTo("OGC WMTS");
        assertThat(nodes(d, "//" + ows("OperationsMetadata") + "/" + ows("Operation")).getLength()).isEqualTo(3);
        String layer = "/Capabilities/Contents/Layer[" + ows("Identifier") + "='ndvi']";
        assertThat(xpath(d, layer + "/" + ows("WGS84BoundingBox") + "/" + ows("LowerCorner"))).isNotEmpty();
        assertThat(xpath(d, layer + "/Style[@isDefault='true']/LegendURL/@format")).isEqualTo("image/png");
        assertThat(xpath(d, layer + "/Format")).isEqualTo("image/png");
        assertThat(xpath(d, layer + "/Dimension/" + ows("Identifier"))).isEqualTo("Time");
        assertThat(xpath(d, layer + "/Dimension/Default")).isEqualTo("2024-06-01");
        assertThat(nodes(d, layer + "/Dimension/Value").getLength()).isEqualTo(2);
        assertThat(nodes(d, layer + "/TileMatrixSetLink/TileMatrixSet").getLength()).isEqualTo(2);
        assertThat(xpath(d, layer + "/ResourceURL/@template")).isEqualTo(server.origin()
                + "/wmts/1.0.0/ndvi/{Style}/{Time}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png");

        String merc = "/Capabilities/Contents/TileMatrixSet[" + ows("Identifier") + "='WebMercatorQuad']";
        assertThat(xpath(d, merc + "/" + ows("SupportedCRS"))).isEqualTo("urn:ogc:def:crs:EPSG::3857");
        assertThat(xpath(d, merc + "/WellKnownScaleSet"))
                .isEqualTo("urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible");
        assertThat(nodes(d, merc + "/TileMatrix").getLength()).isEqualTo(19);
        assertThat(xpath(d, merc + "/TileMatrix[1]/ScaleDenominator")).isEqualTo("559082264.0287178");
        assertThat(xpath(d, merc + "/TileMatrix[1]/TopLeftCorner")).isEqualTo("-20037508.342789244 20037508.342789244");
        assertThat(xpath(d, merc + "/TileMatrix[3]/MatrixWidth")).isEqualTo("4");
        String crs84 = "/Capabilities/Contents/TileMatrixSet[" + ows("Identifier") + "='WorldCRS84Quad']";
        assertThat(xpath(d, crs84 + "/" + ows("SupportedCRS"))).isEqualTo("urn:ogc:def:crs:OGC:1.3:CRS84");
        assertThat(xpath(d, crs84 + "/TileMatrix[1]/ScaleDenominator")).isEqualTo("279541132.0143589");
        assertThat(xpath(d, crs84 + "/TileMatrix[1]/TopLeftCorner")).isEqualTo("-180 90");
        assertThat(xpath(d, crs84 + "/TileMatrix[1]/MatrixWidth")).isEqualTo("2");
        assertThat(xpath(d, crs84 + "/TileMatrix[1]/MatrixHeight")).isEqualTo("1");
    }

    @Test
    void kvpCapabilitiesAreTheSameDocument() {
        var kvp = server.get("/wmts?service=WMTS&request=GetCapabilities");
        assertThat(kvp.statusCode()).isEqualTo(200);
        assertThat(kvp.body()).isEqualTo(server.get("/wmts/1.0.0/WMTSCapabilities.xml").body());
    }

    @Test
    void kvpGetTileIsA256PixelPng() throws IOException {
        var r = server.get(GET_TILE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        BufferedImage img = WmsHttpTest.image(r);
        assertThat(img.getWidth()).isEqualTo(256);
        assertThat(img.getHeight()).isEqualTo(256);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void restTilesWithAndWithoutTimeArePngs() throws IOException {
        var plain = server.get("/wmts/1.0.0/ndvi/ndvi/WebMercatorQuad/3/4/6.png");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(WmsHttpTest.image(plain).getWidth()).isEqualTo(256);
        var timed = server.get("/wmts/1.0.0/ndvi/default/2024-05-01/WorldCRS84Quad/2/1/6.png");
        assertThat(timed.statusCode()).isEqualTo(200);
        assertThat(WmsHttpTest.image(timed).getHeight()).isEqualTo(256);
    }

    @Test
    void theSameTileHasTheSameEtagThroughWmtsAndXyz() {
        // WMTS row 4, column 6 at matrix 3 is XYZ 3/6/4
        String wmts = header(server.get("/wmts/1.0.0/ndvi/default/WebMercatorQuad/3/4/6.png"), "ETag");
        String xyz = header(server.get("/tiles/ndvi/3/6/4.png"), "ETag");
        assertThat(wmts).isNotNull().isEqualTo(xyz);
    }

    @ParameterizedTest(name = "{0} → {2} {1}")
    @CsvSource(delimiter = ';', value = {
        "TILEROW=4;TILEROW=8;TileOutOfRange;400;TILEROW",
        "TILECOL=6;TILECOL=-1;TileOutOfRange;400;TILECOL",
        "TILEMATRIX=3;TILEMATRIX=x;InvalidParameterValue;400;TILEMATRIX",
        "&TILEMATRIX=3;;MissingParameterValue;400;TILEMATRIX",
        "LAYER=ndvi;LAYER=nope;InvalidParameterValue;400;LAYER",
        "STYLE=default;STYLE=nope;InvalidParameterValue;400;STYLE",
        "TILEMATRIXSET=WebMercatorQuad;TILEMATRIXSET=UTM;InvalidParameterValue;400;TILEMATRIXSET",
        "FORMAT=image/png;FORMAT=image/gif;InvalidParameterValue;400;FORMAT",
        "REQUEST=GetTile;REQUEST=Foo;OperationNotSupported;501;REQUEST"})
    void badRequestsGetAnOwsExceptionReport(String replace, String with, String code, int status, String locator) {
        var r = server.get(GET_TILE.replace(replace, with == null ? "" : with));
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(header(r, "Content-Type")).startsWith("application/xml");
        Document d = xml(r.body());
        assertThat(d.getDocumentElement().getAttribute("xmlns:ows")).isEqualTo("http://www.opengis.net/ows/1.1");
        assertThat(xpath(d, "/" + ows("ExceptionReport") + "/" + ows("Exception") + "/@exceptionCode"))
                .isEqualTo(code);
        assertThat(xpath(d, "//" + ows("Exception") + "/@locator")).isEqualTo(locator);
        assertThat(xpath(d, "//" + ows("ExceptionText"))).contains(locator);
    }

    @Test
    void restTileOutsideTheMatrixIsTileOutOfRange() {
        var r = server.get("/wmts/1.0.0/ndvi/default/WebMercatorQuad/1/0/2.png");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(xpath(xml(r.body()), "//" + ows("Exception") + "/@exceptionCode")).isEqualTo("TileOutOfRange");
    }

    @Test
    void featureInfoAnswersJsonForAPixelOfTheTile() throws IOException {
        String gfi = GET_TILE.replace("REQUEST=GetTile", "REQUEST=GetFeatureInfo") + "&I=10&J=20";
        var r = server.get(gfi + "&INFOFORMAT=application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(r.body()).at("/features/0/properties/layer").asText())
                .isEqualTo("ndvi");
        var out = server.get(gfi.replace("I=10", "I=256"));
        assertThat(out.statusCode()).isEqualTo(400);
        assertThat(xpath(xml(out.body()), "//" + ows("Exception") + "/@exceptionCode"))
                .isEqualTo("PointIJOutOfRange");
    }
}
