package greencover.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import greencover.testing.TestServer;
import greencover.testing.TestTiffs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site report through the real server, on 4 × 4 Sentinel-2 scenes (EPSG:32650) over a site that is the whole grid:
 * 2019 is NDVI 0.1 everywhere (bare), 2025 0.7 (dense), so between the first and the last year the whole site turns from
 * bare to dense: gained green = the site area, transition bare → dense = the site area. The PDF form of the report
 * carries the same numbers as text (read back with PDFBox) and the chart as an image.
 */
class SiteReportHttpTest {
    private static final String SITE = """
            {"type":"Feature","id":"rep","properties":{"name":"Reported","greenThreshold":0.3},
             "crs":{"type":"name","properties":{"name":"EPSG:32650"}},
             "geometry":{"type":"Polygon","coordinates":[[[500000,2799960],[500040,2799960],[500040,2800000],[500000,2800000],[500000,2799960]]]}}""";

    @TempDir Path dir;
    TestServer server;

    @BeforeEach
    void start() { server = new TestServer(dir.resolve("data")); }

    @AfterEach
    void stop() { server.close(); }

    private void ingest(String date, double ndvi) throws Exception {
        int off = date.compareTo("2022-01-25") >= 0 ? 1000 : 0;
        int[][] red = new int[4][4], nir = new int[4][4], mask = new int[4][4];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                nir[r][c] = (int) Math.round(5000 * (1 + ndvi)) + off;
                red[r][c] = (int) Math.round(5000 * (1 - ndvi)) + off;
                mask[r][c] = 4;
            }
        }
        HttpResponse<String> resp = server.postMultipart("/api/v1/scenes", new String[][] {{"sensor", "sentinel2-l2a"}, {"acquired", date}},
                new Object[][] {{"red", TestTiffs.write(dir.resolve("r" + date + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {red})},
                    {"nir", TestTiffs.write(dir.resolve("n" + date + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {nir})},
                    {"mask", TestTiffs.write(dir.resolve("m" + date + ".tif"), 32650, 500000, 2800000, 10, new int[][][] {mask})}}, TestServer.TOKEN);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    @Test
    void theReportIsOneOfflinePageWithMapsChartChangeAndProvenance() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2019-06-10", 0.1);
        ingest("2025-06-10", 0.7);
        double area = new ObjectMapper().readTree(server.get("/api/v1/sites/rep").body()).at("/properties/areaM2").asDouble();
        HttpResponse<String> r = server.get("/api/v1/sites/rep/report");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = r.body();
        assertThat(html).contains("<h1>Reported</h1>").contains("Maps").contains("Time series").contains("Change").contains("Alerts")
                .contains("Outline history").contains("Data provenance").contains("Method notes");
        // offline: nothing fetched from elsewhere, no script
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("url(");
        // two maps (2019 and 2025) and the legend, as PNGs that decode
        Matcher png = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (png.find()) {
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.group(1))))).isNotNull();
            images++;
        }
        assertThat(images).isEqualTo(3);
        assertThat(html).contains("NDVI on 2019-06-10").contains("NDVI on 2025-06-10");
        assertThat(html).contains("<svg").contains("class=\"mean\"").contains("class=\"trend\"");
        // the change table: the whole site goes bare → dense
        String gained = String.format(java.util.Locale.ROOT, "%,.1f", area);
        assertThat(html).containsPattern("<th>gainedGreenAreaM2</th><td>" + Pattern.quote(gained) + "</td>");
        assertThat(html).containsPattern("<tr><th>bare</th><td>0\\.0</td><td>0\\.0</td><td>0\\.0</td><td>" + Pattern.quote(gained) + "</td></tr>");
        // provenance: both scenes with their offsets (2019: no offset; 2025: baseline 04.00 and later, -1000)
        assertThat(html).contains("2019-06-10").contains("sentinel2-l2a");
        assertThat(server.get("/api/v1/sites/rep/report?format=docx").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/sites/nope/report").statusCode()).isEqualTo(404);
    }

    @Test
    void theChangeTableComparesTheFirstAndLastFullSeasonsOfTheMonthsAsked() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2019-06-10", 0.1);
        ingest("2020-11-10", 0.7); // outside a May–September season
        ingest("2021-07-10", 0.35);
        double area = new ObjectMapper().readTree(server.get("/api/v1/sites/rep").body()).at("/properties/areaM2").asDouble();
        String gained = Pattern.quote(String.format(java.util.Locale.ROOT, "%,.1f", area));
        // whole years: 2019 -> 2021, 0.1 -> 0.35 crosses the 0.3 threshold everywhere (bare -> sparse)
        String whole = server.get("/api/v1/sites/rep/report").body();
        assertThat(whole).contains("per-pixel median composites of 2019 and 2021 (whole years)");
        assertThat(whole).containsPattern("<th>gainedGreenAreaM2</th><td>" + gained + "</td>");
        // the season 5-9: still 2019 and 2021, the November scene is out of both
        String season = server.get("/api/v1/sites/rep/report?months=5-9").body();
        assertThat(season).contains("per-pixel median composites of 2019 and 2021 (months 5-9)").contains("&amp;months=5-9");
        // November alone: one season only, so no change table
        String november = server.get("/api/v1/sites/rep/report?months=11").body();
        assertThat(november).contains("Change needs clear observations in two different full seasons (months 11");
        assertThat(november).doesNotContain("<th>gainedGreenAreaM2</th>");
        HttpResponse<String> bad = server.get("/api/v1/sites/rep/report?months=9-5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(bad.body()).get("field").asText()).isEqualTo("months");
    }

    @Test
    void formatPdfIsTheSameReportAsAPdfAttachmentWithTheChartAsAnImage() throws Exception {
        assertThat(server.postJson("/api/v1/sites", SITE).statusCode()).isEqualTo(201);
        ingest("2019-06-10", 0.1);
        ingest("2025-06-10", 0.7);
        double area = new ObjectMapper().readTree(server.get("/api/v1/sites/rep").body()).at("/properties/areaM2").asDouble();
        HttpResponse<byte[]> r = server.getBytes("/api/v1/sites/rep/report?format=pdf");
        assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains("rep-report.pdf");
        assertThat(new String(r.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Reported").contains("Time series").contains("Method notes");
            // the change table: the whole site gained, as in the HTML page
            String gained = String.format(java.util.Locale.ROOT, "%,.1f", area);
            assertThat(text).containsPattern("gainedGreenAreaM2\\s+" + Pattern.quote(gained));
            // two maps, the legend and the chart, all images (no SVG in a PDF page)
            int images = 0;
            for (PDPage page : pdf.getPages()) {
                for (COSName n : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(n) instanceof PDImageXObject) images++;
                }
            }
            assertThat(images).isEqualTo(4);
        }
        HttpResponse<String> bad = server.get("/api/v1/sites/rep/report?format=docx");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(bad.body()).path("field").asText()).isEqualTo("format");
        assertThat(server.getBytes("/api/v1/sites/nope/report?format=pdf").statusCode()).isEqualTo(404);
    }
}
