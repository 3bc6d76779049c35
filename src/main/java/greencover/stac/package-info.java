/**
 * STAC items read into plain records ({@link greencover.stac.StacItem}), and the collection profiles that map an
 * item's assets and properties to band roles, a sensor and its offset rule ({@link greencover.stac.CollectionProfiles}).
 * The JSON wire format stays here (as GeoJSON stays in {@code geojson}); the services read the records.
 */
package greencover.stac;
