package greencover.core.series;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reduces dated observations to one value per calendar year.
 *
 * <ul>
 *   <li>{@link #annualMax}: the maximum-value composite (Holben 1986, IJRS 7(11):1417–1434), which suppresses
 *       residual cloud and shadow because they lower NDVI; dated on the day of the maximum (the earliest such
 *       day on ties, values within a relative 1e-9 being ties as in the trend statistics, {@link Ties}), so a trend sees when the peak actually occurred.</li>
 *   <li>{@link #annualMedian}: robust to single bright-NIR artefacts; dated July 1, the middle of the year,
 *       because a median has no single observation date.</li>
 * </ul>
 * NaN values are skipped; years without a non-NaN value are left out. Results are in ascending year order;
 * the input need not be sorted.
 */
public final class Composites {

    private Composites() {}

    /**
     * Computes the annual maximum of {@code values} observed on {@code dates}.
     *
     * @throws IllegalArgumentException naming {@code dates} or {@code values} when null, of different
     *         lengths, or when a date is null
     */
    public static List<CompositeValue> annualMax(LocalDate[] dates, double[] values) {
        List<CompositeValue> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : byYear(dates, values).entrySet()) {
            int best = -1;
            for (int i : e.getValue()) {
                if (best < 0) {
                    best = i;
                } else if (Ties.tied(values[i], values[best])) {
                    if (dates[i].isBefore(dates[best])) best = i;
                } else if (values[i] > values[best]) {
                    best = i;
                }
            }
            out.add(new CompositeValue(e.getKey(), dates[best], values[best], e.getValue().size()));
        }
        return List.copyOf(out);
    }

    /**
     * Computes the annual median of {@code values} observed on {@code dates} (mean of the two middle values
     * for an even count), dated July 1.
     *
     * @throws IllegalArgumentException as {@link #annualMax}
     */
    public static List<CompositeValue> annualMedian(LocalDate[] dates, double[] values) {
        List<CompositeValue> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : byYear(dates, values).entrySet()) {
            List<Integer> idx = e.getValue();
            double[] v = new double[idx.size()];
            for (int k = 0; k < v.length; k++) v[k] = values[idx.get(k)];
            out.add(new CompositeValue(e.getKey(), LocalDate.of(e.getKey(), 7, 1), Medians.ofInPlace(v, v.length), v.length));
        }
        return List.copyOf(out);
    }

    private static TreeMap<Integer, List<Integer>> byYear(LocalDate[] dates, double[] values) {
        if (dates == null) throw new IllegalArgumentException("dates must not be null");
        if (values == null) throw new IllegalArgumentException("values must not be null");
        if (dates.length != values.length) {
            throw new IllegalArgumentException("values must have one value per date (" + dates.length + ") but has "
                    + values.length);
        }
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < dates.length; i++) {
            if (dates[i] == null) throw new IllegalArgumentException("dates must not contain null (index " + i + ")");
            if (!Double.isNaN(values[i])) groups.computeIfAbsent(dates[i].getYear(), y -> new ArrayList<>()).add(i);
        }
        return groups;
    }
}
