/**
 * Admission of memory-heavy work: {@link greencover.service.admission.MemoryBudget} (bytes reserved by uncached
 * map renders, ingests and ad-hoc statistics while they run, with a short bounded wait and then
 * {@link greencover.service.error.OverloadedException}) and {@link greencover.service.admission.IngestQueue} (a
 * fixed number of running ingests plus a bounded number waiting, then
 * {@link greencover.service.error.QueueFullException}). Both are instances owned by {@code app.Services}; nothing
 * here is static or mutable across instances. Imports only {@code service.error} and the JDK.
 */
package greencover.service.admission;
