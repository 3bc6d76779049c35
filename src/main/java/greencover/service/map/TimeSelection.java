package greencover.service.map;

import greencover.service.map.MapRequestException.Reason;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which dates a map shows, parsed once from a TIME value for one layer. This is the whole TIME grammar of the
 * map services (WMS, WMTS and XYZ share it):
 * <ul>
 *   <li>absent, blank, {@code current} or {@code latest}: {@link Latest}, the layer's default;
 *   <li>one value: a date ({@code 2024-06-15}, also as a date-time whose date is used), a month ({@code 2024-06})
 *       or a year ({@code 2024});
 *   <li>an interval {@code a/b} of two such values, optionally followed by an ISO period resolution
 *       ({@code /P1D}, ignored).
 * </ul>
 * For a {@link Mode#PERIOD} layer one value or an interval is a {@link Period} from the first day of a to the last
 * day of b, so {@code 2024} and {@code 2024-01-01/2024-12-31} are the same selection (and the same cache key).
 * For a {@link Mode#CHANGE} layer {@code a/b} is the {@link Change} from a to b and a single value b the change
 * from the layer's first date to b. Values are records: equal selections are equal and have equal {@link #key}s.
 */
public sealed interface TimeSelection permits TimeSelection.Latest, TimeSelection.Period, TimeSelection.Change {

    /** How a layer reads TIME: one period composited per pixel, or the change between two periods. */
    enum Mode { PERIOD, CHANGE }

    /** The layer's default: its latest date, or for a change layer its first date to its latest date. */
    record Latest() implements TimeSelection {
        @Override public String key() { return "latest"; }
    }

    /** The closed interval of dates [start, end] (start = end for one date). */
    record Period(LocalDate start, LocalDate end) implements TimeSelection {
        public Period {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (end.isBefore(start)) throw new IllegalArgumentException("end must not precede start: " + start + "/" + end);
        }

        /** The period of one date. */
        public static Period of(LocalDate date) { return new Period(date, date); }

        public boolean contains(LocalDate d) { return !d.isBefore(start) && !d.isAfter(end); }

        /** True when the period is one date. */
        public boolean singleDate() { return start.equals(end); }

        @Override public String key() { return singleDate() ? start.toString() : start + "/" + end; }
    }

    /** Period {@code to} minus period {@code from}; {@code from} null means the layer's first date. */
    record Change(Period from, Period to) implements TimeSelection {
        public Change {
            Objects.requireNonNull(to, "to");
        }

        @Override public String key() { return (from == null ? "first" : from.key()) + ">" + to.key(); }
    }

    /** The default selection. */
    Latest LATEST = new Latest();

    /** A canonical text of the selection, for cache keys: equal selections have equal keys. */
    String key();

    /**
     * Parses {@code text} for a layer that reads TIME as {@code mode}.
     *
     * @param parameter the request parameter's name as the client wrote it ({@code TIME}, {@code time})
     * @throws MapRequestException {@link Reason#INVALID_TIME} when malformed
     */
    static TimeSelection parse(String text, Mode mode, String parameter) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("current") || t.equalsIgnoreCase("latest")) return LATEST;
        String[] parts = t.split("/", -1);
        if (mode == Mode.CHANGE) {
            if (parts.length == 1) return new Change(null, one(parts[0], text, parameter));
            if (parts.length != 2) {
                throw invalid(text, parameter, "a change layer needs TIME=a/b (two dates or periods) or b (the change"
                        + " since the first date)");
            }
            return new Change(one(parts[0], text, parameter), one(parts[1], text, parameter));
        }
        if (parts.length == 1) return one(parts[0], text, parameter);
        if (parts.length > 3 || (parts.length == 3 && !parts[2].trim().startsWith("P"))) {
            throw invalid(text, parameter, "expected start/end");
        }
        Period a = one(parts[0], text, parameter), b = one(parts[1], text, parameter);
        if (b.end().isBefore(a.start())) throw invalid(text, parameter, "end precedes start");
        return new Period(a.start(), b.end());
    }

    private static Period one(String value, String text, String parameter) {
        String v = value.trim();
        try {
            if (Grammar.YEAR.matcher(v).matches()) {
                int y = Integer.parseInt(v);
                return new Period(LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31));
            }
            if (Grammar.MONTH.matcher(v).matches()) {
                YearMonth ym = YearMonth.parse(v);
                return new Period(ym.atDay(1), ym.atEndOfMonth());
            }
            if (Grammar.DATE.matcher(v).matches()) return Period.of(LocalDate.parse(v));
            if (Grammar.DATE_TIME.matcher(v).matches()) {
                try {
                    return Period.of(OffsetDateTime.parse(v).toLocalDate());
                } catch (DateTimeException e) {
                    return Period.of(LocalDateTime.parse(v).toLocalDate());
                }
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw invalid(text, parameter, e.getMessage());
        }
        throw invalid(text, parameter, "expected a date (2024-06-15), a month (2024-06), a year (2024) or start/end");
    }

    private static MapRequestException invalid(String text, String parameter, String why) {
        return new MapRequestException(Reason.INVALID_TIME, parameter,
                "Invalid '" + parameter + "' parameter: '" + text + "' is not valid: " + why);
    }

    /** The lexical forms of one TIME value. */
    final class Grammar {
        static final Pattern YEAR = Pattern.compile("\\d{4}");
        static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
        static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
        static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");

        private Grammar() {}
    }
}
