package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import greencover.app.Services;
import greencover.domain.Alert;
import greencover.domain.Scene;
import greencover.domain.Site;
import greencover.service.SiteGeometryService;
import greencover.service.SiteOutlines;
import greencover.service.error.GreenCoverException;
import greencover.service.map.Composite;
import greencover.service.map.ImageFormat;
import greencover.service.map.MapRequest;
import greencover.service.map.RenderedMap;
import greencover.service.map.TimeSelection;
import greencover.service.series.MonthWindow;
import greencover.service.series.PeriodChange;
import greencover.service.series.SeriesQuery;
import greencover.service.series.TimeSeries;
import greencover.core.tiles.TargetGrid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.geotools.api.referencing.crs.CoordinateReferenceSystem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * A site's printable report as one self-contained XHTML page (no script, no external file: images inline as PNG data
 * URIs, the chart as inline SVG, styles inline), so it prints, saves and opens offline. It holds the NDVI map at the
 * first and the latest date with the outline valid on each date and the legend (rendered by the server's own map
 * renderer), the series chart with its Theil–Sen trend (and the slope's 95 % band; error bars, a reference and a
 * target when the series carries them), the change between the first and the last full seasons ({@link #fullSeasons};
 * the change route's table and transition matrix), the alerts, the outline history, the data provenance (scenes, sensors,
 * offsets, harmonisation) and method notes. The series is read as its JSON, so fields it gains later (reference,
 * target, uncertainty) are shown as they come.
 */
final class SiteReport {
    private static final int MAP_W = 380;
    private static final double PDF_MAP_MM = 70;
    /** The series fields drawn or tabled here; others are listed under "Further series fields". */
    private static final Set<String> KNOWN = Set.of("site", "index", "threshold", "minValid", "composite", "mode", "harmonize", "sensors",
            "months", "minObservations", "trendTest", "points", "damagedScenes", "trend", "target", "uncertaintyMethod", "warnings", "reference");
    private final Services services;

    SiteReport(Services services) { this.services = services; }

    String html(String siteId) { return html(siteId, MonthWindow.ALL); }

    /** The page with the change between the first and the last full seasons of {@code season} (see {@link #fullSeasons}). */
    String html(String siteId, MonthWindow season) { return page(siteId, season, false); }

    /**
     * The same page for {@link SiteReportPdf}: the chart as a PNG data URI (drawn by {@link SvgRaster}) instead of inline
     * SVG, the maps sized in mm (two side by side) and an A4 page rule.
     */
    String xhtmlForPdf(String siteId) { return xhtmlForPdf(siteId, MonthWindow.ALL); }

    String xhtmlForPdf(String siteId, MonthWindow season) { return page(siteId, season, true); }

    /**
     * The first and the last full seasons among the series' points: the years whose season (the months of
     * {@code season} in that year; the whole year by default) has ended before {@code today} and holds at least one
     * ok observation. A season still under way is not full, so the change never compares a complete season with a
     * part of one. Null when fewer than two years qualify.
     */
    static int[] fullSeasons(JsonNode points, MonthWindow season, LocalDate today) {
        Integer first = null, last = null;
        for (JsonNode p : points) {
            LocalDate d = LocalDate.parse(p.get("date").asText());
            if (!"ok".equals(p.path("quality").asText()) || !season.contains(d.getMonthValue())) continue;
            LocalDate end = LocalDate.of(d.getYear(), season.last(), 1).plusMonths(1).minusDays(1);
            if (!end.isBefore(today)) continue;
            if (first == null) first = d.getYear();
            last = d.getYear();
        }
        return first == null || first.equals(last) ? null : new int[] {first, last};
    }

    private String page(String siteId, MonthWindow season, boolean pdf) {
        Site site = services.sites().get(siteId);
        greencover.service.series.AnalysedSeries analysed = services.seriesAnalysis().analyse(siteId, SeriesQuery.defaults(), true,
                greencover.service.series.Endmembers.SITE);
        TimeSeries ts = analysed.series();
        JsonNode series = RestJson.MAPPER.valueToTree(AnalysedSeriesJson.of(analysed));
        List<Scene> scenes = services.scenes().list(siteId, null, null);
        List<SiteGeometryService.Entry> history = services.geometry().history(siteId);
        List<Alert> alerts = services.alerts().alerts(siteId, null);
        JsonNode points = series.get("points");
        LocalDate first = null, last = null;
        for (JsonNode p : points) {
            LocalDate d = LocalDate.parse(p.get("date").asText());
            if (first == null) first = d;
            last = d;
        }
        int[] seasons = fullSeasons(points, season, LocalDate.now(java.time.ZoneOffset.UTC));

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<link rel=\"icon\" href=\"data:,\"/>\n")
                .append("<title>").append(e(site.name())).append(" — GreenCover site report</title>\n<style>\n").append(CSS).append(pdf ? PDF_CSS : "").append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(e(site.name())).append("</h1>\n<p class=\"sub\">Site <code>").append(e(site.id())).append("</code> · ")
                .append(String.format(Locale.ROOT, "%.0f m² (%.2f ha)", site.areaM2(), site.areaM2() / 1e4)).append(" · green threshold NDVI ")
                .append(site.greenThreshold()).append(" · ").append(points.size()).append(" observations");
        if (first != null) h.append(" from ").append(first).append(" to ").append(last);
        h.append(" · generated ").append(java.time.Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("</p>\n");

        h.append("<h2>Maps</h2>\n");
        if (first == null) {
            h.append("<p>No observation yet: ingest scenes over the site.</p>\n");
        } else {
            h.append("<div class=\"maps\">\n");
            appendMap(h, site, first, history, pdf);
            if (!last.equals(first)) appendMap(h, site, last, history, pdf);
            h.append("<figure class=\"legend\"><img alt=\"NDVI legend\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(services.maps().legend("ndvi", null))).append("\"/>")
                    .append("<figcaption>NDVI; outline drawn in black: the outline valid on the map's date</figcaption></figure>\n</div>\n");
        }

        h.append("<h2>Time series</h2>\n");
        h.append(pdf ? SvgRaster.img(SeriesChart.svg(series), "Series chart: mean NDVI, green fraction and trend", 184) : SeriesChart.svg(series));
        appendTrend(h, series.get("trend"));
        JsonNode target = series.get("target");
        h.append("<h3>Target</h3>\n");
        if (target == null || target.isNull()) h.append("<p>No target is set for this site.</p>\n");
        else h.append(table(target));
        JsonNode ref = series.get("reference");
        if (ref != null && !ref.isNull()) appendReference(h, ref);
        List<String> further = new ArrayList<>();
        for (Iterator<String> it = series.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f) && !series.get(f).isNull()) further.add(f);
        }
        if (!further.isEmpty()) {
            h.append("<h3>Further series fields</h3>\n<table>\n");
            for (String f : further) {
                String v = series.get(f).toString();
                h.append("<tr><th>").append(e(f)).append("</th><td><code>").append(e(v.length() > 600 ? v.substring(0, 600) + "…" : v))
                        .append("</code></td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Change</h2>\n");
        if (seasons == null) {
            h.append("<p>Change needs clear observations in two different full seasons (months ").append(season)
                    .append(", ended before today).</p>\n");
        } else {
            appendChange(h, siteId, seasons[0], seasons[1], season);
        }

        h.append("<h2>Alerts</h2>\n");
        if (alerts.isEmpty()) {
            h.append("<p>No alert has opened on this site.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Rule</th><th>State</th><th>Observation</th><th>Opened</th><th>Cleared</th><th>Detail</th></tr>\n");
            for (Alert a : alerts) {
                h.append("<tr><td>").append(e(a.rule())).append("</td><td>").append(a.isOpen() ? "open" : "cleared").append("</td><td>")
                        .append(a.observedOn() == null ? "" : a.observedOn()).append("</td><td>").append(a.openedAt().truncatedTo(ChronoUnit.SECONDS))
                        .append("</td><td>").append(a.clearedAt() == null ? "" : a.clearedAt().truncatedTo(ChronoUnit.SECONDS)).append("</td><td>")
                        .append(e(a.detail())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Outline history</h2>\n<table>\n<tr><th>Valid from</th><th>Valid to</th><th>Area m²</th><th>Inner buffer m</th><th>Counted area m²</th></tr>\n");
        for (SiteGeometryService.Entry v : history) {
            h.append("<tr><td>").append(v.validFrom() == null ? "the beginning" : v.validFrom()).append("</td><td>")
                    .append(v.validTo() == null ? "" : v.validTo()).append("</td><td>").append(num(v.areaM2(), 1)).append("</td><td>")
                    .append(num(v.innerBufferM(), 1)).append("</td><td>").append(num(v.countedAreaM2(), 1)).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Data provenance</h2>\n<p>").append(scenes.size()).append(" scene(s) over the site; harmonisation of the series: <code>")
                .append(e(series.path("harmonize").asText())).append("</code>.</p>\n");
        h.append("<table>\n<tr><th>Date</th><th>Scene</th><th>Sensor</th><th>Product</th><th>Offset DN</th><th>Offset rule</th><th>Baseline</th>"
                + "<th>Valid</th><th>Cloud</th><th>Source</th></tr>\n");
        for (Scene s : scenes) {
            Map<String, String> st = s.sensorSettings();
            h.append("<tr><td>").append(s.date()).append("</td><td><code>").append(e(s.id())).append("</code>")
                    .append(s.isDamaged() ? " (damaged)" : "").append("</td><td>").append(e(s.sensor())).append("</td><td class=\"small\">")
                    .append(e(s.name())).append("</td><td>").append(e(st.getOrDefault("offsetDn", "0"))).append("</td><td>")
                    .append(e(st.getOrDefault("offsetRule", ""))).append("</td><td>")
                    .append(e(st.getOrDefault("processingBaseline", "") + (st.containsKey("baselineRule") ? " (" + st.get("baselineRule") + ")" : "")))
                    .append("</td><td>").append(num(s.validFraction(), 3)).append("</td><td>").append(num(s.cloudFraction(), 3)).append("</td><td>")
                    .append(s.isRemote() ? "read in place: " + e(s.source().getOrDefault("itemId", s.source().getOrDefault("kind", ""))) : "upload")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Method notes</h2>\n").append(METHOD);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private void appendTrend(StringBuilder h, JsonNode t) {
        if (t == null || t.path("slopePerYear").isNull()) {
            h.append("<p>No trend: fewer than two clear observations.</p>\n");
            return;
        }
        h.append("<p class=\"trend\">Theil–Sen trend of the ").append(e(t.path("metric").asText())).append(": <b>")
                .append(String.format(Locale.ROOT, "%+.4f", t.get("slopePerYear").asDouble())).append(" per year</b>");
        if (!t.path("slopeLowerPerYear").isNull() && t.has("slopeLowerPerYear")) {
            h.append(String.format(Locale.ROOT, " (95 %% interval %+.4f to %+.4f)", t.get("slopeLowerPerYear").asDouble(), t.get("slopeUpperPerYear").asDouble()));
        }
        if (!t.path("mannKendallP").isNull()) h.append(String.format(Locale.ROOT, ", Mann–Kendall (%s) p = %.4f", t.path("test").asText(), t.get("mannKendallP").asDouble()));
        h.append(", n = ").append(t.path("n").asInt()).append(".</p>\n");
    }

    /** The reference site's comparison: the latest pair and the trends of the relative index and the gap. */
    private static void appendReference(StringBuilder h, JsonNode ref) {
        h.append("<h3>Reference site</h3>\n<p>Compared with <code>").append(e(ref.path("site").asText())).append("</code> on the same ")
                .append(e(ref.path("matchedBy").asText("date"))).append(" (").append(ref.path("points").size()).append(" pairs).");
        JsonNode points = ref.path("points");
        if (points.size() > 0) {
            JsonNode last = points.get(points.size() - 1);
            h.append(String.format(Locale.ROOT, " Latest, %s: relative index %.3f, gap %.3f.", e(last.path("date").asText()),
                    last.path("relativeIndex").asDouble(Double.NaN), last.path("indexGap").asDouble(Double.NaN)));
        }
        h.append("</p>\n<table>\n<tr><th>trend</th><th>slope per year</th><th>95 % interval</th><th>Mann–Kendall p</th></tr>\n");
        for (String k : List.of("relativeTrend", "gapTrend")) {
            JsonNode t = ref.path(k);
            h.append("<tr><th>").append(k.equals("relativeTrend") ? "relative index" : "index gap").append("</th><td>")
                    .append(num(t.path("slopePerYear").asDouble(Double.NaN), 4)).append("</td><td>")
                    .append(num(t.path("slopeLowerPerYear").asDouble(Double.NaN), 4)).append(" to ")
                    .append(num(t.path("slopeUpperPerYear").asDouble(Double.NaN), 4)).append("</td><td>")
                    .append(num(t.path("mannKendallP").asDouble(Double.NaN), 4)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void appendChange(StringBuilder h, String siteId, int from, int to, MonthWindow season) {
        PeriodChange.Result r;
        try {
            r = services.periodChange().change(siteId, new PeriodChange.Query(from, to, season, "ndvi",
                    greencover.service.series.Composite.PIXEL_MEDIAN, null));
        } catch (GreenCoverException ex) {
            h.append("<p>No change between ").append(from).append(" and ").append(to).append(": ").append(e(ex.getMessage())).append("</p>\n");
            return;
        }
        Map<String, Object> m = ChangeController.json(r);
        boolean whole = season.equals(MonthWindow.ALL);
        h.append("<p>Between the first and the last full seasons: per-pixel median composites of ").append(from).append(" and ").append(to)
                .append(whole ? " (whole years)" : " (months " + season + ")")
                .append(", on pixels clear in both; ground m² (GET <code>/api/v1/sites/").append(e(siteId))
                .append("/change?from=").append(from).append("&amp;to=").append(to).append(whole ? "" : "&amp;months=" + season)
                .append("</code>).</p>\n<table>\n");
        for (String k : List.of("siteAreaM2", "clearInBothAreaM2", "clearInBothFraction", "gainedGreenAreaM2", "lostGreenAreaM2",
                "stableGreenAreaM2", "stableBareAreaM2", "meanFrom", "meanTo", "meanIndexChange")) {
            Object v = m.get(k);
            h.append("<tr><th>").append(k).append("</th><td>").append(v instanceof Number n ? num(n.doubleValue(), k.endsWith("M2") ? 1 : 4) : "—")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h3>Cover-class transitions ").append(from).append(" → ").append(to).append(" (m²)</h3>\n<table>\n<tr><th>from \\ to</th>");
        String[] names = greencover.core.index.CoverClasses.NAMES;
        for (String n : names) h.append("<th>").append(n).append("</th>");
        h.append("</tr>\n");
        for (int i = 0; i < names.length; i++) {
            h.append("<tr><th>").append(names[i]).append("</th>");
            for (int j = 0; j < names.length; j++) h.append("<td>").append(num(r.transitionsM2()[i][j], 1)).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (r.outline().versions().size() > 1) {
            h.append("<p class=\"small\">Compared over the intersection of the outlines valid on the dates compared (")
                    .append(e(String.join(", ", r.outline().versions().stream().map(v -> v.validFrom() == null ? "the site's own"
                            : "the version from " + v.validFrom()).toList()))).append("), ").append(num(r.outline().areaM2(), 1))
                    .append(" m².</p>\n");
        }
        if (!r.notes().isEmpty()) h.append("<p class=\"small\">").append(e(String.join(" ", r.notes()))).append("</p>\n");
    }

    /** The NDVI map of {@code date} around the site with the outline valid on that date, as an inline PNG figure. */
    private void appendMap(StringBuilder h, Site site, LocalDate date, List<SiteGeometryService.Entry> history, boolean pdf) {
        Site dated = services.geometry().outlineOn(site, date);
        CoordinateReferenceSystem merc = greencover.service.Geo.crs(3857);
        Envelope env = new Envelope();
        for (SiteGeometryService.Entry v : history) env.expandToInclude(greencover.service.Geo.fromWgs84(v.wgs84(), merc).getEnvelopeInternal());
        double pad = Math.max(env.getWidth(), env.getHeight()) * 0.12 + 50;
        env.expandBy(pad);
        int w = MAP_W, ht = (int) Math.max(120, Math.min(900, Math.round(MAP_W * env.getHeight() / env.getWidth())));
        TargetGrid grid = new TargetGrid(merc, env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY(), w, ht);
        String img;
        try {
            RenderedMap m = services.maps().render(new MapRequest("ndvi", null, TimeSelection.Period.of(date), Composite.LATEST, grid,
                    ImageFormat.PNG, false, 0xFFFFFF));
            BufferedImage map = ImageIO.read(new ByteArrayInputStream(m.bytes()));
            BufferedImage out = new BufferedImage(w, ht, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.drawImage(map, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f));
            Geometry outline = greencover.service.Geo.fromWgs84(dated.wgs84(), merc);
            for (int i = 0; i < outline.getNumGeometries(); i++) {
                Polygon p = (Polygon) outline.getGeometryN(i);
                g.draw(path(p.getExteriorRing().getCoordinates(), grid));
                for (int k = 0; k < p.getNumInteriorRing(); k++) g.draw(path(p.getInteriorRingN(k).getCoordinates(), grid));
            }
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            img = Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException | RuntimeException ex) {
            h.append("<figure><p>The map of ").append(date).append(" could not be drawn: ").append(e(String.valueOf(ex.getMessage()))).append("</p></figure>\n");
            return;
        }
        // openhtmltopdf lays an image out at its width attribute: the PDF gives two maps side by side in the A4 text width
        String size = pdf ? String.format(Locale.ROOT, "style=\"width: %.1fmm; height: %.1fmm\"", PDF_MAP_MM, PDF_MAP_MM * ht / w) : "width=\"" + w + "\"";
        h.append("<figure><img alt=\"NDVI on ").append(date).append("\" ").append(size).append(" src=\"data:image/png;base64,").append(img)
                .append("\"/><figcaption>NDVI on ").append(date).append(String.format(Locale.ROOT, " · outline %.0f m²", dated.areaM2()))
                .append("</figcaption></figure>\n");
    }

    private static Path2D path(Coordinate[] ring, TargetGrid grid) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < ring.length; i++) {
            double x = (ring[i].x - grid.minX()) / grid.pixelWidth(), y = (grid.maxY() - ring[i].y) / grid.pixelHeight();
            if (i == 0) p.moveTo(x, y);
            else p.lineTo(x, y);
        }
        p.closePath();
        return p;
    }

    private static String table(JsonNode o) {
        StringBuilder b = new StringBuilder("<table>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            b.append("<tr><th>").append(e(f.getKey())).append("</th><td>").append(e(v.isValueNode() ? v.asText() : v.toString())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    static String num(double v, int decimals) {
        if (!Double.isFinite(v)) return "—";
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String e(String s) { return AlertFeed.esc(s == null ? "" : s); }

    private static final String CSS = """
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #222; margin: 1.5em auto; max-width: 60em; }
            h1 { font-size: 18pt; margin-bottom: 0.1em; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.4em; }
            h3 { font-size: 11pt; } .sub { color: #555; } .small { font-size: 8.5pt; color: #555; } td.small { word-break: break-all; max-width: 16em; }
            table { border-collapse: collapse; margin: 0.4em 0; page-break-inside: avoid; }
            th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
            td { font-variant-numeric: tabular-nums; } th { background: #f0f0ec; }
            .maps figure { display: inline-block; margin: 0 1em 0.5em 0; vertical-align: top; }
            figure img { border: 1px solid #888; } .legend img { border: none; }
            figcaption { font-size: 9pt; color: #444; } svg { max-width: 100%; }
            @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
            """;

    private static final String PDF_CSS = """
            @page { size: A4; margin: 14mm 12mm; }
            body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
            .maps figure { margin: 0 3mm 2mm 0; }
            """;

    private static final String METHOD = """
            <ul>
            <li>Statistics are exact-coverage zonal summaries of each scene's NDVI over the outline valid on the scene's date, less its inner
            buffer; areas are geodesic ground m² on the WGS84 ellipsoid. Several scenes of one date share the site by the same-date merge.</li>
            <li>A point is <i>ok</i> when its clear fraction (valid land plus water) reaches 0.6; only ok points enter the trend, the
            composites and the alerts.</li>
            <li>The trend is the Theil–Sen slope of the mean NDVI per year with its 95 % interval (Sen 1968) and the Mann–Kendall test
            named; the band on the chart is that slope interval drawn through the line's middle.</li>
            <li>Change compares per-pixel median composites of the first and the last year with ok observations on the pixels clear in
            both; classes bare/sparse/moderate/dense as in <code>classAreasM2</code>.</li>
            <li>Sentinel-2 reflectances have the BOA offset of their processing baseline removed (the offset rule says how it was known);
            with <code>harmonize=hls</code> Sentinel-2 enters on the Landsat OLI scale (HLS bandpass adjustment).</li>
            <li>Alert rules and their defaults: see the README section "Alerts".</li>
            </ul>
            """;
}
