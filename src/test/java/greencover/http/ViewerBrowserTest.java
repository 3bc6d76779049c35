package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.cli.SampleLoader;
import greencover.testing.Cdp;
import greencover.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the web viewer in headless Chromium (over the DevTools protocol, see {@link Cdp}) against a real server
 * loaded with the bundled Zijinshan sample scenes: the map and pickers come up, tiles load, the date slider changes
 * the tiles' TIME, a click on the Zijinshan dump outline opens its time-series chart, and screenshots of the dump
 * at the first and the last date show the greening. Skipped when no Chromium is installed ({@code .ci/run}
 * installs Debian's package). Screenshots go to {@code target/screenshots/}: PNGs for the pixel count, JPEGs of the
 * same views for the documentation.
 */
@Tag("browser")
class ViewerBrowserTest {
    private static final String DUMP = "zijinshan-dump";
    private static final String FIRST = "2016-11-03";
    private static final String LAST = "2025-11-18";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path data;

    @Test
    void viewerLoadsTilesFollowsTheDateSliderAndChartsAClickedSiteWithoutJavaScriptErrors() throws Exception {
        Optional<Path> chromium = Cdp.findChromium();
        assumeTrue(chromium.isPresent(), "no chromium on this machine (.ci/run installs it)");
        Files.createDirectories(SHOTS);
        try (TestServer server = new TestServer(data)) {
            // The Zijinshan scenes only (tile T50RMN: 11 dates from 2016-11-03 to 2025-11-18), all seven sites.
            SampleLoader.load(Path.of("sample-tiles"), server.services, name -> name.contains("_T50RMN_"), line -> { });
            try (Cdp page = Cdp.launch(chromium.get(), 1366, 768)) {
                page.navigate(server.url("/"));
                page.waitFor("document.querySelectorAll('#layer option').length > 0"
                        + " && document.querySelectorAll('#sites li.site').length === 7"
                        + " && document.querySelector('path.site-outline[data-site=\"" + DUMP + "\"]')", WAIT);
                assertThat(page.eval("document.getElementById('layer').value").asText()).isEqualTo("ndvi");
                assertThat(page.eval("document.getElementById('date').max").asText()).isEqualTo("10");
                assertThat(page.eval("document.getElementById('date-label').textContent").asText()).isEqualTo(LAST);
                assertThat(page.eval("document.querySelector('.legend-control img').naturalWidth > 0"
                        + " || new Promise(r => setTimeout(() => r(document.querySelector('.legend-control img')"
                        + ".naturalWidth > 0), 10000))").asBoolean()).as("legend image loaded").isTrue();
                waitForTiles(page, LAST);

                // A real click at the left end of the date slider moves it to the first date.
                JsonNode slider = rect(page, "#date");
                page.click(slider.get(0).asDouble() + 2, slider.get(1).asDouble() + slider.get(3).asDouble() / 2);
                assertThat(page.eval("document.getElementById('date').value").asText()).isEqualTo("0");
                assertThat(page.eval("document.getElementById('date-label').textContent").asText()).isEqualTo(FIRST);
                waitForTiles(page, FIRST);

                // A real click on the dump's outline (inside the ring, not on the open pit) opens its chart.
                JsonNode inside = page.eval(pointInside(DUMP));
                assertThat(inside.isArray()).as("a visible point inside the %s outline", DUMP).isTrue();
                page.click(inside.get(0).asDouble(), inside.get(1).asDouble());
                page.waitFor("!document.getElementById('site-panel').hidden && window.Chart"
                        + " && Chart.getChart(document.getElementById('chart'))", WAIT);
                assertThat(page.eval("document.getElementById('site-title').textContent").asText()).startsWith("Zijinshan");
                JsonNode chart = page.eval("(() => { const c = Chart.getChart(document.getElementById('chart'));"
                        + " const ds = c.data.datasets; return { labels: ds.map(d => d.label),"
                        + " green: ds[0].data.length, mean: ds[1].data.length,"
                        + " low: ds[0].data.filter(p => p.low).map(p => new Date(p.x).toISOString().slice(0, 10)),"
                        + " trend: ds[2].data.length, height: c.height, width: c.width }; })()");
                assertThat(chart.get("green").asInt()).isGreaterThanOrEqualTo(10);
                assertThat(chart.get("mean").asInt()).isGreaterThanOrEqualTo(10);
                assertThat(chart.get("labels").get(2).asText()).startsWith("Theil–Sen trend").contains("/yr").contains("p ");
                assertThat(chart.get("trend").asInt()).isEqualTo(2);
                assertThat(chart.get("low").toString()).as("the low-valid 2021-07-22 point is marked").contains("2021-07-22");
                assertThat(chart.get("width").asInt()).isGreaterThan(400);
                assertThat(page.eval("document.getElementById('trend').textContent").asText()).contains("Theil–Sen").contains("/yr")
                        .contains("Relative to reference zijinshan-forest-slope").contains("Target green fraction 90 %");
                // Sen's band (its two edges, one legend entry) and the reference's mean overlay, after the first three datasets
                assertThat(chart.get("labels").toString()).contains("Trend 95 % band").contains("Reference zijinshan-forest-slope");
                String csv = server.url("/api/v1/sites/" + DUMP + "/timeseries?index=ndvi&format=csv");
                assertThat(page.eval("document.getElementById('csv').href").asText()).isEqualTo(csv);
                assertThat(page.eval("fetch(document.getElementById('csv').href).then(r => r.text())").asText())
                        .startsWith("date,").contains(FIRST).contains(LAST);

                // Frame the dump (a real click on its list entry), then photograph it at the first and last date.
                JsonNode entry = rect(page, "#sites li.site[data-id=\"" + DUMP + "\"]");
                page.click(entry.get(0).asDouble() + 20, entry.get(1).asDouble() + entry.get(3).asDouble() / 2);
                page.mouseMove(160, 740);   // off the map: no tooltip in the pictures
                page.eval("new Promise(r => setTimeout(r, 600))");   // the fit animation
                waitForTiles(page, FIRST);
                byte[] first = settledScreenshot(page);
                Files.write(SHOTS.resolve("viewer-" + DUMP + "-" + FIRST + ".jpg"), page.screenshotJpeg(85));
                slider = rect(page, "#date");
                page.click(slider.get(0).asDouble() + slider.get(2).asDouble() - 2, slider.get(1).asDouble() + slider.get(3).asDouble() / 2);
                assertThat(page.eval("document.getElementById('date-label').textContent").asText()).isEqualTo(LAST);
                page.mouseMove(160, 740);
                waitForTiles(page, LAST);
                byte[] last = settledScreenshot(page);
                Files.write(SHOTS.resolve("viewer-" + DUMP + "-" + LAST + ".jpg"), page.screenshotJpeg(85));
                Files.write(SHOTS.resolve(DUMP + "-" + FIRST + ".png"), first);
                Files.write(SHOTS.resolve(DUMP + "-" + LAST + ".png"), last);

                JsonNode onDump = page.eval(pointsOnSite(DUMP));
                assertThat(onDump.size()).as("sample points on the dump").isGreaterThan(2_000);
                int[] then = greenAndBare(ImageIO.read(new ByteArrayInputStream(first)), onDump);
                int[] now = greenAndBare(ImageIO.read(new ByteArrayInputStream(last)), onDump);
                double greenThen = then[0] / (double) Math.max(1, then[0] + then[1]);
                double greenNow = now[0] / (double) Math.max(1, now[0] + now[1]);
                System.out.printf("ViewerBrowserTest: green share of the dump on screen %s %.3f, %s %.3f (%d points)%n",
                        FIRST, greenThen, LAST, greenNow, onDump.size());
                assertThat(then[0] + then[1]).as("coloured pixels over the dump in %s", FIRST).isGreaterThan(1_500);
                assertThat(now[0] + now[1]).as("coloured pixels over the dump in %s", LAST).isGreaterThan(1_500);
                assertThat(greenThen).as("green share of the dump in %s (green %d, bare %d)", FIRST, then[0], then[1]).isLessThan(0.2);
                assertThat(greenNow).as("green share of the dump in %s (green %d, bare %d)", LAST, now[0], now[1]).isGreaterThan(0.5);

                // The same view on a large screen.
                page.viewport(1920, 1080);
                page.eval("new Promise(r => setTimeout(r, 400))");
                waitForTiles(page, LAST);
                Files.write(SHOTS.resolve("viewer-1920x1080.png"), settledScreenshot(page));

                assertThat(page.errors()).as("JavaScript errors").isEmpty();
            }
        }
    }

    /** Waits until the index layer shows only loaded tiles for {@code time}, none of whose requests failed. */
    private static void waitForTiles(Cdp page, String time) {
        page.waitFor("(() => { const t = [...document.querySelectorAll('.leaflet-index-pane img.leaflet-tile')];"
                + " return t.length > 0 && t.every(i => i.classList.contains('leaflet-tile-loaded')"
                + " && i.src.includes('time=" + time + "')); })()", WAIT);
        JsonNode statuses = page.eval("performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/tiles/ndvi/') && e.name.includes('time=" + time + "'))"
                + ".map(e => e.responseStatus === undefined ? 200 : e.responseStatus)");
        // Leaflet cancels the requests of tiles that scroll away (status 0); none may fail.
        assertThat(statuses.toString()).as("statuses of the tile requests for %s", time).contains("200");
        statuses.forEach(s -> assertThat(s.asInt()).as("tile status").isIn(0, 200));
    }

    /** A viewport screenshot once the tiles' fade-in is over. */
    private static byte[] settledScreenshot(Cdp page) {
        page.eval("new Promise(r => setTimeout(r, 450))");
        return page.screenshot();
    }

    /** [left, top, width, height] of the first element matching {@code selector}, in CSS pixels. */
    private static JsonNode rect(Cdp page, String selector) {
        JsonNode r = page.eval("(() => { const b = document.querySelector('" + selector.replace("'", "\\'")
                + "').getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; })()");
        assertThat(r.size()).as("box of %s", selector).isEqualTo(4);
        return r;
    }

    /** JS: [x, y] of a point, nearest the outline's box centre, where the site's own path is the topmost element. */
    private static String pointInside(String site) {
        return "(() => { const p = document.querySelector('path[data-site=\"" + site + "\"]');"
                + " const b = p.getBoundingClientRect(); let best = null, bestD = Infinity;"
                + " for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {"
                + "   const x = b.left + b.width * i / 40, y = b.top + b.height * j / 40;"
                + "   if (document.elementFromPoint(x, y) !== p) continue;"
                + "   const d = Math.hypot(x - b.left - b.width / 2, y - b.top - b.height / 2);"
                + "   if (d < bestD) { bestD = d; best = [x, y]; } }"
                + " return best; })()";
    }

    /**
     * JS: the [x, y] viewport points, on a 3-pixel grid, where the site's outline path is the topmost element: inside
     * the site (holes excluded) and neither under the chart panel nor under a map control.
     */
    private static String pointsOnSite(String site) {
        return "(() => { const p = document.querySelector('path[data-site=\"" + site + "\"]');"
                + " const b = p.getBoundingClientRect(); const out = [];"
                + " for (let y = Math.ceil(b.top); y < b.bottom; y += 3) for (let x = Math.ceil(b.left); x < b.right; x += 3)"
                + "   if (document.elementFromPoint(x, y) === p) out.push([x, y]);"
                + " return out; })()";
    }

    /**
     * Counts {green, yellow-or-brown} pixels of {@code img} at {@code points} ([x, y] pairs). The NDVI ramp runs
     * brown (−0.2) to yellow (0.2) to green (1); the grey map background, white and the site outlines fall in
     * neither class.
     */
    private static int[] greenAndBare(BufferedImage img, JsonNode points) {
        int green = 0, bare = 0;
        for (JsonNode pt : points) {
            int rgb = img.getRGB(pt.get(0).asInt(), pt.get(1).asInt());
            int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
            if (g > r + 20 && g > b + 10) green++;
            else if (r >= g - 10 && r > b + 40) bare++;
        }
        return new int[] {green, bare};
    }
}
