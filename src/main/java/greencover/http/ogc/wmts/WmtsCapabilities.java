package greencover.http.ogc.wmts;

import greencover.http.ogc.MapResponses;
import greencover.http.ogc.XmlWriter;
import greencover.core.tiles.TileMatrixSet;
import greencover.service.map.MapLayer;
import greencover.service.map.MapStyle;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the WMTS 1.0.0 capabilities document: OWS service identification, provider and operations metadata
 * (KVP and RESTful), one Layer per map layer with styles, legend, time dimension, links to both tile matrix
 * sets and REST resource URL templates, and the {@code WebMercatorQuad} and {@code WorldCRS84Quad} sets.
 */
public final class WmtsCapabilities {
    private final String baseUrl;
    private final List<MapLayer> layers;

    /** @param baseUrl scheme://host[:port] of the server, without trailing slash */
    public WmtsCapabilities(String baseUrl, List<MapLayer> layers) {
        this.baseUrl = baseUrl;
        this.layers = List.copyOf(layers);
    }

    /** The REST tile URL template of a layer ({@code withTime}: with a {Time} segment). */
    public String tileTemplate(String layer, boolean withTime) {
        return baseUrl + "/wmts/1.0.0/" + layer + "/{Style}/" + (withTime ? "{Time}/" : "")
                + "{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png";
    }

    public byte[] toBytes() {
        XmlWriter x = new XmlWriter();
        x.start("Capabilities", "xmlns", "http://www.opengis.net/wmts/1.0", "xmlns:ows",
                "http://www.opengis.net/ows/1.1", "xmlns:xlink", "http://www.w3.org/1999/xlink", "xmlns:xsi",
                "http://www.w3.org/2001/XMLSchema-instance", "xmlns:gml", "http://www.opengis.net/gml",
                "xsi:schemaLocation", "http://www.opengis.net/wmts/1.0 "
                        + "http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd",
                "version", "1.0.0");
        x.start("ows:ServiceIdentification");
        x.text("ows:Title", "GreenCover vegetation tiles");
        x.text("ows:Abstract", "Vegetation index and green-cover tiles of restoration sites, per acquisition date.");
        x.text("ows:ServiceType", "OGC WMTS");
        x.text("ows:ServiceTypeVersion", "1.0.0");
        x.text("ows:Fees", "none");
        x.text("ows:AccessConstraints", "none");
        x.end();
        x.start("ows:ServiceProvider");
        x.text("ows:ProviderName", "GreenCover");
        x.empty("ows:ProviderSite", "xlink:href", baseUrl + "/");
        x.start("ows:ServiceContact").end();
        x.end();
        x.start("ows:OperationsMetadata");
        operation(x, "GetCapabilities", baseUrl + "/wmts/1.0.0/WMTSCapabilities.xml");
        operation(x, "GetTile", baseUrl + "/wmts/1.0.0/");
        operation(x, "GetFeatureInfo", null);
        x.end();
        x.start("Contents");
        for (MapLayer layer : layers) layer(x, layer);
        for (TileMatrixSet tms : MATRIX_SETS) matrixSet(x, tms);
        x.end();
        x.empty("ServiceMetadataURL", "xlink:href", baseUrl + "/wmts/1.0.0/WMTSCapabilities.xml");
        x.end();
        return x.toBytes();
    }

    private void operation(XmlWriter x, String name, String restUrl) {
        x.start("ows:Operation", "name", name);
        x.start("ows:DCP").start("ows:HTTP");
        get(x, baseUrl + "/wmts?", "KVP");
        if (restUrl != null) get(x, restUrl, "RESTful");
        x.end().end();
        x.end();
    }

    private static void get(XmlWriter x, String href, String encoding) {
        x.start("ows:Get", "xlink:href", href);
        x.start("ows:Constraint", "name", "GetEncoding");
        x.start("ows:AllowedValues");
        x.text("ows:Value", encoding);
        x.end().end().end();
    }

    private void layer(XmlWriter x, MapLayer layer) {
        x.start("Layer");
        x.text("ows:Title", layer.title());
        x.text("ows:Abstract", layer.abstractText());
        double[] b = layer.wgs84Bounds();
        if (b != null && b.length == 4) {
            x.start("ows:WGS84BoundingBox", "crs", "urn:ogc:def:crs:OGC:2:84");
            x.text("ows:LowerCorner", b[0] + " " + b[1]);
            x.text("ows:UpperCorner", b[2] + " " + b[3]);
            x.end();
        }
        x.text("ows:Identifier", layer.name());
        boolean first = true;
        for (MapStyle style : layer.styles()) {
            x.start("Style", "isDefault", Boolean.toString(first));
            x.text("ows:Title", style.title());
            x.text("ows:Identifier", style.name());
            x.empty("LegendURL", "format", "image/png", "xlink:href",
                    MapResponses.legendUrl(baseUrl + "/wms", "1.3.0", layer.name(), style.name()));
            x.end();
            first = false;
        }
        x.text("Format", "image/png");
        if (layer.queryable()) x.text("InfoFormat", "application/json");
        boolean temporal = !layer.dates().isEmpty();
        if (temporal) {
            x.start("Dimension");
            x.text("ows:Identifier", "Time");
            x.text("Default", String.valueOf(layer.defaultDate() != null ? layer.defaultDate()
                    : layer.dates().get(layer.dates().size() - 1)));
            for (LocalDate d : layer.dates()) x.text("Value", d);
            x.end();
        }
        for (TileMatrixSet tms : MATRIX_SETS) {
            x.start("TileMatrixSetLink");
            x.text("TileMatrixSet", tms.id());
            x.end();
        }
        x.empty("ResourceURL", "format", "image/png", "resourceType", "tile", "template",
                tileTemplate(layer.name(), temporal));
        x.end();
    }

    /** The sets advertised, and how deep their matrices are listed (tiles are served to each set's maximum zoom). */
    private static final java.util.List<TileMatrixSet> MATRIX_SETS =
            java.util.List.of(TileMatrixSet.WEB_MERCATOR_QUAD, TileMatrixSet.WORLD_CRS84_QUAD);
    private static final int MAX_LISTED_ZOOM = 18;

    private static void matrixSet(XmlWriter x, TileMatrixSet tms) {
        x.start("TileMatrixSet");
        x.text("ows:Identifier", tms.id());
        // WMTS 1.0 clients expect URNs; WorldCRS84Quad's z0 (2 x 1 tiles) is not GoogleCRS84Quad's, so only
        // WebMercatorQuad names its well-known scale set
        x.text("ows:SupportedCRS", tms.crsCode().equals("CRS:84") ? "urn:ogc:def:crs:OGC:1.3:CRS84"
                : "urn:ogc:def:crs:" + tms.crsCode().replace(":", "::"));
        x.text("WellKnownScaleSet", tms == TileMatrixSet.WEB_MERCATOR_QUAD ? tms.wellKnownScaleSet() : null);
        String topLeft = BigDecimal.valueOf(tms.extent().minX()).stripTrailingZeros().toPlainString() + " "
                + BigDecimal.valueOf(tms.extent().maxY()).stripTrailingZeros().toPlainString();
        for (int z = 0; z <= MAX_LISTED_ZOOM; z++) {
            x.start("TileMatrix");
            x.text("ows:Identifier", z);
            x.text("ScaleDenominator", BigDecimal.valueOf(tms.scaleDenominator(z)).toPlainString());
            x.text("TopLeftCorner", topLeft);
            x.text("TileWidth", tms.tileSize());
            x.text("TileHeight", tms.tileSize());
            x.text("MatrixWidth", tms.matrixWidth(z));
            x.text("MatrixHeight", tms.matrixHeight(z));
            x.end();
        }
        x.end();
    }
}
