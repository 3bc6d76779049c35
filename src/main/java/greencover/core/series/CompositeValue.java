package greencover.core.series;

import java.time.LocalDate;

/**
 * One composite of a period's observations.
 *
 * @param year  the calendar year composited
 * @param date  the date the value stands for: the date of the maximum observation for an annual maximum,
 *              July 1 of the year for an annual median
 * @param value the composite value
 * @param count number of non-NaN observations in the year
 */
public record CompositeValue(int year, LocalDate date, double value, int count) {}
