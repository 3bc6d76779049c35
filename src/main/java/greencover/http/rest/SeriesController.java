package greencover.http.rest;

import greencover.core.index.SpectralIndices;
import greencover.service.error.InvalidInputException;
import greencover.service.series.SeriesService;
import greencover.service.series.TimeSeries;
import io.javalin.http.Context;

/** {@code GET /api/v1/sites/{id}/timeseries}: a site's series as JSON or CSV ({@code format=json|csv}). */
final class SeriesController {
    private final SeriesService series;
    private final SpectralIndices indices;

    SeriesController(SeriesService series, SpectralIndices indices) {
        this.series = series;
        this.indices = indices;
    }

    void timeseries(Context ctx) {
        TimeSeries ts = series.timeseries(ctx.pathParam("id"), SeriesQueryParams.parse(ctx, indices));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> RestJson.write(ctx, 200, SeriesJson.of(ts));
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ts.siteId() + "-" + ts.index() + ".csv\"");
                ctx.status(200).contentType("text/csv; charset=utf-8").result(Csv.of(ts));
            }
            default -> throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
    }
}
