package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import greencover.testing.Cdp;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenLayers 10 and Leaflet 1.9 in headless Chromium load GreenCover from another origin, as a third-party web app
 * does: the sites GeoJSON and a time series over the REST API, the TileJSON and its XYZ tiles, WMTS through
 * OpenLayers' capabilities reader, and WMS images, every image with {@code crossOrigin} set so that the browser
 * insists on CORS; the OpenLayers canvas is then read back (it would be tainted without CORS). Zero console errors.
 *
 * <p>The page and the libraries are served by a second server on another port (another origin). OpenLayers comes
 * from npm ({@code bench/ogc-clients/web}, installed by {@code .ci/run}); Leaflet from the WebJar the viewer uses.
 * The test is skipped when Chromium or the OpenLayers package is missing. The scene is the 4 x 4 grid of
 * {@link TestTiffs#grid4x4} dated 2020-06-01 and the site its left half.
 */
class ClientLibrariesBrowserTest {
    private static final Path OL = Path.of("bench/ogc-clients/web/node_modules/ol/dist/ol.js");
    private static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist/";
    private static final String SITE = """
            {"type":"Feature","id":"a-site","properties":{"name":"Site A"},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500020,2799960],[500020,2800000],[500000,2800000],[500000,2799960]]]}}""";

    @TempDir Path dir;

    @Test
    void openLayersAndLeafletLoadEveryProtocolCrossOriginWithoutConsoleErrors() throws Exception {
        Optional<Path> chromium = Cdp.findChromium();
        assumeTrue(chromium.isPresent(), "no chromium on this machine (.ci/run installs it)");
        assumeTrue(Files.isRegularFile(OL), "OpenLayers not installed (cd bench/ogc-clients/web && npm ci)");
        try (TestServer api = new TestServer(dir.resolve("data"))) {
            assertThat(api.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
            var up = api.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", "2020-06-01"}},
                    new Object[][] {{"red", TestTiffs.grid4x4(dir.resolve("r.tif"), 1000, 1000, 1000, 1000)},
                        {"nir", TestTiffs.grid4x4(dir.resolve("n.tif"), 3000, 3000, 3000, 3000)}}, TestServer.TOKEN);
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            HttpServer pages = pageServer(api.url(""));
            try (Cdp page = Cdp.launch(chromium.get(), 1100, 900)) {
                // localhost vs 127.0.0.1 and another port: a different origin from the API
                page.navigate("http://localhost:" + pages.getAddress().getPort() + "/page.html");
                page.waitFor("window.report && window.report.done === true", Duration.ofSeconds(60));
                JsonNode report = page.eval("JSON.stringify(window.report)");
                JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.asText());
                assertThat(r.path("failures").size()).as(r.toString()).isZero();
                assertThat(r.at("/steps/sites").asInt()).isEqualTo(1);
                assertThat(r.at("/steps/series").asInt()).isEqualTo(1);
                assertThat(r.at("/steps/tilejson").asText()).contains("/tiles/ndvi/{z}/{x}/{y}.png");
                assertThat(r.at("/loaded/olXyz").asInt()).isPositive();
                assertThat(r.at("/loaded/olWmts").asInt()).isPositive();
                assertThat(r.at("/loaded/olWms").asInt()).isPositive();
                assertThat(r.at("/loaded/leafletXyz").asInt()).isPositive();
                assertThat(r.at("/loaded/leafletWms").asInt()).isPositive();
                assertThat(r.at("/steps/olFeatures").asInt()).isEqualTo(1);
                assertThat(r.at("/steps/leafletFeatures").asInt()).isEqualTo(1);
                // the canvas could be read: the map's pixels came with CORS, and some of them are drawn
                assertThat(r.at("/steps/canvasDrawn").asInt()).isPositive();
                assertThat(page.errors()).isEmpty();
            } finally {
                pages.stop(0);
            }
        }
    }

    /** Serves the test page (with the API's base URL in it), OpenLayers and Leaflet from its own port. */
    private static HttpServer pageServer(String apiBase) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> files = Map.of(
                "/page.html", PAGE.replace("%API%", apiBase).getBytes(StandardCharsets.UTF_8),
                "/ol.js", Files.readAllBytes(OL),
                "/ol.css", Files.readAllBytes(OL.resolveSibling("../ol.css").normalize()),
                "/leaflet.js", resource(LEAFLET + "leaflet.js"),
                "/leaflet.css", resource(LEAFLET + "leaflet.css"),
                "/favicon.ico", new byte[0]);
        s.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            String path = ex.getRequestURI().getPath();
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css"
                    : path.endsWith(".html") ? "text/html; charset=utf-8" : "image/x-icon";
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", type);
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) ex.getResponseBody().write(body);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ClientLibrariesBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static final String PAGE = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>GreenCover from another origin</title>
            <link rel="icon" href="data:,"><link rel="stylesheet" href="/ol.css"><link rel="stylesheet" href="/leaflet.css">
            <style>#ol, #lf { width: 512px; height: 384px; }</style></head><body>
            <div id="ol"></div><div id="lf"></div>
            <script src="/ol.js"></script><script src="/leaflet.js"></script>
            <script>
            const API = '%API%', T = '2020-06-01';
            const report = window.report = {steps: {}, loaded: {olXyz: 0, olWmts: 0, olWms: 0, leafletXyz: 0, leafletWms: 0}, failures: [], done: false};
            const fail = (what, e) => report.failures.push(what + ': ' + (e && e.message ? e.message : e));
            const count = (k) => () => { report.loaded[k]++; };
            const json = async (path) => { const r = await fetch(API + path); if (!r.ok) throw new Error(path + ' ' + r.status); return r.json(); };
            (async () => {
              try {
                const sites = await json('/api/v1/sites');
                report.steps.sites = sites.features.length;
                const series = await json('/api/v1/sites/a-site/timeseries');
                report.steps.series = series.points.length;
                const tj = await json('/tiles/ndvi/tilejson.json?time=' + T);
                report.steps.tilejson = tj.tiles[0];
                const capsText = await (await fetch(API + '/wmts/1.0.0/WMTSCapabilities.xml')).text();
                const caps = new ol.format.WMTSCapabilities().read(capsText);
                const wmtsOptions = ol.source.WMTS.optionsFromCapabilities(caps, {layer: 'ndvi', matrixSet: 'WebMercatorQuad'});
                wmtsOptions.crossOrigin = 'anonymous';

                // OpenLayers: XYZ from the TileJSON, WMTS from the capabilities, WMS images, the sites as vectors
                const xyz = new ol.source.XYZ({url: tj.tiles[0], crossOrigin: 'anonymous'});
                xyz.on('tileloadend', count('olXyz')); xyz.on('tileloaderror', e => fail('ol xyz tile', e));
                const wmts = new ol.source.WMTS(wmtsOptions);
                wmts.on('tileloadend', count('olWmts')); wmts.on('tileloaderror', e => fail('ol wmts tile', e));
                const wms = new ol.source.ImageWMS({url: API + '/wms', params: {LAYERS: 'ndvi', TIME: T}, crossOrigin: 'anonymous', ratio: 1});
                wms.on('imageloadend', count('olWms')); wms.on('imageloaderror', e => fail('ol wms image', e));
                const features = new ol.format.GeoJSON().readFeatures(sites, {featureProjection: 'EPSG:3857'});
                report.steps.olFeatures = features.length;
                const vector = new ol.source.Vector({features});
                const map = new ol.Map({target: 'ol', layers: [new ol.layer.Tile({source: xyz}), new ol.layer.Tile({source: wmts}),
                    new ol.layer.Image({source: wms}), new ol.layer.Vector({source: vector})], view: new ol.View()});
                map.getView().fit(ol.extent.buffer(vector.getExtent(), 60), {size: [512, 384]});
                const rendered = new Promise(resolve => map.once('rendercomplete', resolve));

                // Leaflet: the same sites, the XYZ tiles and WMS tiles
                const lm = L.map('lf');
                const gj = L.geoJSON(sites).addTo(lm);
                report.steps.leafletFeatures = gj.getLayers().length;
                lm.fitBounds(gj.getBounds().pad(1));
                const lx = L.tileLayer(tj.tiles[0], {crossOrigin: 'anonymous', maxZoom: 22});
                lx.on('tileload', count('leafletXyz')); lx.on('tileerror', e => fail('leaflet xyz tile', e.error || 'error'));
                lx.addTo(lm);
                const lw = L.tileLayer.wms(API + '/wms', {layers: 'ndvi', format: 'image/png', transparent: true, time: T, crossOrigin: 'anonymous', maxZoom: 22});
                lw.on('tileload', count('leafletWms')); lw.on('tileerror', e => fail('leaflet wms tile', e.error || 'error'));
                lw.addTo(lm);

                await rendered;
                const canvas = document.querySelector('#ol canvas');
                const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; // throws when tainted
                let drawn = 0;
                for (let i = 3; i < px.length; i += 4) if (px[i] > 0) drawn++;
                report.steps.canvasDrawn = drawn;
                const deadline = Date.now() + 20000;
                while ((report.loaded.leafletXyz === 0 || report.loaded.leafletWms === 0) && Date.now() < deadline) {
                  await new Promise(r => setTimeout(r, 100));
                }
              } catch (e) {
                fail('page', e);
              }
              report.done = true;
            })();
            </script></body></html>
            """;
}
