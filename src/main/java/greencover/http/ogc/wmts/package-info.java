/**
 * WMTS 1.0.0, KVP at {@code /wmts} and RESTful under {@code /wmts/1.0.0/}: capabilities, tiles, feature info, and
 * the WMTS error table ({@link greencover.http.ogc.wmts.WmtsErrors}).
 */
package greencover.http.ogc.wmts;
