package greencover.service.series;

import greencover.service.error.InvalidInputException;

/**
 * The months of the year a series takes observations from, {@code first} to {@code last} inclusive (1 = January),
 * e.g. the growing season 5–9. A window that wraps the year end (11–3) is refused: a wrapped season belongs to two
 * calendar years, and composites are per calendar year; ask for 11–12 and 1–3 separately.
 *
 * @throws InvalidInputException (field {@code months}) when a month is outside 1–12 or {@code first > last}
 */
public record MonthWindow(int first, int last) {
    /** Every month. */
    public static final MonthWindow ALL = new MonthWindow(1, 12);

    public MonthWindow {
        if (first < 1 || first > 12 || last < 1 || last > 12) {
            throw InvalidInputException.invalid("months", "months must be within 1-12 but was " + first + "-" + last);
        }
        if (first > last) {
            throw InvalidInputException.invalid("months", "months " + first + "-" + last + " wraps the year end, which is not "
                    + "supported (composites are per calendar year): ask for " + first + "-12 and 1-" + last + " separately");
        }
    }

    /** Whether month {@code m} (1–12) is in the window. */
    public boolean contains(int m) { return m >= first && m <= last; }

    /** The month a composite of the window is dated in (the 1st of it): July for the whole year, else the middle month. */
    public int middleMonth() { return (first + last + 1) / 2; }

    /**
     * Parses {@code 5-9} or a single month {@code 7}; null or blank is {@link #ALL}.
     *
     * @throws InvalidInputException (field {@code months}) when malformed or out of range
     */
    public static MonthWindow parse(String s) {
        if (s == null || s.isBlank()) return ALL;
        String t = s.trim();
        try {
            int dash = t.indexOf('-');
            if (dash < 0) {
                int m = Integer.parseInt(t);
                return new MonthWindow(m, m);
            }
            return new MonthWindow(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw InvalidInputException.invalid("months", "months must be like 5-9 (first-last month, 1-12) but was '" + s + "'");
        }
    }

    @Override
    public String toString() { return first == last ? Integer.toString(first) : first + "-" + last; }
}
