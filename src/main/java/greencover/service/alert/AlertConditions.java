package greencover.service.alert;

import greencover.core.series.Trend;
import greencover.service.series.SeriesPoint;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether each rule of {@link AlertRules} holds over a site's observations (its series' points, date order): pure
 * functions of the points, the rule's parameters and the evaluation date.
 */
public final class AlertConditions {
    private AlertConditions() {}

    /** The outcome of one rule: whether it holds, on which observation, why, and the figure compared (NaN: none). */
    public record Condition(boolean holds, LocalDate observedOn, String detail, double value) {
        static Condition no(String detail) { return new Condition(false, null, detail, Double.NaN); }
    }

    /** Evaluates {@code rule} with {@code params} over {@code points} on {@code today}. */
    public static Condition evaluate(String rule, Map<String, Double> params, List<SeriesPoint> points, LocalDate today) {
        List<SeriesPoint> clear = new ArrayList<>();
        for (SeriesPoint p : points) if (p.isOk() && Double.isFinite(p.statistics().mean())) clear.add(p);
        return switch (rule) {
            case AlertRules.TREND -> trend(clear, params.get("years"), params.get("p"));
            case AlertRules.BELOW_BASELINE -> belowBaseline(clear, (int) Math.round(params.get("k")), params.get("margin"));
            case AlertRules.ANNUAL_DROP -> annualDrop(clear, params.get("drop"));
            case AlertRules.NO_CLEAR -> noClear(points, clear, (int) Math.round(params.get("days")), today);
            default -> throw new IllegalArgumentException("unknown rule " + rule);
        };
    }

    static Condition trend(List<SeriesPoint> clear, double years, double pMax) {
        if (clear.isEmpty()) return Condition.no("no clear observation");
        LocalDate last = clear.get(clear.size() - 1).date();
        LocalDate from = last.minusDays(Math.round(years * Trend.DAYS_PER_YEAR));
        List<LocalDate> dates = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SeriesPoint p : clear) {
            if (!p.date().isBefore(from)) {
                dates.add(p.date());
                values.add(p.statistics().mean());
            }
        }
        if (dates.size() < 4) return Condition.no(dates.size() + " clear observations in the last " + fmt(years) + " years (4 needed)");
        Trend t = Trend.of("mean", dates, values.stream().mapToDouble(Double::doubleValue).toArray());
        boolean holds = t.slopePerYear() < 0 && t.mannKendallP() < pMax;
        String detail = String.format(java.util.Locale.ROOT, "mean index trend over %s to %s: %+.4f/yr (Theil–Sen, Mann–Kendall p %.4f, n %d)",
                dates.get(0), last, t.slopePerYear(), t.mannKendallP(), t.n());
        return new Condition(holds, holds ? last : null, detail, t.slopePerYear());
    }

    static Condition belowBaseline(List<SeriesPoint> clear, int k, double margin) {
        if (clear.size() < k) return Condition.no("fewer than " + k + " clear observations");
        double deficit = Double.NaN;
        for (int i = clear.size() - k; i < clear.size(); i++) {
            SeriesPoint p = clear.get(i);
            double baseline = baseline(clear, p);
            if (Double.isNaN(baseline)) return Condition.no("no baseline for " + p.date() + " (no clear observation of its month in another year)");
            double below = baseline - p.statistics().mean();
            if (!(below > margin)) {
                return Condition.no(String.format(java.util.Locale.ROOT, "%s: mean %.4f, baseline %.4f (margin %s)", p.date(),
                        p.statistics().mean(), baseline, fmt(margin)));
            }
            deficit = below;
        }
        SeriesPoint last = clear.get(clear.size() - 1);
        return new Condition(true, last.date(), String.format(java.util.Locale.ROOT,
                "the last %d clear observations are below the seasonal baseline by more than %s (latest %s: %.4f below)", k, fmt(margin),
                last.date(), deficit), deficit);
    }

    /** The median mean of the clear observations of {@code p}'s calendar month in other years; NaN when none. */
    static double baseline(List<SeriesPoint> clear, SeriesPoint p) {
        double[] v = clear.stream().filter(o -> o.date().getMonth() == p.date().getMonth() && o.date().getYear() != p.date().getYear())
                .mapToDouble(o -> o.statistics().mean()).toArray();
        return median(v);
    }

    static Condition annualDrop(List<SeriesPoint> clear, double drop) {
        TreeMap<Integer, List<Double>> byYear = new TreeMap<>();
        for (SeriesPoint p : clear) byYear.computeIfAbsent(p.date().getYear(), y -> new ArrayList<>()).add(p.statistics().mean());
        if (byYear.size() < 2) return Condition.no("fewer than two years with clear observations");
        int last = byYear.lastKey(), prev = byYear.lowerKey(last);
        double now = median(byYear.get(last).stream().mapToDouble(Double::doubleValue).toArray());
        double before = median(byYear.get(prev).stream().mapToDouble(Double::doubleValue).toArray());
        double fell = before - now;
        boolean holds = fell > drop;
        String detail = String.format(java.util.Locale.ROOT, "annual composite (median of clear means) %d: %.4f, %d: %.4f (change %+.4f, alert below -%s)",
                prev, before, last, now, -fell, fmt(drop));
        return new Condition(holds, holds ? clear.get(clear.size() - 1).date() : null, detail, fell);
    }

    static Condition noClear(List<SeriesPoint> all, List<SeriesPoint> clear, int days, LocalDate today) {
        if (all.isEmpty()) return Condition.no("no observation yet");
        if (clear.isEmpty()) {
            return new Condition(true, all.get(all.size() - 1).date(), "no clear observation at all among " + all.size() + " observations", Double.NaN);
        }
        LocalDate last = clear.get(clear.size() - 1).date();
        long since = ChronoUnit.DAYS.between(last, today);
        boolean holds = since > days;
        return new Condition(holds, holds ? last : null, "the latest clear observation is of " + last + ", " + since + " days before " + today
                + " (alert after " + days + ")", since);
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String fmt(double x) { return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x); }
}
