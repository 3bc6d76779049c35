package greencover.service.map;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Objects;

/**
 * A closed interval of dates selected by a TIME value: a single date ({@code 2024-06-15}, also written as a
 * date-time whose date is used), a reduced-accuracy period ({@code 2024} = the year, {@code 2024-06} = the
 * month) or a range {@code start/end} of either (from the first day of start to the last day of end; an ISO
 * period resolution as third part is ignored).
 */
public record TimePeriod(LocalDate start, LocalDate end, boolean singleDate) {

    public TimePeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) throw new IllegalArgumentException("end must not precede start: " + start + "/" + end);
    }

    public static TimePeriod of(LocalDate date) { return new TimePeriod(date, date, true); }

    public boolean contains(LocalDate d) { return !d.isBefore(start) && !d.isAfter(end); }

    /** Parses a TIME value; MapException InvalidDimensionValue when malformed. */
    public static TimePeriod parse(String value) {
        String v = value == null ? "" : value.trim();
        String[] parts = v.split("/", -1);
        if (parts.length == 1) return parseOne(parts[0]);
        if (parts.length > 3 || (parts.length == 3 && !parts[2].trim().startsWith("P"))) {
            throw invalid(value, "expected start/end");
        }
        TimePeriod a = parseOne(parts[0]), b = parseOne(parts[1]);
        if (b.end.isBefore(a.start)) throw invalid(value, "end precedes start");
        return new TimePeriod(a.start, b.end, false);
    }

    /** Parses one date or reduced-accuracy period (no '/'). */
    public static TimePeriod parseOne(String value) {
        String v = value == null ? "" : value.trim();
        try {
            if (v.matches("\\d{4}")) {
                int y = Integer.parseInt(v);
                return new TimePeriod(LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31), false);
            }
            if (v.matches("\\d{4}-\\d{2}")) {
                YearMonth ym = YearMonth.parse(v);
                return new TimePeriod(ym.atDay(1), ym.atEndOfMonth(), false);
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) return of(LocalDate.parse(v));
            if (v.matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
                try {
                    return of(OffsetDateTime.parse(v).toLocalDate());
                } catch (DateTimeException e) {
                    return of(java.time.LocalDateTime.parse(v).toLocalDate());
                }
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw invalid(value, e.getMessage());
        }
        throw invalid(value, "expected a date (2024-06-15), a month (2024-06), a year (2024) or start/end");
    }

    private static MapException invalid(String value, String why) {
        return new MapException(MapException.INVALID_DIMENSION_VALUE, "time",
                "TIME value '" + value + "' is not valid: " + why);
    }
}
