package greencover.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A series' chart as inline SVG (no script, prints as drawn): the mean index per observation (filled: ok, hollow:
 * low-valid), the green fraction, the Theil–Sen line with the band of its slope's 95 % interval through the line's
 * middle, and, when the series carries them, per-point intervals of the mean (error bars) and a reference's mean.
 */
final class SeriesChart {
    private static final int W = 820, H = 300, L = 48, R = 16, T = 14, B = 44;

    private SeriesChart() {}

    static String svg(JsonNode series) {
        JsonNode points = series.get("points");
        if (points == null || points.isEmpty()) return "<p>No observation to chart.</p>\n";
        List<LocalDate> dates = new ArrayList<>();
        double lo = 0, hi = 1;
        for (JsonNode p : points) {
            dates.add(LocalDate.parse(p.get("date").asText()));
            double m = p.path("mean").asDouble(Double.NaN);
            if (Double.isFinite(m)) {
                lo = Math.min(lo, Math.floor(m * 10) / 10);
                hi = Math.max(hi, Math.ceil(m * 10) / 10);
            }
        }
        LocalDate d0 = dates.get(0).withDayOfYear(1), d1 = dates.get(dates.size() - 1).plusYears(1).withDayOfYear(1);
        double span = Math.max(1, ChronoUnit.DAYS.between(d0, d1));
        double ylo = lo, yhi = hi;
        java.util.function.DoubleUnaryOperator y = v -> T + (H - T - B) * (yhi - v) / (yhi - ylo);
        java.util.function.Function<LocalDate, Double> x = d -> L + (W - L - R) * ChronoUnit.DAYS.between(d0, d) / span;
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"10\">\n");
        for (double v = ylo; v <= yhi + 1e-9; v += 0.2) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", L, W - R, y.applyAsDouble(v), y.applyAsDouble(v)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n", L - 4, y.applyAsDouble(v) + 3, v));
        }
        int years = d1.getYear() - d0.getYear(), step = years > 12 ? 2 : 1;
        for (int yr = d0.getYear(); yr <= d1.getYear(); yr += step) {
            double xx = x.apply(LocalDate.of(yr, 1, 1));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", xx, xx, T, H - B));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", xx, H - B + 14, yr));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", L, T, W - L - R, H - T - B));

        // the trend and its band
        JsonNode t = series.get("trend");
        List<LocalDate> ok = new ArrayList<>();
        for (JsonNode p : points) if ("ok".equals(p.path("quality").asText())) ok.add(LocalDate.parse(p.get("date").asText()));
        boolean trend = t != null && t.path("slopePerYear").isNumber() && t.path("interceptValue").isNumber() && t.path("startDate").isTextual() && ok.size() > 1;
        if (trend) {
            LocalDate start = LocalDate.parse(t.get("startDate").asText()), end = ok.get(ok.size() - 1);
            double slope = t.get("slopePerYear").asDouble(), b0 = t.get("interceptValue").asDouble();
            double tEnd = ChronoUnit.DAYS.between(start, end) / 365.25, tMid = tEnd / 2;
            if (t.path("slopeLowerPerYear").isNumber() && t.path("slopeUpperPerYear").isNumber()) {
                double sl = t.get("slopeLowerPerYear").asDouble(), su = t.get("slopeUpperPerYear").asDouble();
                double mid = b0 + slope * tMid;
                double[][] c = {{0, mid - sl * tMid}, {tEnd, mid + sl * (tEnd - tMid)}, {tEnd, mid + su * (tEnd - tMid)}, {0, mid - su * tMid}};
                s.append("<polygon class=\"trend-band\" fill=\"#e66101\" fill-opacity=\"0.15\" stroke=\"none\" points=\"");
                for (double[] q : c) {
                    s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.apply(start.plusDays(Math.round(q[0] * 365.25))), y.applyAsDouble(clamp(q[1], ylo, yhi))));
                }
                s.append("\"/>\n");
            }
            s.append(String.format(Locale.ROOT, "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e66101\" stroke-width=\"2\"/>\n",
                    x.apply(start), y.applyAsDouble(clamp(b0, ylo, yhi)), x.apply(end), y.applyAsDouble(clamp(b0 + slope * tEnd, ylo, yhi))));
        }

        // a reference's mean, when the series carries one per point
        String refField = firstField(points, "referenceMean", "reference");
        if (refField != null) {
            s.append("<polyline class=\"reference\" fill=\"none\" stroke=\"#5e3c99\" stroke-dasharray=\"5,3\" stroke-width=\"1.5\" points=\"");
            for (JsonNode p : points) {
                double v = number(p.get(refField));
                if (Double.isFinite(v)) s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.apply(LocalDate.parse(p.get("date").asText())), y.applyAsDouble(v)));
            }
            s.append("\"/>\n");
        }
        // green fraction, then the mean with its interval when given
        for (JsonNode p : points) {
            double g = p.path("greenFraction").asDouble(Double.NaN);
            if (!Double.isFinite(g)) continue;
            double xx = x.apply(LocalDate.parse(p.get("date").asText()));
            s.append(String.format(Locale.ROOT, "<rect class=\"green\" x=\"%.1f\" y=\"%.1f\" width=\"5\" height=\"5\" fill=\"#1a9850\" fill-opacity=\"0.6\"/>\n",
                    xx - 2.5, y.applyAsDouble(g) - 2.5));
        }
        int bars = 0;
        for (JsonNode p : points) {
            double m = p.path("mean").asDouble(Double.NaN);
            if (!Double.isFinite(m)) continue;
            double xx = x.apply(LocalDate.parse(p.get("date").asText()));
            double[] ci = interval(p);
            if (ci != null) {
                bars++;
                s.append(String.format(Locale.ROOT, "<line class=\"error-bar\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2166ac\"/>\n",
                        xx, xx, y.applyAsDouble(clamp(ci[0], ylo, yhi)), y.applyAsDouble(clamp(ci[1], ylo, yhi))));
            }
            boolean okPoint = "ok".equals(p.path("quality").asText());
            s.append(String.format(Locale.ROOT, "<circle class=\"mean\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" stroke=\"#2166ac\"/>\n",
                    xx, y.applyAsDouble(m), okPoint ? "#2166ac" : "#ffffff"));
        }
        // legend
        int lx = L + 8, ly = H - 12;
        s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"#2166ac\"/><text x=\"%d\" y=\"%d\">mean NDVI (hollow: low clear fraction)%s</text>",
                lx, ly - 3, lx + 8, ly, bars > 0 ? " with interval" : ""));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"5\" height=\"5\" fill=\"#1a9850\"/><text x=\"%d\" y=\"%d\">green fraction</text>",
                lx + 270, ly - 6, lx + 280, ly));
        if (trend) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#e66101\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">Theil–Sen trend, slope 95 %% band</text>",
                    lx + 380, lx + 400, ly - 3, ly - 3, lx + 404, ly));
        }
        if (refField != null) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#5e3c99\" stroke-dasharray=\"5,3\"/><text x=\"%d\" y=\"%d\">reference</text>",
                    lx + 600, lx + 620, ly - 3, ly - 3, lx + 624, ly));
        }
        return s.append("\n</svg>\n").toString();
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    /** The first of {@code names} that some point carries as a number (or an object with a mean). */
    private static String firstField(JsonNode points, String... names) {
        for (String n : names) for (JsonNode p : points) if (Double.isFinite(number(p.get(n)))) return n;
        return null;
    }

    private static double number(JsonNode v) {
        if (v == null) return Double.NaN;
        if (v.isNumber()) return v.asDouble();
        if (v.isObject() && v.path("mean").isNumber()) return v.get("mean").asDouble();
        return Double.NaN;
    }

    /**
     * The interval of a point's mean when the series carries one: {@code uncertainty.lower95}/{@code upper95} (the
     * series' spatial-autocorrelation interval), else a field whose name has {@code ci} or {@code interval}
     * holding [low, high] or {low|lower, high|upper}, or a pair {@code <prefix>Low}/{@code <prefix>High} on the mean.
     */
    static double[] interval(JsonNode p) {
        JsonNode u = p.path("uncertainty");
        if (u.path("lower95").isNumber() && u.path("upper95").isNumber()) return new double[] {u.get("lower95").asDouble(), u.get("upper95").asDouble()};
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = f.getValue();
            if (!(k.contains("ci") || k.contains("interval"))) continue;
            if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) return new double[] {v.get(0).asDouble(), v.get(1).asDouble()};
            if (v.isObject()) {
                JsonNode a = v.has("low") ? v.get("low") : v.get("lower"), b = v.has("high") ? v.get("high") : v.get("upper");
                if (a != null && b != null && a.isNumber() && b.isNumber()) return new double[] {a.asDouble(), b.asDouble()};
            }
        }
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.startsWith("mean") && k.endsWith("Low")) {
                String hiKey = k.substring(0, k.length() - 3) + "High";
                if (p.path(k).isNumber() && p.path(hiKey).isNumber()) return new double[] {p.get(k).asDouble(), p.get(hiKey).asDouble()};
            }
        }
        return null;
    }
}
