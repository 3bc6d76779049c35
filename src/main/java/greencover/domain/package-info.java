/**
 * The stored things of GreenCover as plain values: a {@link greencover.domain.Site} polygon, an ingested
 * {@link greencover.domain.Scene} and the {@link greencover.domain.SummaryRow} of one site over one scene.
 * Every layer may read them (service, store, http); they depend on nothing but {@code core} and JTS, so
 * that {@code http} can show them without importing {@code store} and {@code store} can keep them without
 * importing {@code service}.
 */
package greencover.domain;
