package greencover.http.rest;

import greencover.core.index.CoverClasses;
import greencover.core.index.GreenChange;
import greencover.core.index.SpectralIndices;
import greencover.service.error.InvalidInputException;
import greencover.service.series.Composite;
import greencover.service.series.MonthWindow;
import greencover.service.series.PeriodChange;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/sites/{id}/change?from=2019&to=2025[&months=5-9][&index=ndvi][&composite=pixel-median|pixel-max]
 * [&threshold=][&format=json|csv]}: the change of a site between two years ({@link PeriodChange}), as JSON or as CSV
 * (one header row, one row: the JSON's scalar fields, then one {@code <from>To<To>M2} column per class transition, the
 * scene ids, the notes and the outline versions compared over, {@code ;}-joined, {@code own} for the site's own).
 */
final class ChangeController {
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    private final PeriodChange change;
    private final SpectralIndices indices;

    ChangeController(PeriodChange change, SpectralIndices indices) {
        this.change = change;
        this.indices = indices;
    }

    void change(Context ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
        PeriodChange.Query q = new PeriodChange.Query(year(ctx, "from"), year(ctx, "to"), MonthWindow.parse(ctx.queryParam("months")),
                SeriesQueryParams.index(ctx.queryParam("index"), indices), composite(ctx.queryParam("composite")),
                QueryParams.number(ctx, "threshold"));
        PeriodChange.Result r = change.change(ctx.pathParam("id"), q);
        if (format.equals("json")) {
            RestJson.write(ctx, 200, json(r));
        } else {
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.siteId() + "-change-" + q.from() + "-" + q.to() + ".csv\"");
            ctx.status(200).contentType("text/csv; charset=utf-8").result(csv(r));
        }
    }

    /** A required four-digit year. */
    private static int year(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw new InvalidInputException("missing_field", name, name + " is required: a year such as 2019");
        if (!YEAR.matcher(v.trim()).matches()) {
            throw new InvalidInputException("invalid_field", name, name + " must be a year (four digits, e.g. 2019) but was '" + v + "'");
        }
        return Integer.parseInt(v.trim());
    }

    private static Composite composite(String s) {
        if (s == null || s.isBlank()) return Composite.PIXEL_MEDIAN;
        return Composite.find(s.trim()).filter(Composite::isPerPixel).orElseThrow(() -> InvalidInputException.invalid("composite",
                "composite must be pixel-median or pixel-max but was '" + s + "'"));
    }

    /** The result as a JSON-ready ordered map. */
    static Map<String, Object> json(PeriodChange.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : scalars(r).entrySet()) m.put(e.getKey(), e.getValue());
        m.put("from", period(r.from()));
        m.put("to", period(r.to()));
        Map<String, Object> green = new LinkedHashMap<>();
        for (int k = 0; k < GreenChange.NAMES.length; k++) green.put(GreenChange.NAMES[k], r.greenChangeAreasM2()[k]);
        m.put("greenChangeAreasM2", green);
        Map<String, Object> matrix = new LinkedHashMap<>();
        for (int i = 0; i < CoverClasses.NAMES.length; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int j = 0; j < CoverClasses.NAMES.length; j++) row.put(CoverClasses.NAMES[j], r.transitionsM2()[i][j]);
            matrix.put(CoverClasses.NAMES[i], row);
        }
        m.put("transitionsM2", matrix);
        m.put("outline", outline(r.outline()));
        m.put("notes", r.notes());
        return m;
    }

    /** The outline compared over: its area and the versions intersected ({@code validFrom} null: the site's own). */
    private static Map<String, Object> outline(PeriodChange.Outline o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", "intersection of the outlines valid on the dates compared, less their inner buffers");
        m.put("areaM2", o.areaM2());
        java.util.List<Map<String, Object>> versions = new java.util.ArrayList<>();
        for (PeriodChange.OutlineUsed v : o.versions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("validFrom", v.validFrom() == null ? null : v.validFrom().toString());
            e.put("innerBufferM", v.innerBufferM());
            e.put("countedAreaM2", v.countedAreaM2());
            versions.add(e);
        }
        m.put("versions", versions);
        return m;
    }

    private static Map<String, Object> period(PeriodChange.Period p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("year", p.year());
        m.put("sceneIds", p.sceneIds());
        m.put("sensor", p.sensor());
        return m;
    }

    /** The fields of the result that are one number or word, in the order of the CSV columns. */
    private static Map<String, Object> scalars(PeriodChange.Result r) {
        PeriodChange.Query q = r.query();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", r.siteId());
        m.put("fromYear", q.from());
        m.put("toYear", q.to());
        m.put("months", q.months().toString());
        m.put("index", q.index());
        m.put("composite", q.composite().key());
        m.put("threshold", r.threshold());
        m.put("siteAreaM2", r.siteAreaM2());
        m.put("clearInBothAreaM2", r.clearInBothAreaM2());
        m.put("clearInBothFraction", StatisticsJson.num(r.clearInBothFraction()));
        m.put("gainedGreenAreaM2", r.gainedGreenAreaM2());
        m.put("lostGreenAreaM2", r.lostGreenAreaM2());
        m.put("stableGreenAreaM2", r.stableGreenAreaM2());
        m.put("stableBareAreaM2", r.stableBareAreaM2());
        m.put("meanFrom", StatisticsJson.num(r.meanFrom()));
        m.put("meanTo", StatisticsJson.num(r.meanTo()));
        m.put("meanIndexChange", StatisticsJson.num(r.meanIndexChange()));
        return m;
    }

    /** The CSV: the scalar fields, then {@code bareToDenseM2}-style transition columns, then the ;-joined scene ids. */
    static String csv(PeriodChange.Result r) {
        Map<String, Object> s = scalars(r);
        StringBuilder head = new StringBuilder(), row = new StringBuilder();
        for (Map.Entry<String, Object> e : s.entrySet()) {
            head.append(head.isEmpty() ? "" : ",").append(e.getKey());
            row.append(row.isEmpty() ? "" : ",").append(e.getValue() == null ? "" : Csv.quoted(String.valueOf(e.getValue())));
        }
        for (int i = 0; i < CoverClasses.NAMES.length; i++) {
            for (int j = 0; j < CoverClasses.NAMES.length; j++) {
                String to = CoverClasses.NAMES[j];
                head.append(',').append(CoverClasses.NAMES[i]).append("To").append(Character.toUpperCase(to.charAt(0))).append(to.substring(1)).append("M2");
                row.append(',').append(r.transitionsM2()[i][j]);
            }
        }
        head.append(",fromSceneIds,toSceneIds,notes,outlineValidFrom");
        row.append(',').append(String.join(";", r.from().sceneIds())).append(',').append(String.join(";", r.to().sceneIds()))
                .append(',').append(Csv.quoted(String.join(" | ", r.notes())))
                .append(',').append(String.join(";", r.outline().versions().stream()
                        .map(v -> v.validFrom() == null ? "own" : v.validFrom().toString()).toList()));
        return head + "\n" + row + "\n";
    }
}
