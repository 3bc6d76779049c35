package greencover.http.ogc;

import static greencover.http.ogc.TestServer.nodes;
import static greencover.http.ogc.TestServer.text;
import static greencover.http.ogc.TestServer.xml;
import static greencover.http.ogc.TestServer.xpath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/** WMS over a real server: capabilities, maps, feature info, legends, exception reports, caching headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WmsHttpTest {
    /** lat -1.3..-1.2, lon 116.9..117.0 in WMS 1.3.0 EPSG:4326 order; size 64 × 32. */
    private static final String GET_MAP = "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=ndvi&STYLES="
            + "&CRS=EPSG:4326&BBOX=-1.3,116.9,-1.2,117.0&WIDTH=64&HEIGHT=32&FORMAT=image/png";

    private final TestServer server = new TestServer();

    @AfterAll
    void stop() { server.close(); }

    static BufferedImage image(HttpResponse<byte[]> r) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("decodable image").isNotNull();
        return img;
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void capabilities130ListTheLayersWithTimeDimensionStylesAndBoundingBoxes() {
        var r = server.get("/wms?SERVICE=WMS&REQUEST=GetCapabilities");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("text/xml");
        Document d = xml(r.body());
        assertThat(xpath(d, "/WMS_Capabilities/@version")).isEqualTo("1.3.0");
        assertThat(d.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.opengis.net/wms");
        assertThat(xpath(d, "//Request/GetMap/Format[.='image/png']")).isEqualTo("image/png");
        assertThat(xpath(d, "//Request/GetFeatureInfo/Format[.='application/json']")).isNotEmpty();
        assertThat(xpath(d, "//Request/GetMap/DCPType/HTTP/Get/OnlineResource/@*[name()='xlink:href']"))
                .isEqualTo(server.origin() + "/wms?");
        assertThat(xpath(d, "/WMS_Capabilities/Capability/Layer/CRS[.='EPSG:3857']")).isNotEmpty();
        assertThat(xpath(d, "/WMS_Capabilities/Capability/Layer/CRS[.='CRS:84']")).isNotEmpty();
        String ndvi = "/WMS_Capabilities/Capability/Layer/Layer[Name='ndvi']";
        assertThat(xpath(d, ndvi + "/Title")).isNotEmpty();
        assertThat(xpath(d, ndvi + "/Dimension[@name='time']/@units")).isEqualTo("ISO8601");
        assertThat(xpath(d, ndvi + "/Dimension[@name='time']")).isEqualTo("2024-05-01,2024-06-01");
        assertThat(xpath(d, ndvi + "/Dimension[@name='time']/@default")).isEqualTo("2024-06-01");
        assertThat(xpath(d, ndvi + "/Style[1]/LegendURL/OnlineResource/@*[name()='xlink:href']"))
                .contains("REQUEST=GetLegendGraphic").contains("LAYER=ndvi");
        // 1.3.0 EPSG:4326 BoundingBox is latitude first: minx is the south bound
        assertThat(xpath(d, ndvi + "/BoundingBox[@CRS='EPSG:4326']/@minx"))
                .isEqualTo(number(xpath(d, ndvi + "/EX_GeographicBoundingBox/southBoundLatitude")));
        assertThat(xpath(d, ndvi + "/BoundingBox[@CRS='EPSG:4326']/@miny"))
                .isEqualTo(number(xpath(d, ndvi + "/EX_GeographicBoundingBox/westBoundLongitude")));
        assertThat(xpath(d, ndvi + "/BoundingBox[@CRS='CRS:84']/@minx"))
                .isEqualTo(number(xpath(d, ndvi + "/EX_GeographicBoundingBox/westBoundLongitude")));
    }

    /** The attribute form of a number written as element text ("-1.0" → "-1"). */
    private static String number(String text) {
        double v = Double.parseDouble(text);
        return Math.rint(v) == v ? Long.toString((long) v) : Double.toString(v);
    }

    @Test
    void capabilities111UseSrsLatLonBoundingBoxAndExtent() {
        var r = server.get("/wms?service=WMS&version=1.1.1&request=GetCapabilities");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("application/vnd.ogc.wms_xml");
        Document d = xml(r.body());
        assertThat(xpath(d, "/WMT_MS_Capabilities/@version")).isEqualTo("1.1.1");
        assertThat(xpath(d, "//Capability/Layer/SRS[.='EPSG:4326']")).isNotEmpty();
        String ndvi = "//Layer/Layer[Name='ndvi']";
        assertThat(xpath(d, ndvi + "/LatLonBoundingBox/@minx")).isNotEmpty();
        assertThat(xpath(d, ndvi + "/Dimension[@name='time']/@units")).isEqualTo("ISO8601");
        assertThat(xpath(d, ndvi + "/Extent[@name='time']")).isEqualTo("2024-05-01,2024-06-01");
        assertThat(nodes(d, "//Request/GetLegendGraphic").getLength()).isEqualTo(1);
    }

    @Test
    void getMapReturnsAnImageOfTheAskedSizeWithCacheAndCorsHeaders() throws IOException {
        var r = server.get(GET_MAP);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        BufferedImage img = image(r);
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getHeight()).isEqualTo(32);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Cache-Control")).startsWith("public, max-age=");
        assertThat(header(r, "ETag")).matches("\"[0-9a-f]{32}\"");
        assertThat(header(r, "Last-Modified")).endsWith("GMT");
    }

    @Test
    void lowerCaseParameterNamesAreAccepted() throws IOException {
        var r = server.get(GET_MAP.replace("?", "?x=1&").toLowerCase().replace("epsg", "EPSG")
                .replace("getmap", "GetMap"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(image(r).getWidth()).isEqualTo(64);
    }

    @Test
    void jpegIsOpaqueAndDecodes() throws IOException {
        var r = server.get(GET_MAP.replace("image/png", "image/jpeg"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(image(r).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void sitesAreDrawnOverARasterLayer() throws IOException {
        var r = server.get(GET_MAP.replace("LAYERS=ndvi", "LAYERS=ndvi,sites"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(image(r).getHeight()).isEqualTo(32);
    }

    @Test
    void ifNoneMatchGivesNotModifiedUntilTheDataChange() {
        String etag = header(server.get(GET_MAP), "ETag");
        var again = server.get(GET_MAP, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(header(again, "ETag")).isEqualTo(etag);
        server.data.bump();
        var after = server.get(GET_MAP, "If-None-Match", etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(header(after, "ETag")).isNotEqualTo(etag);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
        "CRS=EPSG:4326&;;MissingParameterValue;CRS",
        "LAYERS=ndvi;LAYERS=nope;LayerNotDefined;LAYERS",
        "CRS=EPSG:4326;CRS=EPSG:99999;InvalidCRS;CRS",
        "FORMAT=image/png;FORMAT=image/gif;InvalidFormat;FORMAT",
        "STYLES=;STYLES=nope;StyleNotDefined;STYLES",
        "STYLES=;TIME=notadate;InvalidDimensionValue;",
        "REQUEST=GetMap;REQUEST=Foo;OperationNotSupported;REQUEST",
        "WIDTH=64;WIDTH=99999;InvalidParameterValue;WIDTH",
        "BBOX=-1.3,116.9,-1.2,117.0;BBOX=-1.2,116.9,-1.3,117.0;InvalidParameterValue;BBOX",
        "SERVICE=WMS;SERVICE=WFS;InvalidParameterValue;SERVICE",
        "BBOX=-1.3,116.9,-1.2,117.0;BBOX=-1e308,-1e308,1e308,1e308;InvalidParameterValue;",
        "LAYERS=ndvi;LAYERS=ndvi,ndvi,ndvi,ndvi,ndvi,ndvi,ndvi,ndvi,ndvi,ndvi,ndvi;InvalidParameterValue;LAYERS",
        "REQUEST=GetMap&;;MissingParameterValue;REQUEST"})
    void badRequestsGetAServiceExceptionWithTheirCode(String replace, String with, String code, String locator) {
        var r = server.get(GET_MAP.replace(replace, with == null ? "" : with));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(header(r, "Content-Type")).startsWith("text/xml");
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        Document d = xml(r.body());
        assertThat(xpath(d, "/ServiceExceptionReport/@version")).isEqualTo("1.3.0");
        assertThat(d.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.opengis.net/ogc");
        assertThat(xpath(d, "/ServiceExceptionReport/ServiceException/@code")).isEqualTo(code);
        if (locator != null) {
            assertThat(xpath(d, "/ServiceExceptionReport/ServiceException/@locator")).isEqualTo(locator);
            assertThat(xpath(d, "/ServiceExceptionReport/ServiceException")).contains(locator);
        }
    }

    @Test
    void wms111ExceptionsUseTheirOwnContentType() {
        var r = server.get("/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=nope&SRS=EPSG:4326"
                + "&BBOX=0,0,1,1&WIDTH=1&HEIGHT=1&FORMAT=image/png");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(header(r, "Content-Type")).startsWith("application/vnd.ogc.se_xml");
        assertThat(xpath(xml(r.body()), "/ServiceExceptionReport/ServiceException/@code")).isEqualTo("LayerNotDefined");
    }

    @Test
    void blankExceptionsGiveAnEmptyImageOfTheMapSize() throws IOException {
        var r = server.get(GET_MAP.replace("LAYERS=ndvi", "LAYERS=nope") + "&TRANSPARENT=TRUE&EXCEPTIONS=BLANK");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = image(r);
        assertThat(img.getWidth()).isEqualTo(64);
        assertThat(img.getRGB(10, 10) >>> 24).as("alpha").isZero();
    }

    @Test
    void featureInfoAnswersJsonTextAndHtml() throws IOException {
        String gfi = GET_MAP.replace("REQUEST=GetMap", "REQUEST=GetFeatureInfo") + "&QUERY_LAYERS=ndvi&I=3&J=4";
        var json = server.get(gfi);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(header(json, "Content-Type")).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(json.body());
        // GeoJSON: one Point feature at the pixel's centre, the record as its properties
        assertThat(body.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(body.path("features").size()).isEqualTo(1);
        JsonNode f = body.path("features").get(0);
        assertThat(f.path("type").asText()).isEqualTo("Feature");
        assertThat(f.at("/geometry/type").asText()).isEqualTo("Point");
        assertThat(f.at("/geometry/coordinates").size()).isEqualTo(2);
        assertThat(f.at("/properties/layer").asText()).isEqualTo("ndvi");
        assertThat(f.at("/properties").has("lon")).isFalse();
        var results = new ObjectMapper().readTree(server.get(gfi + "&INFO_FORMAT=application/vnd.greencover.results%2Bjson").body());
        assertThat(results.path("results").get(0).path("layer").asText()).isEqualTo("ndvi");
        var plain = server.get(gfi + "&INFO_FORMAT=text/plain");
        assertThat(header(plain, "Content-Type")).startsWith("text/plain");
        assertThat(text(plain)).contains("ndvi");
        var html = server.get(gfi + "&INFO_FORMAT=text/html");
        assertThat(header(html, "Content-Type")).startsWith("text/html");
        assertThat(text(html)).contains("<table>");
    }

    @Test
    void featureInfoOutsideTheMapIsInvalidPoint() {
        var r = server.get(GET_MAP.replace("REQUEST=GetMap", "REQUEST=GetFeatureInfo")
                + "&QUERY_LAYERS=ndvi&I=64&J=4");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(xpath(xml(r.body()), "//ServiceException/@code")).isEqualTo("InvalidPoint");
    }

    @Test
    void legendGraphicIsAPng() throws IOException {
        var r = server.get("/wms?SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=ndvi&FORMAT=image/png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("image/png");
        assertThat(image(r).getWidth()).isPositive();
        var bad = server.get("/wms?SERVICE=WMS&REQUEST=GetLegendGraphic&LAYER=ndvi&STYLE=nope");
        assertThat(xpath(xml(bad.body()), "//ServiceException/@code")).isEqualTo("StyleNotDefined");
    }

    @Test
    void owsDispatchesOnService() {
        assertThat(xpath(xml(server.get("/ows?SERVICE=WMS&REQUEST=GetCapabilities").body()),
                "/WMS_Capabilities/@version")).isEqualTo("1.3.0");
        assertThat(xpath(xml(server.get("/ows?SERVICE=WMTS&REQUEST=GetCapabilities").body()),
                "/Capabilities/@version")).isEqualTo("1.0.0");
    }

    @Test
    void preflightAllowsAnyOrigin() {
        var r = server.send("OPTIONS", "/wms", "Origin", "http://example.org",
                "Access-Control-Request-Method", "GET");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(r, "Access-Control-Allow-Methods")).contains("GET");
    }
}
