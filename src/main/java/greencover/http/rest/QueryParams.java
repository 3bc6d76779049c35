package greencover.http.rest;

import greencover.service.error.InvalidInputException;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Typed query parameters of the REST API; a blank or absent parameter is null, a malformed one an error naming it. */
final class QueryParams {
    private QueryParams() {}

    /**
     * An ISO date ({@code YYYY-MM-DD}) or a date-time with offset (its local date), or null.
     *
     * @throws InvalidInputException {@code invalid_field} naming the parameter
     */
    static LocalDate date(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return v.length() == 10 ? LocalDate.parse(v) : OffsetDateTime.parse(v).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("invalid_field", name, name + " must be an ISO date (YYYY-MM-DD) or date-time with offset but was '" + v + "'");
        }
    }

    /**
     * A finite number, or null.
     *
     * @throws InvalidInputException {@code invalid_field} naming the parameter
     */
    static Double number(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid_field", name, name + " must be a number but was '" + v + "'");
        }
    }
}
