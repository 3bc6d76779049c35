package greencover.http.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import greencover.testing.TestTiffs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

/**
 * The OGC documents against their official schemas: WMS 1.3.0 capabilities (with the SLD 1.1 GetLegendGraphic
 * extension) and exceptions and WMTS 1.0.0 capabilities against the XSDs, WMS 1.1.1 capabilities and exception
 * reports against the DTDs, and {@code /wmts} answering QGIS's {@code SERVICE=WMS} probe.
 *
 * <p>The schemas are not shipped (OGC's licence): they are read from Debian's {@code python3-mapproxy}
 * ({@code /usr/share/python3-mapproxy/test/schemas}, installed by {@code .ci/run}); without it the schema checks
 * are skipped. Nothing is fetched from the network: every schema and DTD resolves to that folder.
 */
class OgcConformanceTest {
    static final Path SCHEMAS = Path.of("/usr/share/python3-mapproxy/test/schemas");
    private static final String SITE = """
            {"type":"Feature","id":"a-site","properties":{"name":"Site A"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500020,2799960],[500020,2800000],[500000,2800000],[500000,2799960]]]}}""";

    @TempDir Path dir;
    greencover.testing.TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new greencover.testing.TestServer(dir.resolve("data"));
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        var up = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                new Object[][] {{"red", TestTiffs.grid4x4(dir.resolve("r.tif"), 1000, 1000, 1000, 1000)},
                    {"nir", TestTiffs.grid4x4(dir.resolve("n.tif"), 3000, 3000, 3000, 3000)}}, greencover.testing.TestServer.TOKEN);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() { server.close(); }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return server.http.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The XSD errors of {@code xml} against {@code schema} (a file under {@link #SCHEMAS}). */
    private static List<String> xsdErrors(byte[] xml, String schema) throws Exception {
        assumeTrue(Files.isDirectory(SCHEMAS), "OGC schemas not installed (apt-get install python3-mapproxy)");
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "file");
        var validator = f.newSchema(SCHEMAS.resolve(schema).toFile()).newValidator();
        List<String> errors = new ArrayList<>();
        validator.setErrorHandler(collect(errors));
        validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
        return errors;
    }

    /** The DTD errors of {@code xml}, whose DOCTYPE names a DTD found by its file name under {@code dtdDir}. */
    private static List<String> dtdErrors(byte[] xml, String dtdDir) throws Exception {
        assumeTrue(Files.isDirectory(SCHEMAS), "OGC schemas not installed (apt-get install python3-mapproxy)");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setValidating(true);
        var b = f.newDocumentBuilder();
        List<String> errors = new ArrayList<>();
        List<String> resolved = new ArrayList<>();
        b.setEntityResolver((publicId, systemId) -> {
            Path local = SCHEMAS.resolve(dtdDir).resolve(systemId.substring(systemId.lastIndexOf('/') + 1));
            resolved.add(local.toString());
            return new InputSource(Files.newInputStream(local));
        });
        b.setErrorHandler(collect(errors));
        b.parse(new ByteArrayInputStream(xml));
        assertThat(resolved).as("the document names its DTD").isNotEmpty();
        return errors;
    }

    private static ErrorHandler collect(List<String> errors) {
        return new ErrorHandler() {
            @Override public void warning(SAXParseException e) { }
            @Override public void error(SAXParseException e) { errors.add(e.getLineNumber() + ": " + e.getMessage()); }
            @Override public void fatalError(SAXParseException e) { errors.add(e.getLineNumber() + ": " + e.getMessage()); }
        };
    }

    @Test
    void wms130CapabilitiesAreValidAgainstTheXsdWithTheSldExtension() throws Exception {
        var r = get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(xsdErrors(r.body(), "sld/1.1.0/sld_capabilities.xsd")).isEmpty();
    }

    @Test
    void wms130ExceptionsAreValidAgainstTheXsd() throws Exception {
        var r = get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=nope&STYLES=&CRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=4&HEIGHT=4&FORMAT=image/png");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(xsdErrors(r.body(), "wms/1.3.0/exceptions_1_3_0.xsd")).isEmpty();
    }

    @Test
    void wms111CapabilitiesAreValidAgainstTheDtd() throws Exception {
        var r = get("/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetCapabilities");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(dtdErrors(r.body(), "wms/1.1.1")).isEmpty();
    }

    @Test
    void wms111ExceptionsAreValidAgainstTheDtd() throws Exception {
        var r = get("/wms?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=nope&STYLES=&SRS=EPSG:4326&BBOX=0,0,1,1&WIDTH=4&HEIGHT=4&FORMAT=image/png");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(dtdErrors(r.body(), "wms/1.1.1")).isEmpty();
    }

    @Test
    void wmtsCapabilitiesAreValidAgainstTheXsd() throws Exception {
        var r = get("/wmts/1.0.0/WMTSCapabilities.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(xsdErrors(r.body(), "wmts/1.0/wmtsGetCapabilities_response.xsd")).isEmpty();
    }

    @Test
    void theWmtsEndpointAnswersQgissWmsProbeWithItsCapabilities() throws Exception {
        // QGIS's WMS/WMTS provider probes any URL with SERVICE=WMS&REQUEST=GetCapabilities and reads what comes back
        var r = get("/wmts?SERVICE=WMS&REQUEST=GetCapabilities&VERSION=1.3.0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("<Capabilities").contains("TileMatrixSet");
    }

    @Test
    void tileJsonFollowsTheSpecWithACentreInsideTheDataAndRefusesATimeWithoutData() throws Exception {
        // TileJSON 3.0.0 (github.com/mapbox/tilejson-spec/tree/master/3.0.0): the members and types it requires
        var r = get("/tiles/ndvi/tilejson.json");
        assertThat(r.statusCode()).isEqualTo(200);
        var t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(t.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(t.path("tiles").isArray()).isTrue();
        assertThat(t.path("vector_layers").isArray()).isTrue(); // required by the 3.0.0 schema; empty for raster tiles
        assertThat(t.path("vector_layers").size()).isZero();
        assertThat(t.path("tiles").get(0).asText()).startsWith("http://").contains("{z}/{x}/{y}");
        assertThat(t.path("minzoom").asInt()).isBetween(0, 30);
        assertThat(t.path("maxzoom").asInt()).isBetween(t.path("minzoom").asInt(), 30);
        assertThat(t.path("legend").isTextual()).isTrue();
        assertThat(t.path("legend").asText()).startsWith("<img src=").contains("GetLegendGraphic");
        var b = t.path("bounds");
        var c = t.path("center");
        assertThat(b.size()).isEqualTo(4);
        assertThat(c.size()).isEqualTo(3);
        // the one scene: 40 m x 40 m at UTM 50 (500000, 2800000), i.e. longitude 117.0000-117.0004, latitude 25.316
        assertThat(c.get(0).asDouble()).isBetween(117.0, 117.0004);
        assertThat(c.get(1).asDouble()).isBetween(25.31, 25.32);
        assertThat(c.get(0).asDouble()).isBetween(b.get(0).asDouble(), b.get(2).asDouble());
        assertThat(c.get(1).asDouble()).isBetween(b.get(1).asDouble(), b.get(3).asDouble());
        assertThat(c.get(2).asInt()).isBetween(t.path("minzoom").asInt(), t.path("maxzoom").asInt());
        // a time far from every date: 4xx; one within the nearest-value tolerance (14 days from 2020-06-01): 200
        assertThat(get("/tiles/ndvi/tilejson.json?time=1999-01-01").statusCode()).isEqualTo(400);
        assertThat(get("/tiles/ndvi/tilejson.json?time=2020-06-15").statusCode()).isEqualTo(200);
        assertThat(get("/tiles/ndvi/tilejson.json?time=2020").statusCode()).isEqualTo(200);
    }
}
