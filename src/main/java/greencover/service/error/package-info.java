/**
 * The application layer's failure vocabulary: {@link greencover.service.error.GreenCoverException} with a stable
 * machine code and the field at fault, and one subclass per kind of failure (invalid input, no such resource,
 * conflict, payload too large, store unavailable, overloaded, queue full). Protocol-free: each surface in {@code http} maps the kinds to
 * its statuses in one table.
 */
package greencover.service.error;
