package greencover.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One episode of an alert condition on a site: opened when rule {@code rule} first held ({@code observedOn}: the date
 * of the observation that made it hold), open while it keeps holding, cleared ({@code clearedAt}) the first time an
 * evaluation finds it no longer holds. {@code detail} says why, for a human; {@code value} is the figure the rule
 * compared (NaN when none).
 */
public record Alert(String id, String siteId, String rule, LocalDate observedOn, Instant openedAt, Instant clearedAt,
                    String detail, double value) {

    public boolean isOpen() { return clearedAt == null; }

    /** This alert cleared at {@code at}. */
    public Alert cleared(Instant at) { return new Alert(id, siteId, rule, observedOn, openedAt, at, detail, value); }
}
