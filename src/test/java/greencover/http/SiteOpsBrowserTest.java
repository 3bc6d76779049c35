package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.cli.SampleLoader;
import greencover.testing.Cdp;
import greencover.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's alerts panel and report link, and the site report itself, in headless Chromium ({@link Cdp}) against a
 * real server loaded with the bundled Zijinshan scenes (11 dates, 2016-11-03 to 2025-11-18, seven sites). The last
 * scene is more than 90 days old, so the default rule "no clear observation for 90 days" is open on every site: the
 * panel lists alerts. Screenshots go to {@code target/screenshots/}: {@code siteops-viewer-alerts.png} (the viewer
 * with the alerts panel and the dump's panel with its Report link) and {@code siteops-report-zijinshan-dump.png}
 * (the report's first screen) and {@code siteops-report-zijinshan-dump-chart-change.png} (its chart, trend and change
 * table). Skipped without Chromium.
 */
@Tag("browser")
class SiteOpsBrowserTest {
    private static final String DUMP = "zijinshan-dump";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path data;

    @Test
    void theViewerListsAlertsAndLinksTheReportWhichRendersWithoutJavaScriptErrors() throws Exception {
        Optional<Path> chromium = Cdp.findChromium();
        assumeTrue(chromium.isPresent(), "no chromium on this machine (.ci/run installs it)");
        Files.createDirectories(SHOTS);
        try (TestServer server = new TestServer(data)) {
            SampleLoader.load(Path.of("sample-tiles"), server.services, name -> name.contains("_T50RMN_"), line -> { });
            try (Cdp page = Cdp.launch(chromium.get(), 1366, 900)) {
                page.navigate(server.url("/"));
                page.waitFor("document.querySelectorAll('#sites li.site').length === 7"
                        + " && document.querySelectorAll('#alerts li.alert').length > 0", WAIT);
                assertThat(page.eval("document.getElementById('alerts-empty').hidden").asBoolean()).isTrue();
                assertThat(page.eval("[...document.querySelectorAll('#alerts li.alert.open')].map(l => l.dataset.rule)").toString())
                        .contains("noClearObservation");
                assertThat(page.eval("document.getElementById('alerts-feed').getAttribute('href')").asText()).isEqualTo("/api/v1/alerts.atom");
                // a click on the dump's alert opens its panel, whose Report link names the dump's report
                JsonNode r = page.eval("(() => { const li = document.querySelector('#alerts li.alert[data-site=\"" + DUMP + "\"]');"
                        + " li.scrollIntoView(); const b = li.getBoundingClientRect(); return [b.left + 10, b.top + b.height / 2]; })()");
                page.click(r.get(0).asDouble(), r.get(1).asDouble());
                page.waitFor("!document.getElementById('site-panel').hidden && window.Chart && Chart.getChart(document.getElementById('chart'))", WAIT);
                assertThat(page.eval("document.getElementById('site-title').textContent").asText()).startsWith("Zijinshan");
                String report = server.url("/api/v1/sites/" + DUMP + "/report");
                assertThat(page.eval("document.getElementById('report').href").asText()).isEqualTo(report);
                page.mouseMove(160, 880);
                page.eval("new Promise(r => setTimeout(r, 1500))");   // tiles and the fit animation
                Files.write(SHOTS.resolve("siteops-viewer-alerts.png"), page.screenshot());
                assertThat(page.errors()).as("JavaScript errors in the viewer").isEmpty();

                page.viewport(1000, 1400);
                page.navigate(report);
                page.waitFor("document.readyState === 'complete' && document.querySelectorAll('img').length >= 3"
                        + " && [...document.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)", WAIT);
                assertThat(page.eval("document.querySelector('h1').textContent").asText()).startsWith("Zijinshan");
                assertThat(page.eval("document.querySelectorAll('svg circle.mean').length").asInt()).isGreaterThanOrEqualTo(10);
                assertThat(page.eval("document.querySelectorAll('svg .trend').length").asInt()).isEqualTo(1);
                assertThat(page.eval("[...document.querySelectorAll('h2')].map(h => h.textContent)").toString())
                        .contains("Maps", "Time series", "Change", "Alerts", "Outline history", "Data provenance", "Method notes");
                assertThat(page.eval("document.body.textContent").asText()).contains("gainedGreenAreaM2").contains("noClearObservation");
                assertThat(page.eval("performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))").toString())
                        .as("nothing fetched besides the page").isEqualTo("[]");
                Files.write(SHOTS.resolve("siteops-report-" + DUMP + ".png"), page.screenshot());
                page.eval("window.scrollTo(0, [...document.querySelectorAll('h2')].find(h => h.textContent === 'Time series').offsetTop - 10)");
                page.eval("new Promise(r => setTimeout(r, 200))");
                Files.write(SHOTS.resolve("siteops-report-" + DUMP + "-chart-change.png"), page.screenshot());
                assertThat(page.errors()).as("JavaScript errors in the report").isEmpty();
            }
        }
    }
}
