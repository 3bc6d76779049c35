package greencover.service.series;

import greencover.core.index.CoverClasses;
import greencover.core.series.CompositeValue;
import greencover.core.series.Composites;
import greencover.core.zonal.Statistic;
import greencover.core.zonal.ZonalStatistics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reduces a series to one point per calendar year through {@link Composites}. Only the <em>eligible</em> points
 * take part: the {@link SeriesPoint.Quality#OK ok} points whose trend metric is finite. Years without one are left
 * out; the result is in year order.
 * <ul>
 *   <li>{@link Composite#ANNUAL_MAX}: the eligible point with the largest metric, exactly as observed (its own date,
 *       scenes and statistics); on a tie the earliest date wins ({@link Composites#annualMax}).</li>
 *   <li>{@link Composite#ANNUAL_MEDIAN}: a point dated July 1 whose every statistic, and every class area, is the
 *       median of that value over the year's eligible points: the middle value for an odd count, the mean of the
 *       two middle values for an even count, NaN values skipped ({@link Composites#annualMedian}; NaN when all are
 *       NaN). Its scenes are those of the year's eligible points in date order, its sensor their distinct sensors
 *       joined by {@code +}, its quality ok. Each statistic is a median on its own, so the five fractions of such a
 *       point need not sum to 1.</li>
 * </ul>
 */
final class AnnualComposites {
    private AnnualComposites() {}

    /** The composite of {@code points} (in date order, one per date) on {@code metric}; {@code points} when NONE. */
    static List<SeriesPoint> of(List<SeriesPoint> points, Composite composite, Statistic metric) {
        if (composite == Composite.NONE || composite.isPerPixel()) return points;
        List<SeriesPoint> eligible = new ArrayList<>();
        for (SeriesPoint p : points) if (p.isOk() && Double.isFinite(metric.of(p.statistics()))) eligible.add(p);
        LocalDate[] dates = new LocalDate[eligible.size()];
        for (int i = 0; i < dates.length; i++) dates[i] = eligible.get(i).date();
        return composite == Composite.ANNUAL_MAX ? max(eligible, dates, metric) : median(eligible, dates);
    }

    private static List<SeriesPoint> max(List<SeriesPoint> eligible, LocalDate[] dates, Statistic metric) {
        Map<LocalDate, SeriesPoint> byDate = new HashMap<>();
        for (SeriesPoint p : eligible) byDate.put(p.date(), p);
        List<SeriesPoint> out = new ArrayList<>();
        for (CompositeValue v : Composites.annualMax(dates, values(eligible, metric))) out.add(byDate.get(v.date()));
        return out;
    }

    private static List<SeriesPoint> median(List<SeriesPoint> eligible, LocalDate[] dates) {
        TreeMap<Integer, List<SeriesPoint>> years = new TreeMap<>();
        for (SeriesPoint p : eligible) years.computeIfAbsent(p.date().getYear(), y -> new ArrayList<>()).add(p);
        Map<Integer, ZonalStatistics.Builder> builders = new HashMap<>();
        for (Integer y : years.keySet()) builders.put(y, ZonalStatistics.builder());
        for (Statistic s : Statistic.all()) {
            for (CompositeValue v : Composites.annualMedian(dates, values(eligible, s))) builders.get(v.year()).set(s, v.value());
        }
        Map<Integer, Map<String, Double>> classes = new HashMap<>();
        for (Integer y : years.keySet()) classes.put(y, new LinkedHashMap<>());
        for (String name : CoverClasses.NAMES) {
            double[] v = new double[eligible.size()];
            for (int i = 0; i < v.length; i++) v[i] = eligible.get(i).statistics().classAreasM2().getOrDefault(name, Double.NaN);
            for (Map<String, Double> m : classes.values()) m.put(name, Double.NaN);
            for (CompositeValue c : Composites.annualMedian(dates, v)) classes.get(c.year()).put(name, c.value());
        }
        List<SeriesPoint> out = new ArrayList<>();
        for (var e : years.entrySet()) {
            int year = e.getKey();
            List<String> scenes = new ArrayList<>();
            Set<String> sensors = new LinkedHashSet<>();
            for (SeriesPoint p : e.getValue()) {
                scenes.addAll(p.sceneIds());
                for (String s : p.sensor().split("\\+")) if (!s.isEmpty()) sensors.add(s);
            }
            ZonalStatistics st = builders.get(year).classAreasM2(classes.get(year)).build();
            out.add(new SeriesPoint(LocalDate.of(year, 7, 1), scenes, String.join("+", sensors), st, SeriesPoint.Quality.OK));
        }
        return out;
    }

    private static double[] values(List<SeriesPoint> points, Statistic s) {
        double[] v = new double[points.size()];
        for (int i = 0; i < v.length; i++) v[i] = s.of(points.get(i).statistics());
        return v;
    }
}
