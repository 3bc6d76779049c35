/**
 * Imports and watches from STAC APIs: a search over the sites ({@link greencover.service.source.StacSearchClient}),
 * each found item ingested in place ({@link greencover.service.source.StacScenes}), the progress kept in the catalog
 * so that an import survives a restart ({@link greencover.service.imports.ImportService}), and sites' watches that
 * run such an import every so often ({@link greencover.service.imports.WatchService}).
 */
package greencover.service.imports;
