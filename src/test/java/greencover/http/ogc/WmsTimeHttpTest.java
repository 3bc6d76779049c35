package greencover.http.ogc;

import static greencover.http.ogc.TestServer.nodes;
import static greencover.http.ogc.TestServer.xml;
import static greencover.http.ogc.TestServer.xpath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * WMS time as QGIS's temporal controller uses it, through a real server: nearest-value matching per requested
 * area with the date used in a header and in GetFeatureInfo, per-site layers with their own dates and bounds,
 * and the {@code default} style with its legend.
 *
 * <p>Two areas 100 km apart in EPSG:32650, each a 4 × 4 grid of 10 m pixels (Sentinel-2 L2A, DN / 10000): area A
 * at (500000, 2800000) on 2016-11-03 (red 0.1, NIR 0.3: NDVI 0.5) and 2018-10-24 (red 0.1, NIR 0.5: NDVI 2/3);
 * area B at (600000, 2800000) on 2019-07-14 (NDVI 0.5). Site "a-site" is area A's left half. Day counts:
 * 2017-06-01 is 210 days after 2016-11-03; 2020-01-01 is 171 days after 2019-07-14; 2016-01-01 is 1290 days
 * before 2019-07-14 (beyond the 366-day tolerance).
 */
class WmsTimeHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            {"type":"Feature","id":"a-site","properties":{"name":"Site A"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500020,2799960],[500020,2800000],[500000,2800000],[500000,2799960]]]}}""";
    private static final String A = "500000,2799960,500040,2800000", B = "600000,2799960,600040,2800000";

    @TempDir Path dir;
    greencover.testing.TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new greencover.testing.TestServer(dir.resolve("data"));
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2016-11-03", 500000, 3000);
        ingest("2018-10-24", 500000, 5000);
        ingest("2019-07-14", 600000, 3000);
    }

    @AfterEach
    void stop() { server.close(); }

    private void ingest(String date, double minX, int nir) throws Exception {
        Path red = TestTiffs.write(dir.resolve("r" + date + ".tif"), 32650, minX, 2800000, 10, new int[][][] {TestTiffs.columns(4, 1000, 1000, 1000, 1000)});
        Path n = TestTiffs.write(dir.resolve("n" + date + ".tif"), 32650, minX, 2800000, 10, new int[][][] {TestTiffs.columns(4, nir, nir, nir, nir)});
        var up = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", red}, {"nir", n}}, greencover.testing.TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    }

    private HttpResponse<byte[]> get(String query) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url("/wms?" + query))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String map(String layer, String bbox, String time) {
        return "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=" + layer + "&STYLES=&CRS=EPSG:32650&BBOX=" + bbox
                + "&WIDTH=4&HEIGHT=4&FORMAT=image/png&TRANSPARENT=TRUE&TIME=" + time;
    }

    @Test
    void qgisFrameStartsResolveToTheNearestDateOverTheRequestedArea() throws Exception {
        var a = get(map("ndvi", A, "2017-06-01T00:00:00Z"));
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.headers().firstValue("GreenCover-Time")).hasValue("2016-11-03");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(a.body()));
        assertThat(img.getRGB(1, 1) >>> 24).as("alpha").isEqualTo(255);
        var b = get(map("ndvi", B, "2020-01-01T00:00:00Z"));
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(b.headers().firstValue("GreenCover-Time")).hasValue("2019-07-14");
        var far = get(map("ndvi", B, "2016-01-01T00:00:00Z"));
        assertThat(far.statusCode()).isEqualTo(400);
        assertThat(xpath(xml(far.body()), "//ServiceException/@code")).isEqualTo("InvalidDimensionValue");
    }

    @Test
    void featureInfoReportsTheDateUsed() throws Exception {
        String q = map("ndvi", B, "2020-01-01").replace("REQUEST=GetMap", "REQUEST=GetFeatureInfo")
                + "&QUERY_LAYERS=ndvi&INFO_FORMAT=application/json&I=1&J=1";
        var r = get(q);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("GreenCover-Time")).hasValue("2019-07-14");
        JsonNode p = JSON.readTree(r.body()).at("/features/0/properties");
        assertThat(p.path("time").asText()).isEqualTo("2019-07-14");
        assertThat(p.path("date").asText()).isEqualTo("2019-07-14");
        assertThat(p.path("value").asDouble()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aChangeWithOneTimeStartsAtTheFirstDateOverTheArea() throws Exception {
        var a = get(map("ndvi-change", A, "2018-10-24"));
        assertThat(a.headers().firstValue("GreenCover-Time")).hasValue("2016-11-03/2018-10-24");
        // over B there is one date only: the change from it to itself
        var b = get(map("ndvi-change", B, "2019-07-14"));
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(b.headers().firstValue("GreenCover-Time")).hasValue("2019-07-14/2019-07-14");
    }

    @Test
    void capabilitiesOfferNearestValuesSiteLayersDefaultStylesAndGetLegendGraphic() throws Exception {
        Document caps = xml(get("SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities").body());
        assertThat(xpath(caps, "//Layer[Name='ndvi']/Dimension[@name='time']/@nearestValue")).isEqualTo("1");
        assertThat(xpath(caps, "//Layer[Name='ndvi']/Dimension[@name='time']")).isEqualTo("2016-11-03,2018-10-24,2019-07-14");
        // the per-site copy lists only the dates over the site and is framed on it
        assertThat(xpath(caps, "//Layer[Name='a-site:ndvi']/Dimension[@name='time']")).isEqualTo("2016-11-03,2018-10-24");
        double west = Double.parseDouble(xpath(caps, "//Layer[Name='a-site:ndvi']/EX_GeographicBoundingBox/westBoundLongitude"));
        double east = Double.parseDouble(xpath(caps, "//Layer[Name='a-site:ndvi']/EX_GeographicBoundingBox/eastBoundLongitude"));
        assertThat(west).isLessThan(117.0).isGreaterThan(116.99);
        assertThat(east - west).isLessThan(0.01); // a 20 m site padded by 0.001 degrees: not both areas
        assertThat(xpath(caps, "//Layer[Name='ndvi']/Style[1]/Name")).isEqualTo("default");
        String legend = xpath(caps, "//Layer[Name='ndvi']/Style[Name='default']/LegendURL/OnlineResource/@href");
        assertThat(legend).contains("REQUEST=GetLegendGraphic").contains("STYLE=default");
        assertThat(nodes(caps, "//Request/GetLegendGraphic").getLength() + nodes(caps, "//Request/*[local-name()='GetLegendGraphic']").getLength()).isPositive();
        var png = server.http.send(HttpRequest.newBuilder(URI.create(legend)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.body()))).isNotNull();
        assertThat(get(map("a-site:ndvi", A, "2017-06-01")).headers().firstValue("GreenCover-Time")).hasValue("2016-11-03");
    }
}
