package greencover.http.rest;

import static greencover.http.api.Schemas.example;
import static greencover.http.api.Schemas.oneOf;
import static greencover.http.api.Schemas.string;

import greencover.app.Services;
import greencover.http.api.ApiRoutes;
import greencover.http.api.Route;
import greencover.http.api.Schemas;
import greencover.service.alert.AlertRules;
import greencover.service.error.InvalidInputException;
import greencover.service.series.MonthWindow;
import java.util.List;

/**
 * The routes of outline versions, alerts and the site report, registered and described beside {@link RestApi}'s.
 */
public final class SiteOpsApi {
    private static final String SITE_ID = RestApi.SITE_ID;
    private static final String GEOMETRY_EXAMPLE = """
            {"validFrom":"2024-01-01","innerBufferM":10,"geometry":{"type":"Polygon","coordinates":[[[116.392,25.182],[116.399,25.182],\
            [116.399,25.187],[116.392,25.187],[116.392,25.182]]]}}""";
    private static final String HISTORY_EXAMPLE = """
            {"site":"zijinshan-dump","versions":[{"validFrom":null,"validTo":"2024-01-01","areaM2":301234.5,"innerBufferM":0.0,\
            "countedAreaM2":301234.5,"createdAt":"2026-01-05T10:00:00Z","geometry":{"type":"Polygon","coordinates":[]}},\
            {"validFrom":"2024-01-01","validTo":null,"areaM2":351440.2,"innerBufferM":10.0,"countedAreaM2":342100.7,\
            "createdAt":"2026-02-01T09:00:00Z","geometry":{"type":"Polygon","coordinates":[]}}]}""";
    private static final String RULES_EXAMPLE = """
            {"site":"zijinshan-dump","rules":{"negativeTrend":{"enabled":true,"years":3.0,"p":0.05},\
            "belowBaseline":{"enabled":true,"k":3.0,"margin":0.1},"annualDrop":{"enabled":true,"drop":0.1},\
            "noClearObservation":{"enabled":true,"days":90.0}},"webhook":{"url":"https://example.org/hooks/greencover","secretSet":true}}""";
    private static final String ALERT_EXAMPLE = """
            {"id":"0b6c3f2e-8d1a-4f53-9a07-5c2d1e9b7a10","site":"zijinshan-dump","rule":"annualDrop","state":"open",\
            "observedOn":"2025-07-10","openedAt":"2025-07-12T08:00:00Z","clearedAt":null,\
            "detail":"annual composite (median of clear means) 2024: 0.6100, 2025: 0.4200 (change -0.1900, alert below -0.1)","value":0.19}""";

    private final SiteOpsController ops;
    private final SiteReport report;

    public SiteOpsApi(Services services) {
        this.ops = new SiteOpsController(services.sites(), services.geometry(), services.alerts());
        this.report = new SiteReport(services);
    }

    public void register(ApiRoutes api) {
        api.add(Route.put("/api/v1/sites/{id}/geometry").tag("sites").bearer()
                .summary("Add an outline version valid from a date; the statistics of that date and later are recomputed")
                .description("Versions only append: validFrom must be after the latest version's, not in the future. innerBufferM "
                        + "(metres, default 0) leaves the band along the edge out of the statistics. The site's own outline stays the "
                        + "version before the first.")
                .pathParam("id", "The site id", string(), SITE_ID)
                .body("application/json", "The outline (GeoJSON Polygon or MultiPolygon, WGS84 unless crs says otherwise) and its date",
                        Schemas.object().req("geometry", Schemas.anyObject()).req("validFrom", Schemas.date())
                                .prop("innerBufferM", Schemas.number(0, 10000)).prop("crs", Schemas.anyObject()).build(), example(GEOMETRY_EXAMPLE), true)
                .json(201, "The outline history after the change", Schemas.anyObject(), example(HISTORY_EXAMPLE))
                .error(400, "An invalid geometry, validFrom missing or in the future, an invalid innerBufferM, an unknown field")
                .error(404, "No such site")
                .error(409, "A version from that date exists, or the date falls before the latest version"), ops::putGeometry);
        api.add(Route.get("/api/v1/sites/{id}/geometry/history").tag("sites").summary("The site's outline versions with areaM2 per version")
                .pathParam("id", "The site id", string(), SITE_ID)
                .json(200, "The versions, oldest first (validFrom null: the site's own outline)", Schemas.anyObject(), example(HISTORY_EXAMPLE))
                .error(404, "No such site"), ops::history);
        api.add(Route.get("/api/v1/sites/{id}/alert-rules").tag("alerts").summary("The alert rules in effect for the site and its webhook")
                .pathParam("id", "The site id", string(), SITE_ID)
                .json(200, "Every rule with its parameters (defaults where not set)", Schemas.anyObject(), example(RULES_EXAMPLE))
                .error(404, "No such site"), ops::rules);
        api.add(Route.put("/api/v1/sites/{id}/alert-rules").tag("alerts").bearer()
                .summary("Set the site's rule parameters (others take their defaults) and optionally its webhook; evaluates the site")
                .description("Rules: " + AlertRules.names() + ". webhook: {url, secret} (null removes it; left out keeps it). The webhook "
                        + "body is signed: X-GreenCover-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>.")
                .pathParam("id", "The site id", string(), SITE_ID)
                .body("application/json", "Rules and webhook", Schemas.object().prop("rules", Schemas.anyObject()).prop("webhook", Schemas.anyObject()).build(),
                        example("{\"rules\":{\"annualDrop\":{\"drop\":0.15},\"noClearObservation\":{\"enabled\":false}}}"), true)
                .json(200, "The rules in effect", Schemas.anyObject(), example(RULES_EXAMPLE))
                .error(400, "An unknown rule or parameter, a value out of range, a webhook URL to a loopback or private address, a short secret")
                .error(404, "No such site"), ops::putRules);
        api.add(Route.get("/api/v1/alerts").tag("alerts").summary("Alerts, newest first: one per condition episode (open, then cleared)")
                .query("site", "Only this site's alerts", string())
                .query("state", "Only open or only cleared alerts", oneOf(List.of("open", "cleared")))
                .json(200, "The alerts", Schemas.anyObject(), example("{\"alerts\":[" + ALERT_EXAMPLE + "]}"))
                .error(400, "An invalid state")
                .error(404, "No such site"), ops::list);
        api.add(Route.get("/api/v1/alerts.atom").tag("alerts").summary("Alerts as an Atom 1.0 feed to subscribe to")
                .query("site", "Only this site's alerts", string())
                .query("state", "Only open or only cleared alerts", oneOf(List.of("open", "cleared")))
                .response(200, "The feed", "application/atom+xml", string(), null)
                .error(400, "An invalid state")
                .error(404, "No such site"), ops::atom);
        api.add(Route.get("/api/v1/sites/{id}/webhook/deliveries").tag("alerts").summary("The site's webhook delivery attempts, newest first")
                .pathParam("id", "The site id", string(), SITE_ID)
                .json(200, "The attempts", Schemas.anyObject(), example("{\"site\":\"zijinshan-dump\",\"deliveries\":[{\"id\":\"5f0e…\","
                        + "\"alertId\":\"0b6c3f2e-8d1a-4f53-9a07-5c2d1e9b7a10\",\"event\":\"opened\",\"attempt\":1,\"url\":\"https://example.org/hooks/greencover\","
                        + "\"status\":200,\"error\":null,\"delivered\":true,\"at\":\"2025-07-12T08:00:01Z\"}]}"))
                .error(404, "No such site"), ops::deliveries);
        api.add(Route.get("/api/v1/sites/{id}/report").tag("sites")
                .summary("The site's printable report: maps, chart and trend, change, alerts, outline history, provenance, method")
                .description("format=html (default): one self-contained HTML page (images inline, the chart as inline SVG, no script) "
                        + "that prints from a browser. format=pdf: the same report as an A4 PDF attachment, laid out by openhtmltopdf "
                        + "(PDFBox) with the chart drawn as a PNG.")
                .pathParam("id", "The site id", string(), SITE_ID)
                .query("format", "html (the page) or pdf (the same report as a PDF file)", oneOf(List.of("html", "pdf")).put("default", "html"))
                .query("months", "The season, first-last month (e.g. 5-9; default the whole year): the change table compares the first "
                        + "and the last full seasons, the years whose season has ended and holds an ok observation", string())
                .response(200, "The report: the HTML page, or with format=pdf the PDF as an attachment <id>-report.pdf", "text/html", string(), null)
                .response(200, "The report as PDF", "application/pdf", string().put("contentMediaType", "application/pdf"), null)
                .error(400, "An unknown format")
                .error(404, "No such site"), ctx -> {
                    String format = ctx.queryParam("format");
                    String id = ctx.pathParam("id");
                    MonthWindow season = MonthWindow.parse(ctx.queryParam("months"));
                    if (format == null || format.equals("html")) {
                        ctx.status(200).contentType("text/html; charset=utf-8").result(report.html(id, season));
                    } else if (format.equals("pdf")) {
                        byte[] pdf = SiteReportPdf.render(report.xhtmlForPdf(id, season));
                        ctx.status(200).contentType("application/pdf")
                                .header("Content-Disposition", "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9._-]", "_") + "-report.pdf\"")
                                .result(pdf);
                    } else {
                        throw InvalidInputException.invalid("format", "format must be html or pdf but was '" + format + "'");
                    }
                });
    }
}
