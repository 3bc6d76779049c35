package greencover.http.rest;

import greencover.core.index.SpectralIndices;
import greencover.service.error.InvalidInputException;
import greencover.service.series.AnalysedSeries;
import greencover.service.series.Endmembers;
import greencover.service.series.SeriesAnalysis;
import greencover.service.series.TimeSeries;
import io.javalin.http.Context;

/**
 * {@code GET /api/v1/sites/{id}/timeseries}: a site's analysed series (uncertainty, reference, target) as JSON or CSV
 * ({@code format=json|csv}); {@code uncertainty=false} skips the per-point standard errors, {@code fvcEndmembers=reference}
 * derives the FVC endmembers from the reference site.
 */
final class SeriesController {
    private final SeriesAnalysis series;
    private final SpectralIndices indices;
    private final greencover.service.SceneService scenes;

    SeriesController(SeriesAnalysis series, SpectralIndices indices) { this(series, indices, null); }

    /** As above; with {@code scenes}, each JSON point names where its scenes came from ({@code provenance}). */
    SeriesController(SeriesAnalysis series, SpectralIndices indices, greencover.service.SceneService scenes) {
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
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new InvalidInputException("invalid_field", "format", "format must be json or csv but was '" + format + "'");
        }
        var query = SeriesQueryParams.parse(ctx, indices);
        boolean uncertainty = uncertainty(ctx.queryParam("uncertainty"));
        Endmembers endmembers = endmembers(ctx.queryParam("fvcEndmembers"));
        AnalysedSeries a = series.analyse(ctx.pathParam("id"), query, uncertainty, endmembers);
        TimeSeries ts = a.series();
        switch (format) {
            case "json" -> RestJson.write(ctx, 200, AnalysedSeriesJson.of(a, sources(ts)));
            case "csv" -> {
                ctx.header("Content-Disposition", "attachment; filename=\"" + ts.siteId() + "-" + ts.index() + ".csv\"");
                ctx.status(200).contentType("text/csv; charset=utf-8").result(Csv.of(a));
            }
            default -> throw new IllegalStateException(format);
        }
    }

    /** {@code uncertainty=true|false} (default true). */
    static boolean uncertainty(String s) {
        if (s == null || s.isBlank()) return true;
        return switch (s.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidInputException.invalid("uncertainty", "uncertainty must be true or false but was '" + s + "'");
        };
    }

    /** {@code fvcEndmembers=site|reference} (default site). */
    static Endmembers endmembers(String s) {
        if (s == null || s.isBlank()) return Endmembers.SITE;
        return Endmembers.find(s.trim()).orElseThrow(() -> InvalidInputException.invalid("fvcEndmembers",
                "fvcEndmembers must be site or reference but was '" + s + "'"));
    }
}
