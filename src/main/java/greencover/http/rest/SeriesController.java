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
    private final greencover.service.SceneService scenes;

    SeriesController(SeriesService series, SpectralIndices indices) { this(series, indices, null); }

    /** As above; with {@code scenes}, each JSON point names where its scenes came from ({@code provenance}). */
    SeriesController(SeriesService series, SpectralIndices indices, greencover.service.SceneService scenes) {
        this.series = series;
        this.indices = indices;
        this.scenes = scenes;
    }

    /** Scene id to its recorded source, for the scenes of the site (one catalog read); null without a scene service. */
    private java.util.function.Function<String, java.util.Map<String, String>> sources(TimeSeries ts) {
        if (scenes == null) return null;
        java.util.Map<String, java.util.Map<String, String>> bySceneId = new java.util.HashMap<>();
        for (greencover.domain.Scene s : scenes.list(ts.siteId(), null, null)) bySceneId.put(s.id(), s.source());
        return bySceneId::get;
    }

    void timeseries(Context ctx) {
        TimeSeries ts = series.timeseries(ctx.pathParam("id"), SeriesQueryParams.parse(ctx, indices));
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> RestJson.write(ctx, 200, SeriesJson.of(ts, sources(ts)));
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ts.siteId() + "-" + ts.index() + ".csv\"");
                ctx.status(200).contentType("text/csv; charset=utf-8").result(Csv.of(ts));
            }
            default -> throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
    }
}
