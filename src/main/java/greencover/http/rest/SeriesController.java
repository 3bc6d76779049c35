package greencover.http.rest;

import greencover.core.series.Trend;
import greencover.service.SeriesPoint;
import greencover.service.SeriesService;
import greencover.service.StatisticsView;
import greencover.service.TimeSeries;
import greencover.service.error.InvalidInputException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/sites/{id}/timeseries}: a site's series as JSON or CSV ({@code format=json|csv}). */
final class SeriesController {
    private final SeriesService series;

    SeriesController(SeriesService series) { this.series = series; }

    void timeseries(Context ctx) {
        SeriesService.Query q = new SeriesService.Query(ctx.queryParam("index"), QueryParams.date(ctx, "from"), QueryParams.date(ctx, "to"),
                QueryParams.number(ctx, "threshold"), QueryParams.number(ctx, "minValid"), ctx.queryParam("composite"), ctx.queryParam("mode"),
                ctx.queryParam("trend"));
        TimeSeries ts = series.timeseries(ctx.pathParam("id"), q);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> RestJson.write(ctx, 200, seriesJson(ts));
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ts.site() + "-" + ts.index() + ".csv\"");
                ctx.status(200).contentType("text/csv; charset=utf-8").result(Csv.of(ts));
            }
            default -> throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
    }

    static Map<String, Object> seriesJson(TimeSeries ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", ts.site());
        m.put("index", ts.index());
        m.put("threshold", ts.threshold());
        m.put("minValid", ts.minValid());
        m.put("composite", ts.composite());
        m.put("mode", ts.mode());
        List<Object> pts = new ArrayList<>();
        for (SeriesPoint p : ts.points()) pts.add(StatisticsView.of(p));
        m.put("points", pts);
        Trend t = ts.trend();
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("metric", t.metric());
        tr.put("slopePerYear", StatisticsView.num(t.slopePerYear()));
        tr.put("interceptValue", StatisticsView.num(t.interceptValue()));
        tr.put("startDate", ts.points().stream().filter(SeriesPoint::isOk).map(p -> p.date().toString()).findFirst().orElse(null));
        tr.put("mannKendallZ", StatisticsView.num(t.mannKendallZ()));
        tr.put("mannKendallP", StatisticsView.num(t.mannKendallP()));
        tr.put("n", t.n());
        tr.put("method", t.method());
        m.put("trend", tr);
        return m;
    }
}
