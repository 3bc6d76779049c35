/**
 * Alerts on sites: the rules ({@link greencover.service.alert.AlertRules}) and their evaluation over a site's series
 * ({@link greencover.service.alert.AlertConditions}), the episodes they open and clear and the webhooks told of them
 * ({@link greencover.service.alert.AlertService}, {@link greencover.service.alert.Webhooks}).
 */
package greencover.service.alert;
