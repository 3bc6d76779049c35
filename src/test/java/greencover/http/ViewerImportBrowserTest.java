package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.app.AppConfig;
import greencover.service.source.SourcePolicy;
import greencover.testing.Cdp;
import greencover.testing.Cogs;
import greencover.testing.RangeFileServer;
import greencover.testing.StacApiServer;
import greencover.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer in headless Chromium after an import from a local STAC API: the import panel shows the newest import's
 * counts, and the chart tooltip of a point names its STAC collection and item.
 */
class ViewerImportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path dir;

    @Test
    void theImportPanelShowsTheImportAndTheTooltipNamesEachPointsItem() throws Exception {
        Optional<Path> chromium = Cdp.findChromium();
        assumeTrue(chromium.isPresent(), "no chromium on this machine (.ci/run installs it)");
        Path cogs = Files.createDirectories(dir.resolve("cogs"));
        int[][] red = new int[256][256], nir = new int[256][256];
        for (int[] row : red) java.util.Arrays.fill(row, 1000);
        for (int[] row : nir) java.util.Arrays.fill(row, 5000);
        Cogs.write(cogs.resolve("red.tif"), 32650, 503000, 2796000, 10, red, 256);
        Cogs.write(cogs.resolve("nir.tif"), 32650, 503000, 2796000, 10, nir, 256);
        try (RangeFileServer files = new RangeFileServer(cogs); StacApiServer stac = new StacApiServer();
             TestServer server = new TestServer(AppConfig.forTests(dir.resolve("data"), TestServer.TOKEN).toBuilder()
                     .sources(SourcePolicy.DEFAULTS.allowingPrivateAddresses()).build())) {
            assertThat(server.postJson("/api/v1/sites", "{\"type\":\"Feature\",\"id\":\"dump\",\"crs\":{\"type\":\"name\",\"properties\":"
                    + "{\"name\":\"EPSG:32650\"}},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[504000,2795000],[504600,2795000],"
                    + "[504600,2795600],[504000,2795600],[504000,2795000]]]},\"properties\":{\"name\":\"Dump\"}}").statusCode()).isEqualTo(201);
            for (String day : new String[] {"01", "11"}) {
                stac.add("{\"type\":\"Feature\",\"id\":\"S2B_50RMN_202306" + day + "_0_L2A\",\"collection\":\"sentinel-2-l2a\",\"properties\":"
                        + "{\"datetime\":\"2023-06-" + day + "T03:12:00Z\",\"platform\":\"sentinel-2b\",\"s2:mgrs_tile\":\"50RMN\","
                        + "\"proj:epsg\":32650,\"s2:processing_baseline\":\"05.09\",\"earthsearch:boa_offset_applied\":true},\"assets\":{"
                        + "\"red\":{\"href\":\"" + files.url("red.tif") + "\"},\"nir\":{\"href\":\"" + files.url("nir.tif") + "\"}}}");
            }
            var started = server.postJson("/api/v1/imports", "{\"stacApi\":\"" + stac.url() + "\",\"collections\":[\"sentinel-2-l2a\"],"
                    + "\"sites\":[\"dump\"]}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = JSON.readTree(started.body()).get("id").asText();
            try (Cdp page = Cdp.launch(chromium.get(), 1280, 800)) {
                page.navigate(server.url("/"));
                page.waitFor("document.getElementById('import-status').textContent.indexOf('done') >= 0", WAIT);
                assertThat(page.eval("document.getElementById('import-id').value").asText()).isEqualTo(id);
                assertThat(page.eval("document.getElementById('import-status').textContent").asText())
                        .contains(id + ": done").contains("2/2 items (2 new, 0 stored, 0 skipped, 0 failed)");
                page.waitFor("document.querySelector('#sites li.site[data-id=\"dump\"]')", WAIT);
                page.eval("document.querySelector('#sites li.site[data-id=\"dump\"]').click()");
                page.waitFor("!document.getElementById('site-panel').hidden && window.Chart"
                        + " && Chart.getChart(document.getElementById('chart'))", WAIT);
                String tooltip = page.eval("(() => { const c = Chart.getChart(document.getElementById('chart'));"
                        + " const cb = c.options.plugins.tooltip.callbacks;"
                        + " return c.data.datasets[0].data.map(p => [].concat(cb.afterLabel({ raw: p })).join(' | ')).join(' || '); })()").asText();
                assertThat(tooltip).contains("from sentinel-2-l2a · S2B_50RMN_20230601_0_L2A")
                        .contains("from sentinel-2-l2a · S2B_50RMN_20230611_0_L2A");
                assertThat(page.errors()).as("JavaScript errors").isEmpty();
            }
        }
    }
}
