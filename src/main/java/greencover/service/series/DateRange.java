package greencover.service.series;

import greencover.service.error.InvalidInputException;
import java.time.LocalDate;

/**
 * An inclusive range of acquisition dates; a null bound is open ({@link #ALL} has neither).
 *
 * @param from the first date included, or null
 * @param to   the last date included, or null
 * @throws InvalidInputException (field {@code from}) when both bounds are given and {@code from} is after {@code to}
 */
public record DateRange(LocalDate from, LocalDate to) {
    /** Every date. */
    public static final DateRange ALL = new DateRange(null, null);

    public DateRange {
        if (from != null && to != null && from.isAfter(to)) {
            throw InvalidInputException.invalid("from", "from " + from + " is after to " + to);
        }
    }
}
