package greencover.service.alert;

import greencover.service.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert rules and their documented defaults. Every rule is on for every site unless its settings say
 * {@code enabled: false}; every parameter is a number.
 * <ul>
 *   <li>{@value #TREND}: the Theil–Sen trend of the clear observations' mean index over the last {@code years} years
 *       (default 3, counted back from the latest clear observation) is negative with a Mann–Kendall two-sided p below
 *       {@code p} (default 0.05), on at least 4 observations;</li>
 *   <li>{@value #BELOW_BASELINE}: the last {@code k} clear observations (default 3) are each below the site's own
 *       seasonal baseline by more than {@code margin} (default 0.1 index units); the baseline of an observation is
 *       the median of the clear observations of the same calendar month in the other years;</li>
 *   <li>{@value #ANNUAL_DROP}: the annual composite (each year's median of its clear observations' mean, as the
 *       series' annual-median composite) of the latest year is below the previous year with data by more than
 *       {@code drop} (default 0.1);</li>
 *   <li>{@value #NO_CLEAR}: no clear observation for {@code days} days (default 90) before the evaluation, on a site
 *       that has observations.</li>
 * </ul>
 */
public final class AlertRules {
    public static final String TREND = "negativeTrend";
    public static final String BELOW_BASELINE = "belowBaseline";
    public static final String ANNUAL_DROP = "annualDrop";
    public static final String NO_CLEAR = "noClearObservation";
    public static final String ENABLED = "enabled";
    /** Every rule with its parameters' defaults, in the order rules are evaluated and listed. */
    public static final Map<String, Map<String, Double>> DEFAULTS = defaults();

    private AlertRules() {}

    private static Map<String, Map<String, Double>> defaults() {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        m.put(TREND, ordered(ENABLED, 1, "years", 3, "p", 0.05));
        m.put(BELOW_BASELINE, ordered(ENABLED, 1, "k", 3, "margin", 0.1));
        m.put(ANNUAL_DROP, ordered(ENABLED, 1, "drop", 0.1));
        m.put(NO_CLEAR, ordered(ENABLED, 1, "days", 90));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Double> ordered(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The rules in effect: the defaults with {@code stored} (per rule, the parameters given) over them. */
    public static Map<String, Map<String, Double>> effective(Map<String, Map<String, Double>> stored) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (var e : DEFAULTS.entrySet()) {
            Map<String, Double> p = new LinkedHashMap<>(e.getValue());
            if (stored != null && stored.get(e.getKey()) != null) p.putAll(stored.get(e.getKey()));
            out.put(e.getKey(), p);
        }
        return out;
    }

    /**
     * Checks rule parameters as given (rule name → parameter → value: a number, or a boolean for {@code enabled});
     * returns them as numbers.
     *
     * @throws InvalidInputException {@code unknown_rule} / {@code unknown_parameter} (field {@code rules.<rule>} /
     *         {@code rules.<rule>.<parameter>}) or {@code invalid_field} for a value out of its range
     */
    public static Map<String, Map<String, Double>> check(Map<String, Map<String, Object>> given) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (given == null) return out;
        for (var r : given.entrySet()) {
            String rule = r.getKey();
            Map<String, Double> defaults = DEFAULTS.get(rule);
            if (defaults == null) {
                throw new InvalidInputException("unknown_rule", "rules." + rule, "unknown alert rule '" + rule + "'; the rules are " + DEFAULTS.keySet());
            }
            Map<String, Double> params = new LinkedHashMap<>();
            for (var p : (r.getValue() == null ? Map.<String, Object>of() : r.getValue()).entrySet()) {
                String field = "rules." + rule + "." + p.getKey();
                if (!defaults.containsKey(p.getKey())) {
                    throw new InvalidInputException("unknown_parameter", field, "rule " + rule + " has no parameter '" + p.getKey()
                            + "'; its parameters are " + defaults.keySet());
                }
                params.put(p.getKey(), value(rule, p.getKey(), p.getValue(), field));
            }
            out.put(rule, params);
        }
        return out;
    }

    private static double value(String rule, String param, Object v, String field) {
        if (param.equals(ENABLED)) {
            if (v instanceof Boolean b) return b ? 1 : 0;
            throw new InvalidInputException("invalid_field", field, field + " must be true or false but was " + v);
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new InvalidInputException("invalid_field", field, field + " must be a number but was " + v);
        }
        double x = n.doubleValue();
        boolean ok = switch (param) {
            case "years" -> x >= 1 && x <= 50;
            case "p" -> x > 0 && x < 1;
            case "k" -> x >= 1 && x <= 100 && x == Math.rint(x);
            case "margin", "drop" -> x > 0 && x <= 2;
            case "days" -> x >= 1 && x <= 3660 && x == Math.rint(x);
            default -> true;
        };
        if (!ok) throw new InvalidInputException("invalid_field", field, field + " is out of range: " + x + " (" + RANGES.get(param) + ")");
        return x;
    }

    private static final Map<String, String> RANGES = Map.of("years", "1 to 50", "p", "between 0 and 1", "k", "a whole number 1 to 100",
            "margin", "above 0, at most 2", "drop", "above 0, at most 2", "days", "a whole number 1 to 3660");

    /** The rule names, in order. */
    public static List<String> names() { return List.copyOf(DEFAULTS.keySet()); }
}
